package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageLog;
import io.atende.conversation.TemplateContacts;
import io.atende.integration.HeardEvents;
import io.atende.whatsapp.SignedWebhook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.atende.conversation.RecordedSends;
import io.atende.whatsapp.GraphApiException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Batch sends over HTTP as the people who send them (and a hostile user) would, through the bundled Cloud API
 * simulator: the model sheets, the row check of CSV and XLSX sheets with every bad-row reason, the whole-file errors,
 * who may do what, pause/resume/cancel, a repeated chunk sending nobody twice, the in-service rule (R21) and the
 * report's figures after out-of-order, repeated and failed statuses. The simulator's own statuses are held back (one
 * hour), so the statuses are the ones the tests post.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:batch-api;DB_CLOSE_DELAY=-1",
    "atende.simulator.sent-delay=1h",
    "atende.simulator.delivered-delay=1h",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.media-directory=target/batch-media",
    "atende.batches.max-file-size=64KB",
    "atende.whatsapp.numbers[0].phone-number-id=" + BatchApiTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    // a slow number only supervisors have: 2 messages/s, so batches take a while
    "atende.whatsapp.numbers[1].phone-number-id=" + BatchApiTest.SLOW_NUMBER,
    "atende.whatsapp.numbers[1].display-phone-number=5511950000000",
    "atende.whatsapp.numbers[1].messages-per-second=2"})
class BatchApiTest {

  static final String NUMBER = "106540352242922";
  static final String SLOW_NUMBER = "106540352242933";
  private static final Duration STEP = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired JdbcClient jdbc;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messages;
  @Autowired TemplateContacts templateContacts;
  @Autowired IdentityService identity;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired BatchDispatch dispatch;
  @MockitoSpyBean RecordedSends sends;

  @Autowired CamelContext camel;

  @BeforeEach
  void templatesAndAUserWithoutNumbers() throws Exception {
    // an integrator listens: the sends' events are written (with nobody listening they are not)
    HeardEvents.listenOn(camel, "batch-test");
    await().atMost(STEP).until(() -> approvedTemplates().contains("pesquisa_satisfacao"));
    if (identity.createUserQuery().userId("zeca").count() == 0) {
      User zeca = identity.newUser("zeca");
      zeca.setPassword("zeca");
      identity.saveUser(zeca);
    }
  }

  @Test
  void modelSheetsHaveThePhoneTheNameAndOneColumnPerVariableInOrder() throws IOException {
    ResponseEntity<byte[]> csv = rest.withBasicAuth("ana", "ana")
        .getForEntity("/api/batches/model?template=pesquisa_satisfacao&language=pt_BR&format=csv", byte[].class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentDisposition().getFilename()).endsWith(".csv");
    String text = new String(csv.getBody(), StandardCharsets.UTF_8).replace("\uFEFF", "").trim();
    assertThat(text).isEqualTo("Telefone;Nome;{{1}} do corpo;{{2}} do corpo");

    ResponseEntity<byte[]> xlsx = rest.withBasicAuth("ana", "ana")
        .getForEntity("/api/batches/model?template=recontato&language=pt_BR&format=xlsx", byte[].class);
    assertThat(xlsx.getStatusCode()).isEqualTo(HttpStatus.OK);
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.getBody()))) {
      List<Row> rows = workbook.getFirstSheet().read();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).stream().map(c -> c.getText()).toList()).containsExactly("Telefone", "Nome", "{{1}} do corpo");
    }

    ResponseEntity<JsonNode> unknown = rest.withBasicAuth("ana", "ana")
        .getForEntity("/api/batches/model?template=nao_existe&language=pt_BR&format=csv", JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().path("problem").asText()).isEqualTo("UNKNOWN_TEMPLATE");
  }

  @Test
  void aCsvWithBadRowsQueuesTheGoodOnesAndReportsEachBadRowWithItsNumberAndReason() {
    String sheet = """
        Telefone;Nome;{{1}} do corpo;{{2}} do corpo
        +55 (11) 98765-1001;Ana;Ana;555
        11 8765-1002;Bia;Bia;556
        ;Caio;Caio;557
        12345;Davi;Davi;558
        11987651001;Ana de novo;Ana;559
        11987651003;Edu;;560
        11987651004;Fábio;Fábio     Lima;561
        ;;;
        11987651005;Gil;Gil;562
        """;

    ResponseEntity<JsonNode> created = upload("ana", csv(sheet), NUMBER, "pesquisa_satisfacao", "Pesquisa de dezembro");

    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    JsonNode body = created.getBody();
    assertThat(body.path("id").asLong()).isPositive();
    assertThat(body.path("total").asInt()).isEqualTo(3);
    assertThat(body.path("invalid").asInt()).isEqualTo(5);
    Map<Integer, String> reasons = reasons(body.path("rows"));
    assertThat(reasons).containsOnlyKeys(4, 5, 6, 7, 8);
    assertThat(reasons.get(4)).isEqualTo("Informe o telefone.");
    assertThat(reasons.get(5)).startsWith("Telefone inválido: ");
    assertThat(reasons.get(6)).isEqualTo("Telefone repetido: já está na linha 2.");
    assertThat(reasons.get(7)).isEqualTo("Falta a variável {{1}} do corpo.");
    assertThat(reasons.get(8)).isNotBlank();

    long id = body.path("id").asLong();
    JsonNode done = await().atMost(STEP).until(() -> batch("ana", id),
        b -> b.path("sent").asInt() == 3 && "FINISHED".equals(b.path("status").asText()));
    assertThat(done.path("failed").asInt()).isZero();
    assertThat(businessMessages("5511987651001")).hasSize(1);
    assertThat(businessMessages("5511987651002")).as("the ninth digit added").hasSize(1);
    assertThat(businessMessages("5511987651005")).hasSize(1);

    String report = report("ana", id);
    assertThat(report).contains("2;5511987651001;Ana;Enviado").contains("3;5511987651002;Bia;Enviado")
        .contains("6;11987651001;;Linha inválida;;Telefone repetido: já está na linha 2.");
  }

  @Test
  void anXlsxSheetIsReadTooPhonesTypedAsNumbersIncluded() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook workbook = new Workbook(out, "test", "1.0");
    Worksheet sheet = workbook.newWorksheet("Planilha1");
    sheet.value(0, 0, "Telefone");
    sheet.value(0, 1, "Nome");
    sheet.value(0, 2, "{{1}} do corpo");
    sheet.value(1, 0, 5511987652001L);
    sheet.value(1, 1, "Hugo");
    sheet.value(1, 2, "Hugo");
    sheet.value(2, 0, "(11) 98765-2002");
    sheet.value(2, 1, "Iara");
    sheet.value(2, 2, "Iara");
    sheet.value(3, 0, "5511987652001");
    sheet.value(3, 1, "Hugo outra vez");
    sheet.value(3, 2, "Hugo");
    workbook.finish();

    ResponseEntity<JsonNode> created = upload("ana", new NamedBytes("lote.xlsx", out.toByteArray()), NUMBER, "recontato", "Recontato XLSX");

    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("total").asInt()).isEqualTo(2);
    assertThat(reasons(created.getBody().path("rows"))).containsOnlyKeys(4);
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> batch("ana", id).path("sent").asInt() == 2);
    assertThat(businessMessages("5511987652001")).singleElement().satisfies(t -> assertThat(t).startsWith("Olá, Hugo!"));
  }

  @Test
  void sheetsThatCannotBeSentAreRefusedWholeAndQueueNothing() {
    long before = jdbc.sql("select count(*) from batch_send").query(Long.class).single();

    assertRefused(csv("Fone;Nome\n11987653001;Ana\n"), "recontato", "As colunas não são as do modelo");
    assertRefused(new NamedBytes("vazia.csv", new byte[0]), "recontato", "Envie uma planilha");
    assertRefused(csv("\n\n"), "recontato", "A planilha está vazia");
    assertRefused(csv("Telefone;Nome;{{1}} do corpo\n"), "recontato", "não tem nenhuma linha");
    assertRefused(new NamedBytes("foto.xlsx", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13}), "recontato",
        "não é uma planilha");
    byte[] ole2 = new byte[1024];
    System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}, 0, ole2, 0, 8);
    assertRefused(new NamedBytes("senha.xlsx", ole2), "recontato", "protegida por senha");
    assertRefused(new NamedBytes("zip.xlsx", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}), "recontato", "não é uma planilha");

    ResponseEntity<JsonNode> noGoodRow = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n123;Ana;Ana\n11987653002;Bia;\n"),
        NUMBER, "recontato", "Nada bom");
    assertThat(noGoodRow.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noGoodRow.getBody().path("invalid").asInt()).isEqualTo(2);
    assertThat(reasons(noGoodRow.getBody().path("rows"))).containsOnlyKeys(2, 3);

    StringBuilder big = new StringBuilder("Telefone;Nome;{{1}} do corpo\n");
    for (int i = 0; big.length() < 70 * 1024; i++) {
      big.append("119876").append(String.format("%05d", i)).append(";Cliente;Cliente\n");
    }
    ResponseEntity<JsonNode> tooLarge = upload("ana", csv(big.toString()), NUMBER, "recontato", "Grande");
    assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(tooLarge.getBody().path("detail").asText()).contains("64 KB");

    ResponseEntity<JsonNode> pending = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n11987653003;Ana;10\n"), NUMBER,
        "promo_pendente", "Pendente");
    assertThat(pending.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<JsonNode> noTitle = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n11987653003;Ana;Ana\n"), NUMBER, "recontato", " ");
    assertThat(noTitle.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noTitle.getBody().path("detail").asText()).isEqualTo("Dê um título ao relatório do envio.");

    assertThat(jdbc.sql("select count(*) from batch_send").query(Long.class).single()).as("nothing queued").isEqualTo(before);
    assertThat(customers.findByWaId("5511987653001")).isEmpty();
  }

  @Test
  void onlyUsersWithTheNumberEnabledMayUseItAndNobodyWithoutLogin() {
    NamedBytes sheet = csv("Telefone;Nome;{{1}} do corpo\n11987654001;Ana;Ana\n");
    assertThat(upload("zeca", sheet, NUMBER, "recontato", "Sem número").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("zeca", "zeca").getForEntity("/api/batches", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("zeca", "zeca").getForEntity("/api/batches/model?template=recontato&language=pt_BR&format=csv",
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<JsonNode> notHers = upload("ana", sheet, SLOW_NUMBER, "recontato", "Número de outro");
    assertThat(notHers.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(notHers.getBody().path("detail").asText()).contains("não está habilitado para você");
    assertThat(rest.getForEntity("/api/batches", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    // a supervisor's batch on a number the agent does not have: invisible and untouchable for her
    ResponseEntity<JsonNode> supervisors = upload("carla", csv("Telefone;Nome;{{1}} do corpo\n11987654002;Lia;Lia\n"), SLOW_NUMBER,
        "recontato", "Da supervisão");
    assertThat(supervisors.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = supervisors.getBody().path("id").asLong();
    assertThat(rest.withBasicAuth("ana", "ana").getForEntity("/api/batches/" + id, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("ana", "ana").getForEntity("/api/batches/" + id + "/report", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("ana", "/api/batches/" + id + "/cancel").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("ana", "ana").getForObject("/api/batches", JsonNode.class))
        .noneMatch(b -> b.path("id").asLong() == id);
    assertThat(rest.withBasicAuth("carla", "carla").getForObject("/api/batches", JsonNode.class))
        .anyMatch(b -> b.path("id").asLong() == id && b.path("title").asText().equals("Da supervisão"));
  }

  @Test
  void aBatchCanBePausedResumedAndCancelledAndCancelledRecipientsAreNotSent() {
    StringBuilder sheet = new StringBuilder("Telefone;Nome;{{1}} do corpo\n");
    for (int i = 1; i <= 8; i++) {
      sheet.append("1198765500").append(i).append(";Cliente ").append(i).append(";Cliente\n");
    }
    ResponseEntity<JsonNode> created = upload("carla", csv(sheet.toString()), SLOW_NUMBER, "recontato", "Lento");
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> batch("carla", id).path("sent").asInt() >= 1);

    ResponseEntity<JsonNode> paused = post("carla", "/api/batches/" + id + "/pause");
    assertThat(paused.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(paused.getBody().path("status").asText()).isEqualTo("PAUSED");
    String instance = jdbc.sql("select process_instance_id from batch_send where id = ?").param(id).query(String.class).single();
    await().atMost(STEP).until(() -> runtime.createEventSubscriptionQuery().processInstanceId(instance)
        .eventName(BatchProcess.Messages.RESUMED).count() == 1);
    int sentWhilePaused = batch("carla", id).path("sent").asInt();
    assertThat(sentWhilePaused).isLessThan(8);
    assertThat(pendingSends(id)).as("the page prepared ahead of the pause did not leave: its records are gone").isZero();
    assertThat(post("carla", "/api/batches/" + id + "/pause").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    assertThat(post("carla", "/api/batches/" + id + "/resume").getBody().path("status").asText()).isEqualTo("RUNNING");
    await().atMost(STEP).until(() -> batch("carla", id).path("sent").asInt() > sentWhilePaused);

    ResponseEntity<JsonNode> cancelled = post("carla", "/api/batches/" + id + "/cancel");
    assertThat(cancelled.getBody().path("status").asText()).isEqualTo("CANCELLED");
    await().atMost(STEP).until(() -> history.createHistoricActivityInstanceQuery().processInstanceId(instance)
        .activityId(BatchProcess.Elements.BATCH_CANCELLED).count() == 1);
    JsonNode end = batch("carla", id);
    assertThat(end.path("cancelled").asInt()).isPositive();
    assertThat(end.path("sent").asInt() + end.path("cancelled").asInt()).isEqualTo(8);
    assertThat(end.path("queued").asInt()).isZero();
    assertThat(pendingSends(id)).isZero();
    int sentCustomers = 0;
    for (int i = 1; i <= 8; i++) {
      sentCustomers += businessMessages("551198765500" + i).size();
    }
    assertThat(sentCustomers).as("only the ones sent before the cancel, once each").isEqualTo(end.path("sent").asInt());
    assertThat(post("carla", "/api/batches/" + id + "/resume").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void aChunkRunAgainAfterACrashSendsNobodyTwice() {
    ResponseEntity<JsonNode> created = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n11987656001;Ana;Ana\n11987656002;Bia;Bia\n"),
        NUMBER, "recontato", "Reinício");
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> "FINISHED".equals(batch("ana", id).path("status").asText()));
    List<Long> firstMessages = jdbc.sql("select message_id from batch_recipient where batch_id = ? order by row_number").param(id)
        .query(Long.class).list();
    long ana = customers.findByWaId("5511987656001").orElseThrow().id();
    JsonNode event = singleBatchEvent(ana);
    assertThat(event.path("type").asText()).isEqualTo("batch-message.sent");
    assertThat(event.path("version").asInt()).isEqualTo(1);
    assertThat(event.path("customerId").asLong()).isEqualTo(ana);
    JsonNode data = event.path("data");
    assertThat(data.path("batchId").asLong()).isEqualTo(id);
    assertThat(data.path("title").asText()).isEqualTo("Reinício");
    assertThat(data.path("row").asInt()).isEqualTo(2);
    assertThat(data.path("businessNumber").asText()).isEqualTo(NUMBER);
    assertThat(data.path("messageId").asLong()).isEqualTo(firstMessages.get(0));
    assertThat(data.path("conversationId").asLong()).isPositive();
    assertThat(data.path("template").asText()).isEqualTo("recontato");
    assertThat(data.path("language").asText()).isEqualTo("pt_BR");
    assertThat(data.path("variables").get(0).asText()).isEqualTo("Ana");
    assertThat(data.path("createdBy").asText()).isEqualTo("ana");

    // the node died after the sends and before they were marked (the mark and its event are one transaction: neither
    // is there): the chunk runs again
    jdbc.sql("update batch_recipient set status = 'QUEUED', message_id = null where batch_id = ?").param(id).update();
    jdbc.sql("delete from integration_event where event_type = 'batch-message.sent' and body like ?").param("%\"batchId\":" + id + ",%")
        .update();
    jdbc.sql("update batch_send set status = 'RUNNING' where id = ?").param(id).update();
    assertThat(dispatch.dispatch(id)).isEqualTo(BatchProcess.Dispatch.DONE);

    assertThat(jdbc.sql("select message_id from batch_recipient where batch_id = ? order by row_number").param(id).query(Long.class).list())
        .isEqualTo(firstMessages);
    assertThat(businessMessages("5511987656001")).hasSize(1);
    assertThat(businessMessages("5511987656002")).hasSize(1);
    assertThat(singleBatchEvent(ana).path("data").path("messageId").asLong()).as("the integrators hear of the send once")
        .isEqualTo(firstMessages.get(0));
  }

  @Test
  void aRecipientWhoseSendsAnswerWasLostWaitsForItsStatusWhileTheBatchGoesOnAndIsNotSentTwice() {
    ResponseEntity<JsonNode> created = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n11987659101;Ana;Ana\n11987659102;Bia;Bia\n"),
        NUMBER, "recontato", "Resposta perdida");
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> "FINISHED".equals(batch("ana", id).path("status").asText()));
    String wamid = waMessageId(id, 2);
    long messageId = jdbc.sql("select message_id from batch_recipient where batch_id = ? and row_number = 2").param(id)
        .query(Long.class).single();

    // Ana's send left and WhatsApp took it, but its answer never came back (a reset): the record stays pending
    jdbc.sql("update chat_message set status = 'PENDING', wa_message_id = null, status_at = ? where id = ?")
        .params(java.sql.Timestamp.from(Instant.now()), messageId).update();
    jdbc.sql("update batch_recipient set status = 'QUEUED', message_id = null where batch_id = ? and row_number = 2").param(id).update();
    jdbc.sql("update batch_send set status = 'RUNNING' where id = ?").param(id).update();

    assertThat(dispatch.dispatch(id)).as("the row waits; the chunk neither fails nor sends it again")
        .isEqualTo(BatchProcess.Dispatch.MORE);
    assertThat(jdbc.sql("select status from batch_recipient where batch_id = ? and row_number = 2").param(id).query(String.class).single())
        .isEqualTo("QUEUED");
    assertThat(businessMessages("5511987659101")).hasSize(1);

    // Meta's status names the send by its key: the row is marked sent with the message it already was
    new SignedWebhook(port).post(status(wamid, "sent", Instant.now().getEpochSecond(), "5511987659101", null)
        .replace("\"recipient_id\":\"5511987659101\"", "\"recipient_id\":\"5511987659101\",\"biz_opaque_callback_data\":\"batch-" + id + "-2\""));
    await().atMost(STEP).until(() -> wamid.equals(messages.findById(messageId).orElseThrow().waMessageId()));
    assertThat(dispatch.dispatch(id)).isEqualTo(BatchProcess.Dispatch.DONE);

    assertThat(jdbc.sql("select message_id from batch_recipient where batch_id = ? and row_number = 2").param(id).query(Long.class).single())
        .isEqualTo(messageId);
    assertThat(businessMessages("5511987659101")).as("sent once").hasSize(1);
    assertThat(businessMessages("5511987659102")).hasSize(1);
  }

  @Test
  void whenWhatsAppFailsMidChunkThePreparedSendsThatDidNotLeaveLeaveNoTraceAndTheRetrySendsEachOnce() {
    // on the slow number (2/s) a page is one recipient: Bia's send meets an outage, Caio's page was prepared meanwhile
    String bia = "5511987657102";
    java.util.concurrent.atomic.AtomicLong batchId = new java.util.concurrent.atomic.AtomicLong();
    org.mockito.Mockito.doAnswer(call -> {
      RecordedSends.RecordedSend send = call.getArgument(0);
      // the outage answers once Caio's page is prepared (recorded, not yet sent)
      await().atMost(STEP).until(() -> batchId.get() > 0 && jdbc.sql("select count(*) from chat_message where send_key = ?")
          .param("batch-" + batchId.get() + "-3").query(Integer.class).single() == 1);
      // as the real sender does with Meta's refusal: recorded failed, then thrown
      messages.markFailed(send.messageId(), 131016, "Service unavailable", "try again later");
      throw new GraphApiException(503, 131016, "Service unavailable", "try again later", null, true, null);
    }).when(sends).deliver(org.mockito.ArgumentMatchers.argThat(s -> s != null && bia.equals(s.customerWaId())),
        org.mockito.ArgumentMatchers.any());
    ResponseEntity<JsonNode> created = upload("carla", csv("Telefone;Nome;{{1}} do corpo\n11987657101;Ana;Ana\n11987657102;Bia;Bia\n"
        + "11987657103;Caio;Caio\n11987657104;Duda;Duda\n"), SLOW_NUMBER, "recontato", "Queda no meio");
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().path("id").asLong();
    batchId.set(id);
    await().atMost(STEP).until(() -> recipientStatuses(id).equals(List.of("SENT", "QUEUED", "QUEUED", "QUEUED"))
        && jobFailedOnce(id));

    assertThat(businessMessages("5511987657101")).hasSize(1);
    assertThat(businessMessages(bia)).isEmpty();
    long caio = customers.findByWaId("5511987657103").map(c -> c.id()).orElse(-1L);
    assertThat(jdbc.sql("select count(*) from chat_message where customer_id = ?").param(caio).query(Integer.class).single())
        .as("Caio's prepared send never left: no pending message in his history").isZero();
    assertThat(jdbc.sql("select count(*) from conversation where customer_id = ? and status = 'OPEN'").param(caio).query(Integer.class).single())
        .as("nor a conversation left open for it").isZero();

    // WhatsApp is back: the chunk runs again (here at once rather than at the job's next try)
    org.mockito.Mockito.reset(sends);
    assertThat(dispatch.dispatch(id)).isEqualTo(BatchProcess.Dispatch.DONE);
    assertThat(recipientStatuses(id)).containsOnly("SENT");
    for (String phone : List.of("5511987657101", bia, "5511987657103", "5511987657104")) {
      assertThat(businessMessages(phone)).as(phone + " once").hasSize(1);
    }
  }

  /** The batch's send records still pending: prepared, never sent nor discarded. */
  private int pendingSends(long batchId) {
    return jdbc.sql("select count(*) from chat_message where send_key like ? and status = 'PENDING'").param("batch-" + batchId + "-%")
        .query(Integer.class).single();
  }

  private List<String> recipientStatuses(long batchId) {
    return jdbc.sql("select status from batch_recipient where batch_id = ? order by row_number").param(batchId).query(String.class).list();
  }

  private boolean jobFailedOnce(long batchId) {
    String instance = jdbc.sql("select process_instance_id from batch_send where id = ?").param(batchId).query(String.class).single();
    return runtime.createIncidentQuery().processInstanceId(instance).count() > 0
        || !jdbc.sql("select id_ from ACT_RU_JOB where process_instance_id_ = ? and exception_msg_ is not null").param(instance)
            .query(String.class).list().isEmpty();
  }

  private JsonNode singleBatchEvent(long customerId) {
    List<String> bodies = jdbc.sql("select body from integration_event where event_type = 'batch-message.sent' and customer_key = ?")
        .param("customer:" + customerId).query(String.class).list();
    assertThat(bodies).hasSize(1);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(bodies.get(0));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aCustomerInServiceOnlyGetsTheTemplateInTheHistoryAndAReplyWithNoProtocolGoesToTheBot() {
    // Jane is with an agent: a protocol open on the number
    long jane = customers.findOrCreateByWaId("5511987657001", "Jane").id();
    ConversationStore.Conversation service = conversations.open(jane, NUMBER);
    conversations.setProtocol(service.id(), "20261206-990001");
    conversations.route(service.id(), "atendimento", "ana");

    ResponseEntity<JsonNode> checked = check("ana", csv("Telefone;Nome;{{1}} do corpo\n11987657001;Jane;Jane\n11987657002;Kiko;Kiko\n"),
        NUMBER, "recontato");
    assertThat(checked.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(checked.getBody().path("inService").asInt()).as("the page warns before sending").isEqualTo(1);
    assertThat(checked.getBody().path("total").asInt()).isEqualTo(2);

    ResponseEntity<JsonNode> created = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n11987657001;Jane;Jane\n11987657002;Kiko;Kiko\n"),
        NUMBER, "recontato", "Em atendimento");
    assertThat(created.getBody().path("inService").asInt()).isEqualTo(1);
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> batch("ana", id).path("sent").asInt() == 2);

    assertThat(messages.conversation(service.id())).as("the template is in her conversation's history")
        .anyMatch(m -> m.body() != null && m.body().startsWith("Olá, Jane!"));
    assertThat(conversations.findOpen(jane, NUMBER)).get().extracting(ConversationStore.Conversation::id).isEqualTo(service.id());
    long kiko = customers.findByWaId("5511987657002").orElseThrow().id();
    assertThat(conversations.findOpen(kiko, NUMBER)).as("nothing going on for Kiko").isEmpty();
    assertThat(templateContacts.lastOrigin(kiko, NUMBER)).contains(TemplateContacts.Origin.BATCH);
    assertThat(templateContacts.lastOrigin(jane, NUMBER)).contains(TemplateContacts.Origin.BATCH);

    say("5511987657002", "Kiko", "Oi, recebi a mensagem");
    awaitBusinessMessage("5511987657002", "1 – Comercial");

    say("5511987657001", "Jane", "Obrigada!");
    await().atMost(STEP).until(() -> messages.conversation(service.id()).stream().anyMatch(m -> "Obrigada!".equals(m.body())));
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(jane + "@" + NUMBER).count()).as("no bot for Jane")
        .isZero();
    assertThat(businessMessages("5511987657001")).noneMatch(t -> t.contains("1 – Comercial"));
  }

  @Test
  void theReportsFiguresStayRightWithOutOfOrderRepeatedAndFailedStatuses() {
    ResponseEntity<JsonNode> created = upload("ana", csv("""
        Telefone;Nome;{{1}} do corpo;{{2}} do corpo
        11987658001;Ana;Ana;1
        11987658002;Bia;Bia;2
        11987658003;Caio;Caio;3
        """), NUMBER, "pesquisa_satisfacao", "Status");
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> batch("ana", id).path("sent").asInt() == 3);
    String a = waMessageId(id, 2);
    String b = waMessageId(id, 3);
    String c = waMessageId(id, 4);
    long t = Instant.now().getEpochSecond();
    SignedWebhook webhook = new SignedWebhook(port);

    webhook.post(status(a, "read", t + 3, "5511987658001", null));
    webhook.post(status(a, "delivered", t + 2, "5511987658001", null));
    webhook.post(status(a, "sent", t + 1, "5511987658001", null));
    webhook.post(status(a, "read", t + 3, "5511987658001", null));
    webhook.post(status(b, "failed", t + 2, "5511987658002", 131026));
    webhook.post(status(b, "sent", t + 1, "5511987658002", null));
    webhook.post(status(c, "delivered", t + 2, "5511987658003", null));
    webhook.post(status(c, "sent", t + 1, "5511987658003", null));
    webhook.post(status(c, "delivered", t + 2, "5511987658003", null));

    JsonNode figures = await().atMost(STEP).until(() -> batch("ana", id),
        f -> f.path("read").asInt() == 1 && f.path("failed").asInt() == 1 && f.path("delivered").asInt() == 2);
    assertThat(figures.path("sent").asInt()).isEqualTo(2);
    assertThat(figures.path("deliveredPercent").asInt()).isEqualTo(66);
    String report = report("ana", id);
    assertThat(report).contains("2;5511987658001;Ana;Lido;;")
        .contains("3;5511987658002;Bia;Falhou;131026;Mensagem não entregue: o número não tem WhatsApp")
        .contains("4;5511987658003;Caio;Entregue;;");
    JsonNode listed = StreamSupport.stream(rest.withBasicAuth("ana", "ana").getForObject("/api/batches", JsonNode.class).spliterator(), false)
        .filter(x -> x.path("id").asLong() == id).findFirst().orElseThrow();
    assertThat(listed.path("title").asText()).isEqualTo("Status");
    assertThat(listed.path("template").asText()).isEqualTo("pesquisa_satisfacao");
    assertThat(listed.path("displayPhoneNumber").asText()).isEqualTo("5511940000000");
    assertThat(listed.path("total").asInt()).isEqualTo(3);
  }

  @Test
  void aBatchThatEndedLongerAgoThanTheSettleTimeKeepsTheFiguresCountedThenWhileTheReportFollowsLateStatuses() {
    ResponseEntity<JsonNode> created = upload("ana", csv("""
        Telefone;Nome;{{1}} do corpo;{{2}} do corpo
        11987659001;Ana;Ana;1
        11987659002;Bia;Bia;2
        """), NUMBER, "pesquisa_satisfacao", "Antigo");
    long id = created.getBody().path("id").asLong();
    await().atMost(STEP).until(() -> batch("ana", id), b -> b.path("sent").asInt() == 2 && "FINISHED".equals(b.path("status").asText()));
    String a = waMessageId(id, 2);
    long t = Instant.now().getEpochSecond();
    SignedWebhook webhook = new SignedWebhook(port);
    webhook.post(status(a, "delivered", t + 1, "5511987659001", null));
    await().atMost(STEP).until(() -> batch("ana", id).path("delivered").asInt() == 1);

    // eight days later (atende.batches.figures-settle-after: 7 days): counted once more and kept
    jdbc.sql("update batch_send set finished_at = ? where id = ?").params(Timestamp.from(Instant.now().minus(Duration.ofDays(8))), id)
        .update();
    assertThat(batch("ana", id).path("delivered").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("select delivered from batch_figures where batch_id = ?").param(id).query(Integer.class).single()).isEqualTo(1);

    // a status that comes later still: the message and the report follow it, the kept figures do not (nor are they counted)
    webhook.post(status(a, "read", t + 2, "5511987659001", null));
    await().atMost(STEP).until(() -> report("ana", id).contains("2;5511987659001;Ana;Lido;;"));
    JsonNode kept = batch("ana", id);
    assertThat(kept.path("delivered").asInt()).isEqualTo(1);
    assertThat(kept.path("read").asInt()).isZero();
    JsonNode listed = StreamSupport.stream(rest.withBasicAuth("ana", "ana").getForObject("/api/batches", JsonNode.class).spliterator(), false)
        .filter(x -> x.path("id").asLong() == id).findFirst().orElseThrow();
    assertThat(listed.path("read").asInt()).isZero();
    assertThat(listed.path("deliveredPercent").asInt()).isEqualTo(50);
  }

  @Test
  void recipientsTheMessagingLimitRefusesAreReportedAsRefusedWithTheReasonNotDropped() {
    ResponseEntity<JsonNode> created = upload("ana", csv("Telefone;Nome;{{1}} do corpo\n11987650999;Ana;Ana\n11987651998;Bia;Bia\n"),
        NUMBER, "recontato", "Limite");
    long id = created.getBody().path("id").asLong();

    JsonNode done = await().atMost(STEP).until(() -> batch("ana", id), b -> "FINISHED".equals(b.path("status").asText()));
    assertThat(done.path("sent").asInt()).isEqualTo(1);
    assertThat(done.path("refused").asInt()).isEqualTo(1);
    assertThat(businessMessages("5511987650999")).isEmpty();
    assertThat(report("ana", id)).contains("2;5511987650999;Ana;Recusado;;" + LimitForTests.REASON);
  }

  /** The messaging limit as the tests want it: customers whose phone ends in 0999 are over it. */
  @TestConfiguration
  static class LimitForTests {
    static final String REASON = "Limite de mensagens atingido: 1.000 clientes em 24 horas.";

    @Bean
    @Primary
    RecipientAllowance limitForTests(CustomerStore customers) {
      return (number, customerId) -> customers.findById(customerId).map(CustomerStore.Customer::waId).orElse("").endsWith("0999")
          ? RecipientAllowance.Allowance.refuse(REASON) : RecipientAllowance.Allowance.allow();
    }
  }

  // ---- helpers

  record NamedBytes(String name, byte[] bytes) {}

  static NamedBytes csv(String text) {
    return new NamedBytes("lote.csv", text.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRefused(NamedBytes file, String template, String detail) {
    ResponseEntity<JsonNode> refused = upload("ana", file, NUMBER, template, "Recusado");
    assertThat(refused.getStatusCode()).as(file.name() + ": " + refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().path("detail").asText()).contains(detail);
  }

  ResponseEntity<JsonNode> upload(String user, NamedBytes file, String number, String template, String title) {
    return multipart(user, "/api/batches", file, number, template, title);
  }

  ResponseEntity<JsonNode> check(String user, NamedBytes file, String number, String template) {
    return multipart(user, "/api/batches/check", file, number, template, null);
  }

  private ResponseEntity<JsonNode> multipart(String user, String path, NamedBytes file, String number, String template, String title) {
    MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
    parts.add("file", new ByteArrayResource(file.bytes()) {
      @Override
      public String getFilename() {
        return file.name();
      }
    });
    parts.add("phoneNumberId", number);
    parts.add("template", template);
    parts.add("language", "pt_BR");
    if (title != null) {
      parts.add("title", title);
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return rest.withBasicAuth(user, user).exchange(path, HttpMethod.POST, new HttpEntity<>(parts, headers), JsonNode.class);
  }

  private ResponseEntity<JsonNode> post(String user, String path) {
    return rest.withBasicAuth(user, user).exchange(path, HttpMethod.POST, HttpEntity.EMPTY, JsonNode.class);
  }

  private JsonNode batch(String user, long id) {
    return rest.withBasicAuth(user, user).getForObject("/api/batches/" + id, JsonNode.class);
  }

  private String report(String user, long id) {
    ResponseEntity<byte[]> report = rest.withBasicAuth(user, user).getForEntity("/api/batches/" + id + "/report", byte[].class);
    assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(report.getHeaders().getContentType().toString()).startsWith("text/csv");
    return new String(report.getBody(), StandardCharsets.UTF_8);
  }

  private static Map<Integer, String> reasons(JsonNode rows) {
    Map<Integer, String> reasons = new java.util.TreeMap<>();
    rows.forEach(r -> reasons.put(r.path("row").asInt(), r.path("reason").asText()));
    return reasons;
  }

  private String waMessageId(long batchId, int row) {
    return jdbc.sql("select m.wa_message_id from batch_recipient r join chat_message m on m.id = r.message_id"
        + " where r.batch_id = ? and r.row_number = ?").params(batchId, row).query(String.class).single();
  }

  private static String status(String waMessageId, String status, long at, String recipient, Integer errorCode) {
    String errors = errorCode == null ? "" : """
        ,"errors":[{"code":%d,"title":"Message undeliverable","message":"Message undeliverable","error_data":{"details":"x"}}]"""
        .formatted(errorCode);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
        "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"%s}]}}]}]}"""
        .formatted(NUMBER, waMessageId, status, at, recipient, errors);
  }

  private List<String> approvedTemplates() {
    JsonNode list = rest.withBasicAuth("ana", "ana").getForObject("/api/templates?status=APPROVED", JsonNode.class);
    return StreamSupport.stream(list.spliterator(), false).map(t -> t.path("name").asText()).toList();
  }

  private void say(String customer, String name, String text) {
    var response = rest.postForEntity("/simulator/api/customers/" + customer + "/messages", Map.of("name", name, "text", text), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private List<String> businessMessages(String customer) {
    JsonNode chat = rest.getForObject("/simulator/api/customers/" + customer + "/messages", JsonNode.class);
    List<String> texts = new ArrayList<>();
    chat.path("messages").forEach(m -> {
      if ("outbound".equals(m.path("direction").asText())) {
        texts.add(m.path("content").path("text").asText(""));
      }
    });
    return texts;
  }

  private void awaitBusinessMessage(String customer, String fragment) {
    await().atMost(STEP).until(() -> businessMessages(customer).stream().anyMatch(t -> t.contains(fragment)));
  }
}
