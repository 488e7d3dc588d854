package io.atende.journey;

import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.TemplateContacts;
import io.atende.journey.ReplyRouting.Facts;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * The facts decision {@code replyRouting} reads ({@link Facts}) for a customer on a business number when a message of
 * theirs arrives ({@link CustomerMessageRouter}), from the engine and the customer's open conversation.
 */
@Component
class ReplyFacts {

  private final RuntimeService runtimeService;
  private final ManagementService managementService;
  private final TemplateContacts templateContacts;

  ReplyFacts(RuntimeService runtimeService, ManagementService managementService, TemplateContacts templateContacts) {
    this.runtimeService = runtimeService;
    this.managementService = managementService;
    this.templateContacts = templateContacts;
  }

  /** What is going on with the customer on the number; {@code open} is their open conversation there, or null. */
  Facts of(long customerId, String phoneNumberId, Conversation open) {
    List<ProcessInstance> instances = runtimeService.createProcessInstanceQuery()
        .processInstanceBusinessKey(CorrelationKeys.of(customerId, phoneNumberId)).list();
    String waitingFor = "";
    boolean journeyRunning = false;
    boolean processSending = false;
    for (ProcessInstance instance : instances) {
      List<EventSubscription> waits = waitsOf(instance);
      if (waits.isEmpty()
          && managementService.createJobQuery().processInstanceId(instance.getId()).messages().withRetriesLeft().count() > 0) {
        // a step of its queued (an asynchronous continuation: a contact's template on its way to Meta, in a job whose
        // transaction has not committed yet): the process has not reached the wait for the customer's reply yet. A job
        // whose retries are used up (an incident) sends nothing until someone retries it: not on its way
        processSending = true;
      } else if (waits.isEmpty()) {
        // no job: it may have committed, and reached its wait, between the two reads
        waits = waitsOf(instance);
      }
      if (!waits.isEmpty() && waitingFor.isEmpty()) {
        waitingFor = waits.get(0).getEventName();
      }
      journeyRunning |= open != null && instance.getId().equals(open.processInstanceId());
    }
    String lastTemplate = templateContacts.lastOrigin(customerId, phoneNumberId)
        .map(TemplateContacts.Origin::decisionValue).orElse("");
    return new Facts(waitingFor, journeyRunning, open != null && open.protocol() != null, lastTemplate, processSending);
  }

  private List<EventSubscription> waitsOf(ProcessInstance instance) {
    return runtimeService.createEventSubscriptionQuery().processInstanceId(instance.getId()).eventType("message").list();
  }
}
