package io.atende.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atende.simulator.CustomerSide.CustomerRequestException;
import io.atende.whatsapp.WhatsAppProperties;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The customer side for people and tests, under {@link #BASE}: write as a customer, read the chat
 * (which marks the business's delivered messages read), list customers and business numbers.
 */
final class CustomerApi {

  static final String BASE = "/simulator/api";
  private static final Logger log = LoggerFactory.getLogger(CustomerApi.class);

  record NumberView(String phoneNumberId, String displayPhoneNumber) {}

  /**
   * A customer of the list.
   *
   * @param id what names the customer in this API's paths: the phone number, or the BSUID of a username customer
   * @param waId the phone number; null for a username customer
   * @param userId the business-scoped user id (BSUID)
   * @param username a username customer's username, if known
   */
  record CustomerView(String id, String waId, String userId, String name, String username, Instant lastActivity) {}

  /** The 24-hour window of the customer with one business number. */
  record WindowView(String phoneNumberId, boolean open, Instant closesAt, boolean businessTyping) {}

  /** One customer's chat; {@code id}, {@code waId}, {@code userId} and {@code username} as in {@link CustomerView}. */
  record ChatView(String id, String waId, String userId, String name, String username, List<WindowView> windows,
      List<MessageView> messages) {}

  record ErrorView(int code, String title, String details) {}

  /** The answer to a request the simulator cannot carry out. */
  record Problem(String error) {}

  /**
   * One chat message.
   *
   * @param direction {@code inbound} (customer to business) or {@code outbound}
   * @param status outbound only: accepted, sent, delivered, read or failed
   * @param error outbound only: why it failed
   * @param webhook inbound only: pending, delivered or failed (the notification to the service)
   * @param readByBusiness inbound only: the business marked it read
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MessageView(String id, String direction, String phoneNumberId, Instant timestamp, Content content,
      String status, ErrorView error, String webhook, Boolean readByBusiness) {

    static MessageView of(ChatMessage m) {
      boolean outbound = m.direction() == ChatMessage.Direction.OUTBOUND;
      ChatMessage.Failure f = outbound ? m.failure() : null;
      return new MessageView(m.id(), m.direction().name().toLowerCase(), m.phoneNumberId(), m.timestamp(),
          m.content(),
          outbound ? m.status().apiName() : null,
          f == null ? null : new ErrorView(f.code(), f.title(), f.details()),
          outbound ? null : m.webhookDelivery().name().toLowerCase(),
          outbound ? null : m.readByBusiness());
    }
  }

  private final WhatsAppProperties whatsApp;
  private final ChatStore chats;
  private final MediaStore media;
  private final CustomerSide customers;
  private final BusinessSide business;
  private final Clock clock;

  CustomerApi(WhatsAppProperties whatsApp, ChatStore chats, MediaStore media, CustomerSide customers,
      BusinessSide business, Clock clock) {
    this.whatsApp = whatsApp;
    this.chats = chats;
    this.media = media;
    this.customers = customers;
    this.business = business;
    this.clock = clock;
  }

  ServerResponse numbers(ServerRequest request) {
    return ServerResponse.ok().body(whatsApp.numbers().stream()
        .map(n -> new NumberView(n.phoneNumberId(), n.displayPhoneNumber())).toList());
  }

  ServerResponse customers(ServerRequest request) {
    return ServerResponse.ok().body(chats.customers().stream()
        .map(c -> new CustomerView(c.id().key(), c.id().waId(), c.id().userId(), c.name(), c.username(),
            c.lastActivity().equals(Instant.EPOCH) ? null : c.lastActivity()))
        .toList());
  }

  /**
   * {@code GET /customers/{id}/messages[?phoneNumberId=][&markRead=false]}: the chat both ways; the id
   * is a phone number or a BSUID.
   * Reading it is the customer looking at the phone: delivered business messages become read
   * (unless {@code markRead=false}).
   */
  ServerResponse chat(ServerRequest request) {
    CustomerId customer = customers.customer(request.pathVariable("waId"));
    String key = customer.key();
    String only = request.param("phoneNumberId").filter(p -> !p.isBlank()).orElse(null);
    boolean markRead = !"false".equalsIgnoreCase(request.param("markRead").orElse("true"));
    List<ChatMessage> messages = chats.chat(key).stream()
        .filter(m -> only == null || m.phoneNumberId().equals(only))
        .toList();
    if (markRead) {
      business.seen(messages);
    }
    Instant now = clock.instant();
    List<WindowView> windows = whatsApp.numbers().stream()
        .filter(n -> only == null || n.phoneNumberId().equals(only))
        .map(n -> {
          Instant last = chats.lastInbound(n.phoneNumberId(), key).orElse(null);
          Instant closes = last == null ? null : last.plus(ChatStore.SERVICE_WINDOW);
          return new WindowView(n.phoneNumberId(), closes != null && now.isBefore(closes), closes,
              chats.isTyping(n.phoneNumberId(), key, now));
        })
        .toList();
    return ServerResponse.ok().body(new ChatView(key, customer.waId(), customer.userId(),
        chats.name(key).orElse(null), chats.username(key).orElse(null), windows,
        messages.stream().map(MessageView::of).toList()));
  }

  /** {@code POST /customers/{id}/messages}: JSON for text, location, replies, reactions; multipart for a file. */
  ServerResponse send(ServerRequest request) throws IOException {
    String id = request.pathVariable("waId");
    boolean isMultipart = request.headers().contentType()
        .map(t -> t.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)).orElse(false);
    ChatMessage sent;
    if (isMultipart) {
      MultiValueMap<String, Part> parts;
      try {
        parts = request.multipartData();
      } catch (ServletException e) {
        throw new CustomerRequestException(400, "The multipart body could not be read: " + e.getMessage());
      }
      Part file = parts.getFirst("file");
      if (file == null) {
        throw new CustomerRequestException(400, "A multipart message needs a file part named 'file'");
      }
      byte[] bytes;
      try (var in = file.getInputStream()) {
        bytes = in.readAllBytes();
      }
      sent = customers.sendFile(id, new CustomerSide.FileRequest(field(parts, "name"), field(parts, "username"),
          field(parts, "phoneNumberId"), bytes, file.getContentType(), file.getSubmittedFileName(),
          field(parts, "caption"), field(parts, "replyTo")));
    } else {
      CustomerSide.MessageRequest body;
      try {
        body = request.body(CustomerSide.MessageRequest.class);
      } catch (ServletException | HttpMessageNotReadableException e) {
        throw new CustomerRequestException(400, "The body must be a JSON object like {\"name\":\"Ana\",\"text\":\"Oi\"}");
      }
      if (body == null) {
        throw new CustomerRequestException(400, "The body must be a JSON object like {\"name\":\"Ana\",\"text\":\"Oi\"}");
      }
      sent = customers.send(id, body);
    }
    return ServerResponse.status(201).body(MessageView.of(sent));
  }

  /** {@code POST /customers/{waId}/number-change} {@code {"newWaId"}}: the customer moves to another number. */
  ServerResponse changeNumber(ServerRequest request) throws IOException {
    CustomerSide.NumberChangeRequest body;
    try {
      body = request.body(CustomerSide.NumberChangeRequest.class);
    } catch (ServletException | HttpMessageNotReadableException e) {
      throw new CustomerRequestException(400, "The body must be a JSON object like {\"newWaId\":\"5511988887777\"}");
    }
    return ServerResponse.accepted().body(customers.changeNumber(request.pathVariable("waId"), body));
  }

  /** The file of a message as the customer's phone shows it (no token: this is the phone, not the API). */
  ServerResponse media(ServerRequest request) {
    return media.get(request.pathVariable("mediaId"))
        .map(m -> ServerResponse.ok().contentType(MediaType.parseMediaType(m.mimeType())).body(m.bytes()))
        .orElseGet(() -> ServerResponse.notFound().build());
  }

  static ServerResponse error(Throwable failure, ServerRequest request) {
    if (failure instanceof CustomerRequestException e) {
      return ServerResponse.status(e.httpStatus()).contentType(MediaType.APPLICATION_JSON)
          .body(new Problem(e.getMessage()));
    }
    // The path holds the customer's number or BSUID: keep it out of the log.
    log.error("Simulator customer endpoint {} failed", request.method(), failure);
    return ServerResponse.status(500).contentType(MediaType.APPLICATION_JSON)
        .body(new Problem("Unexpected simulator failure: " + failure.getClass().getSimpleName()));
  }

  private static String field(MultiValueMap<String, Part> parts, String name) throws IOException {
    Part part = parts.getFirst(name);
    if (part == null) {
      return null;
    }
    try (var in = part.getInputStream()) {
      String value = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return value.isEmpty() ? null : value;
    }
  }
}
