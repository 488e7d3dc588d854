package io.atende.journey.outreach;

import io.atende.integration.IntegrationEvent;
import io.atende.integration.IntegrationEvents;
import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.PreparedTemplate;
import io.atende.conversation.TemplateContacts;
import io.atende.journey.ConversationProcess;
import io.atende.journey.SendKeys;
import io.atende.journey.outreach.OutreachProcess.Errors;
import io.atende.journey.outreach.OutreachProcess.Variables;
import io.atende.template.TemplateMessages.Prepared;
import io.atende.template.TemplateProblemException;
import io.atende.whatsapp.GraphApiException;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${sendContactTemplate}} (asynchronous, retried): the template as the agent filled it, into the contact's
 * conversation, recorded as sent by the agent, keyed by the job so a retry never sends twice. The template is checked
 * again (Meta may have paused or disabled it since the request). What WhatsApp refuses for good because of the
 * customer or the template is the business outcome {@code ContactNotSent}, with the reason; outages are retried.
 */
@Component("sendContactTemplate")
class SendContactTemplate implements JavaDelegate {

  private final OutreachChecks checks;
  private final MessageSender sender;
  private final TemplateContacts templateContacts;
  private final IntegrationEvents integration;

  SendContactTemplate(OutreachChecks checks, MessageSender sender, TemplateContacts templateContacts, IntegrationEvents integration) {
    this.integration = integration;
    this.checks = checks;
    this.sender = sender;
    this.templateContacts = templateContacts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = OutreachVariables.number(execution, ConversationProcess.Variables.CONVERSATION_ID);
    long customerId = OutreachVariables.number(execution, ConversationProcess.Variables.CUSTOMER_ID);
    String number = OutreachVariables.string(execution, ConversationProcess.Variables.PHONE_NUMBER_ID);
    String agent = OutreachVariables.string(execution, Variables.REQUESTED_BY);
    OutreachProcess.Requested requested = OutreachProcess.Requested.of(OutreachVariables.string(execution, Variables.REQUESTED));
    Prepared template;
    try {
      template = checks.prepare(OutreachVariables.template(execution));
    } catch (TemplateProblemException e) {
      throw new BpmnError(Errors.CONTACT_NOT_SENT, e.getMessage());
    }
    try {
      sender.sendTemplate(conversationId, SendKeys.of(execution), agent,
          new PreparedTemplate(template.content(), template.preview().text(), template.category()));
    } catch (GraphApiException e) {
      if (e.transientError()) {
        throw e;
      }
      throw new BpmnError(Errors.CONTACT_NOT_SENT, "WhatsApp recusou o template (erro " + e.code() + ": " + e.title() + ")");
    }
    templateContacts.record(customerId, number, requested == OutreachProcess.Requested.RECONTACT
        ? TemplateContacts.Origin.RECONTACT : TemplateContacts.Origin.ACTIVE_CONTACT, Instant.now());
    OutreachRequest.TemplateChoice choice = OutreachVariables.template(execution);
    integration.publish(IntegrationEvent.ACTIVE_CONTACT_SENT, customerId, new IntegrationEvent.ActiveContactSent(conversationId,
        OutreachVariables.string(execution, ConversationProcess.Variables.PROTOCOL), number,
        requested == OutreachProcess.Requested.RECONTACT ? "recontact" : "active-contact", agent, choice.name(), choice.language(),
        choice.variables()));
  }
}
