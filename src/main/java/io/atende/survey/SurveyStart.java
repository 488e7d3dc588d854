package io.atende.survey;

import io.atende.journey.ConversationProcess;
import io.atende.journey.CorrelationKeys;
import io.atende.journey.ProtocolClosed;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the survey when an agent closes a protocol, in the transaction of the close (so a crash loses neither), with
 * the business key {@code <customer>@<number>} and ids only as variables; the model decides the rest (enabled, delay).
 */
@Component
class SurveyStart {

  private static final Logger log = LoggerFactory.getLogger(SurveyStart.class);

  private final RuntimeService runtimeService;
  private final RepositoryService repositoryService;

  SurveyStart(RuntimeService runtimeService, RepositoryService repositoryService) {
    this.runtimeService = runtimeService;
    this.repositoryService = repositoryService;
  }

  @EventListener
  void on(ProtocolClosed closed) {
    if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(SurveyProcess.KEY).withoutTenantId().count() == 0) {
      // an agent's close never fails for want of the survey model
      log.warn("No survey after protocol of conversation {}: process '{}' is not deployed (processes/survey.bpmn)",
          closed.conversationId(), SurveyProcess.KEY);
      return;
    }
    runtimeService.startProcessInstanceByKey(SurveyProcess.KEY, CorrelationKeys.of(closed.customerId(), closed.phoneNumberId()),
        Variables.createVariables()
            .putValue(ConversationProcess.Variables.CONVERSATION_ID, closed.conversationId())
            .putValue(ConversationProcess.Variables.PROTOCOL, closed.protocol())
            .putValue(ConversationProcess.Variables.AGENT_ID, closed.agentId())
            .putValue(ConversationProcess.Variables.QUEUE, closed.queue())
            .putValue(ConversationProcess.Variables.PHONE_NUMBER_ID, closed.phoneNumberId())
            .putValue(ConversationProcess.Variables.CUSTOMER_ID, closed.customerId()));
  }
}
