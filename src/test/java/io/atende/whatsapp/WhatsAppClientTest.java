package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.whatsapp.GraphApiStub.Reply;
import io.atende.whatsapp.GraphApiStub.Request;
import io.atende.whatsapp.OutboundMessage.Interactive;
import io.atende.whatsapp.OutboundMessage.Media;
import io.atende.whatsapp.OutboundMessage.MediaRef;
import io.atende.whatsapp.OutboundMessage.Template;
import io.atende.whatsapp.OutboundMessage.Template.Component;
import io.atende.whatsapp.OutboundMessage.Template.Parameter;
import io.atende.whatsapp.OutboundMessage.Text;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WhatsAppClientTest extends GraphStubbedTest {

  private static final AtomicInteger recipients = new AtomicInteger();

  @Autowired WhatsAppClient client;
  @Autowired ProducerTemplate producer;
  @Autowired MeterRegistry meters;

  /** A recipient no other test uses, so its requests are this test's alone. */
  private static String recipient() {
    return "55119" + String.format("%08d", 10_000_000 + recipients.incrementAndGet());
  }

  @Test
  void textIsPostedToTheNumbersMessagesEndpointWithBearerAndMetasJson() {
    String to = recipient();
    SendResult result = client.send(NUMBER, new OutboundMessage(to, Text.of("Olá! Veja https://atende.io"), "wamid.QUOTED"));

    List<Request> sends = graph.sendsTo(to);
    assertThat(sends).hasSize(1);
    Request request = sends.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v24.0/" + NUMBER + "/messages");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("atende") || h.toLowerCase().startsWith("camel"));
    assertThat(request.json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text",
         "text":{"body":"Olá! Veja https://atende.io","preview_url":true},"context":{"message_id":"wamid.QUOTED"}}""".formatted(to)));
    assertThat(result.waMessageId()).startsWith("wamid.STUB");
    assertThat(result.waId()).isEqualTo(to);
  }

  @Test
  void customerKnownOnlyByBusinessScopedUserIdIsAddressedByRecipient() {
    String bsuid = "BR.150257639465" + String.format("%04d", recipients.incrementAndGet());
    SendResult result = client.send(NUMBER, new OutboundMessage(bsuid, Text.of("Olá!")));

    assertThat(graph.sendsTo(bsuid).get(0).json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","recipient":"%s","type":"text",
         "text":{"body":"Olá!","preview_url":false}}""".formatted(bsuid)));
    assertThat(result.waMessageId()).startsWith("wamid.STUB");
    assertThat(result.waId()).isNull();
  }

  @Test
  void templateCarriesNameLanguageAndParameters() {
    String to = recipient();
    client.send(NUMBER, new OutboundMessage(to, Template.of("pedido_enviado", "pt_BR", List.of(
        Component.header(List.of(Parameter.document(MediaRef.link("https://files.example/nf.pdf")))),
        Component.body(List.of(Parameter.text("Ana"), Parameter.currency("R$ 10,50", "BRL", 10_500), Parameter.dateTime("amanhã"))),
        Component.button("quick_reply", 0, Parameter.payload("TRACK"))))));

    assertThat(graph.sendsTo(to).get(0).json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
         "template":{"name":"pedido_enviado","language":{"code":"pt_BR"},"components":[
           {"type":"header","parameters":[{"type":"document","document":{"link":"https://files.example/nf.pdf"}}]},
           {"type":"body","parameters":[{"type":"text","text":"Ana"},
              {"type":"currency","currency":{"fallback_value":"R$ 10,50","code":"BRL","amount_1000":10500}},
              {"type":"date_time","date_time":{"fallback_value":"amanhã"}}]},
           {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"TRACK"}]}]}}""".formatted(to)));
  }

  @Test
  void mediaGoesByIdOrByLinkWithCaptionAndFilename() {
    String to = recipient();
    client.send(NUMBER, new OutboundMessage(to, Media.byId(MessageType.IMAGE, "1479537139650973").withCaption("Seu boleto")));
    client.send(NUMBER, new OutboundMessage(to,
        Media.byLink(MessageType.DOCUMENT, "https://files.example/contrato.pdf").withCaption("Contrato").withFilename("contrato.pdf")));
    client.send(NUMBER, new OutboundMessage(to, Media.byId(MessageType.AUDIO, "998877")));

    List<Request> sends = graph.sendsTo(to);
    assertThat(sends).hasSize(3);
    assertThat(sends.get(0).json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"image",
         "image":{"id":"1479537139650973","caption":"Seu boleto"}}""".formatted(to)));
    assertThat(sends.get(1).json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"document",
         "document":{"link":"https://files.example/contrato.pdf","caption":"Contrato","filename":"contrato.pdf"}}""".formatted(to)));
    assertThat(sends.get(2).json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"audio","audio":{"id":"998877"}}""".formatted(to)));
  }

  @Test
  void replyButtonsAndListsHaveMetasShape() {
    String to = recipient();
    client.send(NUMBER, new OutboundMessage(to, Interactive.buttons("Confirma o endereço?",
        List.of(new Interactive.Reply("yes", "Sim"), new Interactive.Reply("no", "Não"))).withFooter("Atende")));
    client.send(NUMBER, new OutboundMessage(to, Interactive.list("Escolha o setor", "Ver opções", List.of(
        new Interactive.Section("Setores", List.of(new Interactive.Row("1", "Comercial", null), new Interactive.Row("2", "Financeiro", "Boletos")))))
        .withHeaderText("Menu")));

    List<Request> sends = graph.sendsTo(to);
    assertThat(sends.get(0).json().get("interactive")).isEqualTo(json("""
        {"type":"button","body":{"text":"Confirma o endereço?"},"footer":{"text":"Atende"},
         "action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Sim"}},{"type":"reply","reply":{"id":"no","title":"Não"}}]}}"""));
    assertThat(sends.get(1).json().get("interactive")).isEqualTo(json("""
        {"type":"list","header":{"type":"text","text":"Menu"},"body":{"text":"Escolha o setor"},
         "action":{"button":"Ver opções","sections":[{"title":"Setores","rows":[{"id":"1","title":"Comercial"},
           {"id":"2","title":"Financeiro","description":"Boletos"}]}]}}"""));
  }

  @Test
  void moreThanThreeReplyButtonsAreRefusedBeforeSending() {
    List<Interactive.Reply> four = List.of(new Interactive.Reply("a", "A"), new Interactive.Reply("b", "B"),
        new Interactive.Reply("c", "C"), new Interactive.Reply("d", "D"));
    assertThatThrownBy(() -> Interactive.buttons("Escolha", four))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 3 reply buttons; got 4");
  }

  @Test
  void markAsReadPostsTheReadStatusForTheMessage() {
    int before = graph.requestsFor("/messages").size();
    client.markAsRead(NUMBER, "wamid.HBgLNTUxMTk0MDAwMDAwMRUCABIYFjNFQjBDN");

    // the mark itself, not a send a journey of the shared test service made at the same moment
    Request request = graph.requestsFor("/messages").subList(before, graph.requestsFor("/messages").size()).stream()
        .filter(r -> r.json().path("status").asText().equals("read")).findFirst().orElseThrow();
    assertThat(request.path()).isEqualTo("/v24.0/" + NUMBER + "/messages");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.json()).isEqualTo(json("""
        {"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLNTUxMTk0MDAwMDAwMRUCABIYFjNFQjBDN"}"""));
  }

  @Test
  void mediaInfoAndDownloadUseTheBearerToken() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    graph.serveMedia("5550001", "image/png", png);

    MediaInfo info = client.mediaInfo("5550001");
    byte[] content = client.downloadMedia(info.url());

    assertThat(info.mimeType()).isEqualTo("image/png");
    assertThat(info.fileSize()).isEqualTo(png.length);
    assertThat(content).isEqualTo(png);
    Request download = graph.requestsFor("/download/5550001").get(0);
    assertThat(download.query()).isEqualTo("ext=1&hash=ATu7x");
    assertThat(download.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(graph.requestsFor("/v24.0/5550001").get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void uploadIsMultipartWithFileTypeAndMessagingProduct() {
    byte[] pdf = "%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII);
    int before = graph.requestsFor("/" + NUMBER + "/media").size();

    String mediaId = client.uploadMedia(NUMBER, pdf, "application/pdf", "boleto.pdf");

    Request upload = graph.requestsFor("/" + NUMBER + "/media").get(before);
    assertThat(mediaId).isNotBlank();
    assertThat(upload.method()).isEqualTo("POST");
    assertThat(upload.header("Content-Type")).startsWith("multipart/form-data;").contains("boundary=");
    assertThat(upload.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(upload.bodyText())
        .contains("name=\"messaging_product\"", "whatsapp")
        .contains("name=\"type\"", "application/pdf")
        .contains("name=\"file\"; filename=\"boleto.pdf\"", "%PDF-1.4 test");
  }

  @Test
  void uploadOfAForbiddenTypeIsRefusedWithoutACall() {
    int before = graph.requests().size();
    assertThatThrownBy(() -> client.uploadMedia(NUMBER, new byte[10], "image/gif", "x.gif"))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessageContaining("image/gif").hasMessageContaining("image (JPEG or PNG)");
    assertThat(graph.requests()).hasSize(before);
  }

  @Test
  void serverErrorIsRetriedThenSucceeds() {
    String to = recipient();
    graph.script(to, Reply.graphError(500, 131000, "Something went wrong", "Internal error"));

    SendResult result = client.send(NUMBER, new OutboundMessage(to, Text.of("oi")));

    assertThat(graph.sendsTo(to)).hasSize(2);
    assertThat(result.waMessageId()).startsWith("wamid.STUB");
  }

  @Test
  void throughputErrorWithHttp400IsRetriedThenSucceeds() {
    String to = recipient();
    graph.script(to, Reply.graphError(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."),
        Reply.graphError(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."));

    SendResult result = client.send(NUMBER, new OutboundMessage(to, Text.of("oi")));

    assertThat(graph.sendsTo(to)).hasSize(3);
    assertThat(result.waMessageId()).startsWith("wamid.STUB");
  }

  @Test
  void reEngagementErrorIsNotRetried() {
    String to = recipient();
    graph.script(to, Reply.graphError(400, 131047, "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));

    assertThatThrownBy(() -> client.send(NUMBER, new OutboundMessage(to, Text.of("oi"))))
        .isInstanceOfSatisfying(GraphApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.code()).isEqualTo(131047);
          assertThat(e.title()).isEqualTo("(#131047) Re-engagement message");
          assertThat(e.details()).contains("more than 24 hours");
          assertThat(e.fbtraceId()).isEqualTo("AbCdTrace131047");
          assertThat(e.transientError()).isFalse();
        });
    assertThat(graph.sendsTo(to)).hasSize(1);
  }

  @Test
  void persistentServerErrorGivesUpAfterTheConfiguredRetries() {
    String to = recipient();
    Reply down = Reply.graphError(503, 131016, "Service unavailable", "A service is temporarily unavailable.");
    graph.script(to, down, down, down, down, down, down);

    assertThatThrownBy(() -> client.send(NUMBER, new OutboundMessage(to, Text.of("oi"))))
        .isInstanceOfSatisfying(GraphApiException.class, e -> {
          assertThat(e.code()).isEqualTo(131016);
          assertThat(e.transientError()).isTrue();
        });
    assertThat(graph.sendsTo(to)).hasSize(1 + 4);
  }

  @Test
  void sendsOfANumberStayUnderItsMessagesPerSecond() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(25);
    List<String> slow = new ArrayList<>();
    List<String> fast = new ArrayList<>();
    try {
      // open the pooled HTTP connections first, so that connection set-up does not delay the first
      // measured sends more than the later ones
      for (Future<SendResult> warmUp : submit(pool, NUMBER, 15, new ArrayList<>())) {
        warmUp.get(30, TimeUnit.SECONDS);
      }

      List<Future<SendResult>> results = new ArrayList<>(submit(pool, SLOW_NUMBER, 15, slow));
      // the other number is not held back by the slow one's limit
      results.addAll(submit(pool, NUMBER, 10, fast));
      for (Future<SendResult> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS).waMessageId()).isNotBlank();
      }
    } finally {
      pool.shutdownNow();
    }

    List<Long> arrivals = slow.stream().map(graph::sendsTo).map(l -> l.get(0).arrivedNanos()).sorted().toList();
    List<Long> millis = arrivals.stream().map(t -> (t - arrivals.get(0)) / 1_000_000).toList();
    assertThat(arrivals).hasSize(15);
    for (int i = 0; i < arrivals.size(); i++) {
      long windowStart = arrivals.get(i);
      long inWindow = arrivals.stream().filter(t -> t >= windowStart && t < windowStart + 1_000_000_000L).count();
      assertThat(inWindow).as("sends within 1 s of send %d; arrivals (ms) %s", i, millis).isLessThanOrEqualTo(5);
    }
    // it did hold them back: 15 sends at 5 per second need at least two seconds
    assertThat(arrivals.get(14) - arrivals.get(0)).isGreaterThanOrEqualTo(2_000_000_000L);
    long lastFast = fast.stream().map(graph::sendsTo).mapToLong(l -> l.get(0).arrivedNanos()).max().orElseThrow();
    assertThat(lastFast - arrivals.get(0)).as("the 80-per-second number's sends").isLessThan(1_000_000_000L);
  }

  /**
   * The HTTP client's last look before it writes a send: a send that reaches its connection 30 ms after its slot (a new
   * connection's handshake, a stalled thread) takes a new slot of the number's rate before it goes. Sent here straight
   * to the HTTP route, with the slot the limiter's step would have left on the exchange (the limiter's own test has a
   * send on time go on its slot).
   */
  @Test
  void aSendThatReachesItsConnectionLongAfterItsSlotTakesANewOne() {
    String to = recipient();
    double lateBefore = lateSlots(NUMBER);
    long leasesBefore = leases(NUMBER);
    long slot = SendRateLimiter.nowMicros() - 30_000;

    Exchange sent = producer.send("direct:whatsapp-http", ExchangePattern.InOut, exchange -> {
      exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
      exchange.getIn().setHeader(Exchange.HTTP_URI, client.versionUrl() + "/" + NUMBER + "/messages");
      exchange.getIn().setHeader("Authorization", "Bearer " + TOKEN);
      exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
      exchange.getIn().setBody(WhatsAppClient.json(GraphApi.SendRequest.of(new OutboundMessage(to, Text.of("aviso")))));
      exchange.setProperty(SendRateLimiter.SLOT_PROPERTY, new SendRateLimiter.Slot(NUMBER, SendPriority.REPLY, slot));
    });

    assertThat(sent.getException()).isNull();
    assertThat(graph.sendsTo(to)).hasSize(1);
    // at least: a collector's pause right after the new lease would make that slot late too, and take another
    assertThat(lateSlots(NUMBER) - lateBefore).as("slots missed late").isGreaterThanOrEqualTo(1);
    assertThat(leases(NUMBER) - leasesBefore).as("new slots leased").isGreaterThanOrEqualTo(1);
    assertThat(sent.getProperty(SendRateLimiter.SLOT_PROPERTY)).as("the slot is used up").isNull();
  }

  private double lateSlots(String number) {
    var counter = meters.find("atende.send.slots.missed").tags("number", number, "priority", "reply", "reason", "late").counter();
    return counter == null ? 0 : counter.count();
  }

  private long leases(String number) {
    var timer = meters.find("atende.send.slot.leases").tags("number", number, "priority", "reply").timer();
    return timer == null ? 0 : timer.count();
  }

  /** Starts {@code count} concurrent sends from {@code number}, noting their recipients. */
  private List<Future<SendResult>> submit(ExecutorService pool, String number, int count, List<String> recipients) {
    List<Future<SendResult>> submitted = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String to = recipient();
      recipients.add(to);
      Callable<SendResult> send = () -> client.send(number, new OutboundMessage(to, Text.of("aviso")));
      submitted.add(pool.submit(send));
    }
    return submitted;
  }

  private static JsonNode json(String text) {
    try {
      return GraphJson.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
