package io.atende.survey;

import io.atende.journey.ConversationProcess;
import io.atende.journey.CorrelationKeys;
import io.atende.journey.ProtocolClosed;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the survey when an agent closes a protocol, in the transaction of the close (so a crash loses neither), with
 * the business key {@code <customer>@<number>} and ids only as variables; the model decides the rest (enabled, delay).
 */
@Component
class SurveyStart {

  private final RuntimeService runtimeService;

  SurveyStart(RuntimeService runtimeService) {
    this.runtimeService = runtimeService;
  }

  @EventListener
  void on(ProtocolClosed closed) {
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
