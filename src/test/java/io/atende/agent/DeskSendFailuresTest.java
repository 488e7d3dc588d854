package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.conversation.Direction;
import io.atende.conversation.MessageLog;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphApiStub.Reply;
import io.atende.whatsapp.GraphStubbedTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The desk's sends against a Graph API that fails as Meta's does, over HTTP as the desk form calls them: one
 * composed message is sent once however often the agent presses Send with its key, and a send WhatsApp did not
 * confirm is shown as failed (not pending forever) and goes out on the same record when the agent tries again.
 */
@Import(QueuedConversations.class)
class DeskSendFailuresTest extends GraphStubbedTest {

  @Autowired TestRestTemplate rest;
  @Autowired QueuedConversations queued;
  @Autowired MessageLog messages;

  @Test
  void theSameComposedMessageSentTwiceWithItsKeyReachesTheCustomerOnce() {
    QueuedConversations.Waiting w = queued.inQueue("5511955550001", "comercial", NUMBER, Duration.ofMinutes(2));

    ResponseEntity<Map> first = reply(w, "Olá! Já verifico.", "composed-1");
    ResponseEntity<Map> second = reply(w, "Olá! Já verifico.", "composed-1");

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getBody().get("id")).isEqualTo(first.getBody().get("id"));
    assertThat(graph.sendsTo("5511955550001")).hasSize(1);
    assertThat(fromAna(w)).hasSize(1);
  }

  @Test
  void aSendWhatsAppDidNotConfirmIsShownFailedAndTheRetryWithItsKeySendsItOnTheSameRecord() {
    QueuedConversations.Waiting w = queued.inQueue("5511955550002", "comercial", NUMBER, Duration.ofMinutes(2));
    Reply outage = Reply.graphError(503, 2, "Service temporarily unavailable", "try again later");
    graph.script("5511955550002", outage, outage, outage, outage, outage);

    ResponseEntity<Map> failed = reply(w, "Seu pedido saiu hoje.", "composed-2");

    assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
    MessageLog.Entry shown = fromAna(w).get(0);
    assertThat(shown.status()).as("not pending forever").isEqualTo(DeliveryStatus.FAILED);
    assertThat(shown.errorDetails()).contains("Tente enviar de novo");

    ResponseEntity<Map> retried = reply(w, "Seu pedido saiu hoje.", "composed-2");

    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(fromAna(w)).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo(shown.id());
      assertThat(m.status()).isEqualTo(DeliveryStatus.ACCEPTED);
      assertThat(m.waMessageId()).isNotNull();
    });
  }

  @Test
  void theSameAttachmentSentTwiceWithItsKeyReachesTheCustomerOnce() {
    QueuedConversations.Waiting w = queued.inQueue("5511955550003", "comercial", NUMBER, Duration.ofMinutes(2));

    ResponseEntity<Map> first = attach(w, "composed-3");
    ResponseEntity<Map> second = attach(w, "composed-3");

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getBody().get("id")).isEqualTo(first.getBody().get("id"));
    assertThat(graph.sendsTo("5511955550003")).hasSize(1);
  }

  private ResponseEntity<Map> attach(QueuedConversations.Waiting w, String key) {
    org.springframework.util.LinkedMultiValueMap<String, Object> form = new org.springframework.util.LinkedMultiValueMap<>();
    HttpHeaders fileHeaders = new HttpHeaders();
    fileHeaders.setContentType(MediaType.TEXT_PLAIN);
    fileHeaders.setContentDispositionFormData("file", "pedido.txt");
    form.add("file", new HttpEntity<>("Pedido 123: enviado".getBytes(java.nio.charset.StandardCharsets.UTF_8), fileHeaders));
    form.add("caption", "Segue o comprovante");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    headers.set("Idempotency-Key", key);
    return rest.withBasicAuth("ana", "ana").exchange("/api/desk/conversations/" + w.conversationId() + "/attachments", HttpMethod.POST,
        new HttpEntity<>(form, headers), Map.class);
  }

  private ResponseEntity<Map> reply(QueuedConversations.Waiting w, String text, String key) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("Idempotency-Key", key);
    return rest.withBasicAuth("ana", "ana").exchange("/api/desk/conversations/" + w.conversationId() + "/messages", HttpMethod.POST,
        new HttpEntity<>(Map.of("text", text), headers), Map.class);
  }

  private List<MessageLog.Entry> fromAna(QueuedConversations.Waiting w) {
    return messages.conversation(w.conversationId()).stream().filter(m -> m.direction() == Direction.OUT && "ana".equals(m.sender())).toList();
  }
}
