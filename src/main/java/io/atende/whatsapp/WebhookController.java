package io.atende.whatsapp;


import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Meta's webhook: the verification handshake (GET) and notifications (POST). A notification is
 * accepted only with a valid signature over the raw bytes, and it is stored before the 200.
 */
@RestController
@RequestMapping(WebhookController.PATH)
class WebhookController {

  static final String PATH = "/webhooks/whatsapp";
  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  private final WhatsAppProperties properties;
  private final InboundEventStore store;
  private final WebhookGroupCommit groupCommit;
  private final io.atende.platform.DurableAcknowledgements durable;

  WebhookController(WhatsAppProperties properties, InboundEventStore store, WebhookGroupCommit groupCommit,
      io.atende.platform.DurableAcknowledgements durable) {
    this.durable = durable;
    this.properties = properties;
    this.store = store;
    this.groupCommit = groupCommit;
  }

  @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> verify(
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    boolean ok = "subscribe".equals(mode) && token != null && token.equals(properties.verifyToken()) && challenge != null;
    if (!ok) {
      log.warn("Webhook verification refused (mode={}, token matches={})", mode, token != null && token.equals(properties.verifyToken()));
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body("Verification token mismatch");
    }
    return ResponseEntity.ok(challenge);
  }

  @PostMapping
  ResponseEntity<Map<String, Object>> receive(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature) {
    byte[] raw = body == null ? new byte[0] : body;
    if (!WebhookSignature.isValid(raw, signature, properties.appSecret())) {
      log.warn("Webhook notification refused: {} signature", signature == null ? "missing" : "invalid");
      return error(HttpStatus.UNAUTHORIZED, "Missing or invalid X-Hub-Signature-256");
    }
    WebhookPayload.Notification notification;
    try {
      notification = GraphJson.mapper().readValue(raw, WebhookPayload.Notification.class);
    } catch (java.io.IOException | RuntimeException e) {
      return parked(raw, "Unreadable notification (" + e.getClass().getSimpleName() + "): "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    if (notification == null || !"whatsapp_business_account".equals(notification.object())) {
      return parked(raw, "Not a WhatsApp Business Account notification (object must be whatsapp_business_account)");
    }
    List<InboundEventStore.StoredEvent> events;
    try {
      // with the other requests' notifications of the moment, in one transaction; answered after its commit
      events = groupCommit.store(raw, notification);
    } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
      // the database refused or is away (a lock, a key handed out twice, an outage, a commit that failed): not the
      // notification's fault.
      // A 5xx, and Meta sends it again; what a notification's shape could break is checked before it is stored
      throw e;
    } catch (RuntimeException e) {
      return parked(raw, "Notification with a shape no event can be cut from (" + e.getClass().getSimpleName() + ")");
    }
    return ResponseEntity.ok(Map.of("received", events.size()));
  }

  /**
   * A validly signed notification we cannot read: Meta will not send it again once answered, so it is kept, parked
   * with the reason for an administrator ({@code GET /api/inbound-events}), and answered 200 rather than refused
   * (a 4xx would only make Meta resend it for days, no better read).
   */
  private ResponseEntity<Map<String, Object>> parked(byte[] raw, String reason) {
    store.park(raw, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
    durable.flush();
    log.warn("Webhook notification of {} bytes parked: it cannot be read as WhatsApp events", raw.length);
    return ResponseEntity.ok(Map.of("received", 0, "parked", 1));
  }

  private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", Map.of("message", message, "code", status.value())));
  }
}
