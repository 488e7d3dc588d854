package io.atende.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.MessageLog.Entry;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphApiStub.Reply;
import io.atende.whatsapp.GraphApiStub.Request;
import io.atende.whatsapp.GraphStubbedTest;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.SignedWebhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class InboundMediaTest extends GraphStubbedTest {

  @LocalServerPort int port;
  @Autowired MessageLog messages;
  @Autowired CustomerStore customers;
  @Autowired InboundMediaFetcher fetcher;

  @Test
  void customersImageIsDownloadedWithTheBearerTokenAndStored() throws Exception {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 'J', 'F', 'I', 'F', 0, 1, 2, 3};
    graph.serveMedia("4410001", "image/jpeg", jpeg);

    var response = new SignedWebhook(port).post(imageMessage("5531900000001", "wamid.IMAGE_IN_1", "4410001"));
    assertThat(response.statusCode()).isEqualTo(200);

    Entry message = await().atMost(Duration.ofSeconds(20))
        .until(() -> messages.findByWaMessageId("wamid.IMAGE_IN_1").filter(m -> m.mediaPath() != null).orElse(null), m -> m != null);
    assertThat(Path.of(message.mediaPath())).as("relative to the shared directory: any node reads it, wherever it mounts it")
        .isRelative();
    Path file = MEDIA_DIRECTORY.resolve(message.mediaPath());
    assertThat(file.getFileName().toString()).isEqualTo(message.id() + "-4410001.jpg");
    assertThat(Files.readAllBytes(file)).isEqualTo(jpeg);
    assertThat(message.mediaId()).isEqualTo("4410001");
    assertThat(message.mediaMimeType()).isEqualTo("image/jpeg");

    List<Request> info = graph.requestsFor("/v24.0/4410001");
    List<Request> download = graph.requestsFor("/download/4410001");
    assertThat(info).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
    assertThat(download).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
    assertThat(stillToFetch()).doesNotContain(message.id());
  }

  @Test
  void mediaLeftBehindByAStopAreFetchedByTheSweepPageByPage() {
    long customer = customers.findOrCreate("5531900000003", "Cliente").id();
    List<Long> left = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      graph.serveMedia("441000" + (2 + i), "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) i});
      left.add(recordImage(customer, "wamid.LEFT_" + i, "441000" + (2 + i), Instant.now()));
    }
    assertThat(stillToFetch()).containsAll(left);

    fetcher.sweep(2);

    for (long id : left) {
      await().atMost(Duration.ofSeconds(20)).until(() -> messages.findById(id).orElseThrow().mediaPath() != null);
    }
    assertThat(stillToFetch()).doesNotContainAnyElementsOf(left);
  }

  @Test
  void mediaTooOldToFetchLeaveTheListWithoutARequest() {
    long customer = customers.findOrCreate("5531900000004", "Cliente").id();
    long old = recordImage(customer, "wamid.OLD_1", "4410009", Instant.now().minus(InboundMediaFetcher.SWEEP_HORIZON).minusSeconds(60));

    fetcher.sweep(100);

    assertThat(stillToFetch()).doesNotContain(old);
    assertThat(messages.findById(old).orElseThrow().mediaPath()).isNull();
    assertThat(graph.requestsFor("/v24.0/4410009")).isEmpty();
  }

  private long recordImage(long customerId, String waMessageId, String mediaId, Instant sentAt) {
    return messages.record(new MessageLog.NewMessage(customerId, null, NUMBER, Direction.IN, null, waMessageId, null,
        MessageType.IMAGE, null, mediaId, "image/png", null, null, DeliveryStatus.DELIVERED, sentAt));
  }

  private List<Long> stillToFetch() {
    return messages.mediaToFetch(0, 10_000).stream().map(MessageLog.MediaToFetch::messageId).toList();
  }

  @Test
  void aFailedDownloadIsTriedAgainWithAFreshUrl() throws Exception {
    byte[] pdf = "%PDF-1.7 contrato".getBytes();
    graph.serveMedia("4410002", "application/pdf", pdf);
    graph.failNext("/download/4410002", new Reply(404, ""));

    new SignedWebhook(port).post(documentMessage("5531900000002", "wamid.DOC_IN_1", "4410002"));

    Entry message = await().atMost(Duration.ofSeconds(30))
        .until(() -> messages.findByWaMessageId("wamid.DOC_IN_1").filter(m -> m.mediaPath() != null).orElse(null), m -> m != null);
    assertThat(Files.readAllBytes(MEDIA_DIRECTORY.resolve(message.mediaPath()))).isEqualTo(pdf);
    assertThat(message.mediaPath()).endsWith("-4410002.pdf");
    assertThat(graph.requestsFor("/v24.0/4410002")).hasSize(2);
    assertThat(graph.requestsFor("/download/4410002")).hasSize(2);
  }

  private static String imageMessage(String waId, String messageId, String mediaId) {
    return notification(waId, messageId, """
        "type":"image","image":{"caption":"minha conta","mime_type":"image/jpeg","sha256":"c2hhMjU2","id":"%s"}""".formatted(mediaId));
  }

  private static String documentMessage(String waId, String messageId, String mediaId) {
    return notification(waId, messageId, """
        "type":"document","document":{"filename":"contrato.pdf","mime_type":"application/pdf","sha256":"c2hhMjU2","id":"%s"}"""
        .formatted(mediaId));
  }

  private static String notification(String waId, String messageId, String typed) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
        "contacts":[{"profile":{"name":"Cliente"},"wa_id":"%s"}],
        "messages":[{"from":"%s","id":"%s","timestamp":"%d",%s}]}}]}]}"""
        .formatted(NUMBER, waId, waId, messageId, Instant.now().getEpochSecond(), typed);
  }
}
