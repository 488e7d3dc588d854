package io.atende.journey.outreach;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.journey.ConversationProcess;
import io.atende.journey.JourneyProperties;
import io.atende.journey.ProtocolEvents;
import io.atende.journey.ProtocolNumbers;
import io.atende.journey.QueueLabels;
import io.atende.journey.outreach.OutreachProcess.Variables;
import io.atende.template.TemplateMessages.Prepared;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${openContactProtocol}}: a new service for the contact: a conversation with a protocol number, in the template's
 * response queue (the default queue when the template names none), held by the agent who made the contact, with the
 * opening in the audit trail. The protocol is open from now on: the customer is "in service" for any other contact.
 */
@Component("openContactProtocol")
class OpenContactProtocol implements JavaDelegate {

  private final OutreachChecks checks;
  private final ConversationStore conversations;
  private final ProtocolNumbers protocols;
  private final ProtocolEvents events;
  private final QueueLabels labels;
  private final JourneyProperties journey;

  OpenContactProtocol(OutreachChecks checks, ConversationStore conversations, ProtocolNumbers protocols, ProtocolEvents events,
      QueueLabels labels, JourneyProperties journey) {
    this.checks = checks;
    this.conversations = conversations;
    this.protocols = protocols;
    this.events = events;
    this.labels = labels;
    this.journey = journey;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long customerId = OutreachVariables.number(execution, ConversationProcess.Variables.CUSTOMER_ID);
    String number = OutreachVariables.string(execution, ConversationProcess.Variables.PHONE_NUMBER_ID);
    String agent = OutreachVariables.string(execution, Variables.REQUESTED_BY);
    OutreachProcess.Requested requested = OutreachProcess.Requested.of(OutreachVariables.string(execution, Variables.REQUESTED));
    Prepared template = checks.prepare(OutreachVariables.template(execution));
    String queue = template.responseQueue() != null && !template.responseQueue().isBlank() ? template.responseQueue()
        : journey.defaultQueue();

    Conversation conversation = conversations.open(customerId, number);
    String protocol = protocols.next();
    conversations.setProtocol(conversation.id(), protocol);
    conversations.route(conversation.id(), queue, agent);
    conversations.attachProcess(conversation.id(), execution.getProcessInstanceId());
    events.record(conversation.id(), protocol, ProtocolEvents.Type.OPENED, agent, queue, agent,
        (requested == OutreachProcess.Requested.RECONTACT ? "Recontato" : "Contato ativo") + " com o template "
            + template.template().name() + " (" + template.template().language() + ")");

    execution.setVariable(ConversationProcess.Variables.CONVERSATION_ID, conversation.id());
    execution.setVariable(ConversationProcess.Variables.PROTOCOL, protocol);
    execution.setVariable(ConversationProcess.Variables.QUEUE, queue);
    execution.setVariable(ConversationProcess.Variables.QUEUE_LABEL, labels.labelOf(queue, number));
  }
}
