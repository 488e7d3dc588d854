package io.atende.integration;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageSender;
import io.atende.conversation.PhoneNumbers;
import io.atende.journey.outreach.OutreachProcess;
import io.atende.journey.outreach.OutreachRequest;
import io.atende.journey.outreach.OutreachService;
import io.atende.platform.CurrentUser;
import io.atende.whatsapp.WhatsAppProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.common.HttpMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

/**
 * Commands in: the Camel endpoints integrators' routes call (README "For integrators"). Each applies the rules of the
 * REST API, because it goes through the same services: the template through the agents' active contact
 * ({@link OutreachService}: approved templates, the user's numbers, the messaging limit, a protocol opened and
 * assigned to the user), the text through {@link MessageSender} (the 24-hour window). The body is JSON (a string,
 * bytes or a map); the answer is the body {@link Outcome}, or an exception with the reason.
 */
@Component
class AtendeCommands extends RouteBuilder {

  static final String SEND_TEXT = "direct:atende-send-text";
  static final String SEND_TEMPLATE = "direct:atende-send-template";
  static final String OPEN_PROTOCOL = "direct:atende-open-protocol";
  /** Header: the Camunda user a command acts for (ignored when the route was called over HTTP: that caller's user). */
  static final String USER = "AtendeUser";
  /** Header: idempotency key of a text (the same key never sends twice); a fresh one if absent. */
  static final String SEND_KEY = "AtendeSendKey";

  /** {@code direct:atende-send-text}'s body. */
  record SendText(String phoneNumberId, String phone, String text) {}

  /** {@code direct:atende-send-template}'s body. */
  record SendTemplate(String phoneNumberId, String phone, String name, String template, String language,
      List<String> variables, Map<String, String> namedVariables) {}

  /**
   * What a command did. {@code outcome}: SENT, or for a template CONTACT_EXISTS, IN_SERVICE, NOT_A_CONTACT,
   * LIMIT_REACHED, INVALID (the agents' active-contact outcomes); {@code message}: the reason, in Portuguese.
   */
  record Outcome(String outcome, String protocol, Long conversationId, Long messageId, String waMessageId, String message) {}

  /** A command that cannot be carried out as asked; nothing was sent. */
  static class CommandRefusedException extends RuntimeException {
    private final String reason;

    CommandRefusedException(String reason, String message) {
      super(reason + ": " + message);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  private final MessageSender sender;
  private final OutreachService outreach;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final WhatsAppProperties whatsapp;
  private final IdentityService identity;

  AtendeCommands(MessageSender sender, OutreachService outreach, CustomerStore customers, ConversationStore conversations,
      WhatsAppProperties whatsapp, IdentityService identity) {
    this.sender = sender;
    this.outreach = outreach;
    this.customers = customers;
    this.conversations = conversations;
    this.whatsapp = whatsapp;
    this.identity = identity;
  }

  @Override
  public void configure() {
    from(SEND_TEXT).routeId("atende-send-text").process(e -> e.getMessage().setBody(sendText(e)));
    from(SEND_TEMPLATE).routeId("atende-send-template").process(e -> e.getMessage().setBody(sendTemplate(e)));
    from(OPEN_PROTOCOL).routeId("atende-open-protocol").process(e -> e.getMessage().setBody(sendTemplate(e)));
  }

  Outcome sendText(Exchange exchange) throws IOException {
    SendText command = body(exchange, SendText.class);
    if (command.text() == null || command.text().isBlank()) {
      throw new CommandRefusedException("INVALID", "text is empty");
    }
    number(command.phoneNumberId());
    String waId = PhoneNumbers.normalize(command.phone());
    CustomerStore.Customer customer = customers.findByWaId(waId)
        .orElseThrow(() -> new CommandRefusedException("NO_CONVERSATION", "the customer never wrote to the company"));
    ConversationStore.Conversation conversation = conversations.findOpen(customer.id(), command.phoneNumberId())
        .orElseThrow(() -> new CommandRefusedException("NO_CONVERSATION",
            "the customer has no open conversation on this number: send a template (direct:atende-send-template)"));
    String key = exchange.getIn().getHeader(SEND_KEY, String.class);
    try {
      MessageSender.SentMessage sent = sender.sendText(conversation.id(), "integration:" + (key == null ? UUID.randomUUID() : key),
          "integration", command.text());
      return new Outcome("SENT", conversation.protocol(), conversation.id(), sent.messageId(), sent.waMessageId(), null);
    } catch (MessageSender.OutsideServiceWindowException e) {
      throw new CommandRefusedException("OUTSIDE_WINDOW", "the customer's 24-hour window is closed: send a template");
    }
  }

  Outcome sendTemplate(Exchange exchange) throws IOException {
    SendTemplate command = body(exchange, SendTemplate.class);
    if (command.template() == null || command.template().isBlank()) {
      throw new CommandRefusedException("INVALID", "template is missing");
    }
    number(command.phoneNumberId());
    CurrentUser user = user(exchange);
    OutreachService.Outcome outcome = outreach.request(user, OutreachProcess.Requested.ACTIVE_CONTACT,
        new OutreachRequest(command.phoneNumberId(), command.phone(), name(command), new OutreachRequest.TemplateChoice(
            command.template(), command.language(), command.variables() == null ? List.of() : command.variables(),
            command.namedVariables())));
    return new Outcome(outcome.result().name(), outcome.protocol(), null, null, null, outcome.message());
  }

  /** The name given, else the customer's WhatsApp name if known, else the phone as written (an ERP may not know it). */
  private String name(SendTemplate command) {
    if (command.name() != null && !command.name().isBlank()) {
      return command.name();
    }
    return customers.findByWaId(PhoneNumbers.normalize(command.phone())).map(CustomerStore.Customer::profileName)
        .filter(n -> n != null && !n.isBlank()).orElse(command.phone());
  }

  private void number(String phoneNumberId) {
    if (phoneNumberId == null || whatsapp.number(phoneNumberId).isEmpty()) {
      throw new CommandRefusedException("UNKNOWN_NUMBER", "phoneNumberId is not one of the company's WhatsApp numbers");
    }
  }

  /** The caller over HTTP (the service's authentication), else the user named in header {@value #USER}. */
  private CurrentUser user(Exchange exchange) {
    if (exchange.getIn() instanceof HttpMessage http) {
      HttpServletRequest request = http.getRequest();
      return CurrentUser.of(request).orElseThrow(() -> new CommandRefusedException("FORBIDDEN", "no authenticated user"));
    }
    String id = exchange.getIn().getHeader(USER, String.class);
    if (id == null || identity.createUserQuery().userId(id).singleResult() == null) {
      throw new CommandRefusedException("FORBIDDEN", "header " + USER + " must name a Camunda user");
    }
    return new CurrentUser(id, identity.createGroupQuery().groupMember(id).list().stream().map(Group::getId).toList());
  }

  private static <T> T body(Exchange exchange, Class<T> type) throws IOException {
    Object body = exchange.getIn().getBody();
    if (type.isInstance(body)) {
      return type.cast(body);
    }
    if (body instanceof Map<?, ?> || body instanceof JsonNode) {
      return IntegrationEvents.JSON.convertValue(body, type);
    }
    String json = exchange.getIn().getBody(String.class);
    if (json == null || json.isBlank()) {
      throw new CommandRefusedException("INVALID", "the body must be the command's JSON");
    }
    try {
      return IntegrationEvents.JSON.readValue(json, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CommandRefusedException("INVALID", "the body is not the command's JSON: " + e.getOriginalMessage());
    }
  }
}
