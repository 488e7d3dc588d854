package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.CustomerMessageHandler;
import io.atende.conversation.Direction;
import io.atende.conversation.MessageLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:webhook-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.inbound-sweep-grace=0s",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.inbound-sweep-delay=0s"})
class WebhookTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired MessageLog messages;
  @Autowired InboundEventStore store;
  /** The channel is tested on its own: the journey behind this seam has its own tests. */
  @MockitoBean CustomerMessageHandler journey;

  SignedWebhook webhook;

  @BeforeEach
  void setUp() {
    webhook = new SignedWebhook(port);
  }

  @Test
  void handshakeEchoesTheChallengeOnTheRightToken() {
    var response = webhook.get("hub.mode=subscribe&hub.verify_token=atende-verify-token&hub.challenge=1158201444");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("1158201444");
  }

  @Test
  void handshakeIsRefusedOnAWrongToken() {
    assertThat(webhook.get("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444").statusCode()).isEqualTo(403);
    assertThat(webhook.get("hub.mode=unsubscribe&hub.verify_token=atende-verify-token&hub.challenge=1").statusCode()).isEqualTo(403);
  }

  @Test
  void notificationWithoutOrWithBadSignatureIsRefusedAndNothingIsStored() {
    int before = notifications();
    byte[] body = SignedWebhook.text("5511900000001", "Ana", "wamid.SIG1", "oi", now()).getBytes(StandardCharsets.UTF_8);
    assertThat(webhook.post(body, null).statusCode()).isEqualTo(401);
    assertThat(webhook.post(body, WebhookSignature.sign(body, "not-the-app-secret")).statusCode()).isEqualTo(401);
    assertThat(webhook.post(body, "sha1=abc").statusCode()).isEqualTo(401);
    assertThat(notifications()).isEqualTo(before);
  }

  @Test
  void aSignedNotificationThatCannotBeReadIsKeptParkedWithItsReason() {
    int before = notifications();
    var response = webhook.post("{\"object\":\"whatsapp_business_account\",\"entry\":[");
    assertThat(response.statusCode()).as("Meta does not resend an answered notification: it is kept").isEqualTo(200);
    var notWhatsApp = webhook.post("{\"object\":\"page\",\"entry\":[]}");
    assertThat(notWhatsApp.statusCode()).isEqualTo(200);
    assertThat(notifications()).isEqualTo(before + 2);
    assertThat(jdbc.sql("select last_error from inbound_event where status = 'FAILED' and dedupe_key like 'parked:%' order by id")
        .query(String.class).list()).anySatisfy(reason -> assertThat(reason).startsWith("Unreadable notification"))
        .anySatisfy(reason -> assertThat(reason).contains("whatsapp_business_account"));
  }

  @Test
  void repeatedMessageIdIsProcessedOnce() {
    String body = SignedWebhook.text("5511900000002", "Bia", "wamid.REPEAT1", "oi", now());
    assertThat(webhook.post(body).statusCode()).isEqualTo(200);
    assertThat(webhook.post(body).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.REPEAT1");
    assertThat(jdbc.sql("select count(*) from inbound_event where dedupe_key = 'msg:wamid.REPEAT1'").query(Integer.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from chat_message where wa_message_id = 'wamid.REPEAT1'").query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void everyInboundTypeIsParsedAndRecorded() {
    assertThat(webhook.post(SignedWebhook.fixture("all-message-types.json")).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.SYSTEM1");
    // the last message says the customer changed number: they keep their history under the new one
    assertThat(jdbc.sql("select count(*) from customer where wa_id = '5511988887777'").query(Integer.class).single()).isZero();
    Map<String, MessageLog.Entry> byId = messages.customer(customerId("5511966665555")).stream()
        .collect(Collectors.toMap(MessageLog.Entry::waMessageId, e -> e));
    assertThat(byId.get("wamid.TEXT1")).satisfies(e -> {
      assertThat(e.type()).isEqualTo(MessageType.TEXT);
      assertThat(e.body()).isEqualTo("Olá, preciso de ajuda");
      assertThat(e.direction()).isEqualTo(Direction.IN);
    });
    assertThat(byId.get("wamid.IMAGE1")).satisfies(e -> {
      assertThat(e.type()).isEqualTo(MessageType.IMAGE);
      assertThat(e.mediaId()).isEqualTo("1479537139650973");
      assertThat(e.mediaMimeType()).isEqualTo("image/jpeg");
      assertThat(e.body()).isEqualTo("comprovante");
    });
    assertThat(byId.get("wamid.AUDIO1").type()).isEqualTo(MessageType.AUDIO);
    assertThat(byId.get("wamid.VIDEO1").mediaId()).isEqualTo("1296587731133287");
    assertThat(byId.get("wamid.DOC1")).satisfies(e -> {
      assertThat(e.mediaFilename()).isEqualTo("boleto.pdf");
      assertThat(e.mediaMimeType()).isEqualTo("application/pdf");
    });
    assertThat(byId.get("wamid.STICKER1").type()).isEqualTo(MessageType.STICKER);
    assertThat(byId.get("wamid.LOC1").body()).contains("Loja Paulista").contains("-23.5631");
    assertThat(byId.get("wamid.CONTACTS1").body()).isEqualTo("Bruno Lima");
    assertThat(byId.get("wamid.BTNREPLY1").body()).isEqualTo("Sim");
    assertThat(byId.get("wamid.LISTREPLY1").body()).isEqualTo("Expressa");
    assertThat(byId.get("wamid.TPLBTN1")).satisfies(e -> {
      assertThat(e.type()).isEqualTo(MessageType.BUTTON);
      assertThat(e.body()).isEqualTo("Quero falar");
    });
    assertThat(byId.get("wamid.REACT1").body()).isEqualTo("👍");
    assertThat(byId.get("wamid.ORDER1").type()).isEqualTo(MessageType.ORDER);
    assertThat(byId.get("wamid.SYSTEM1").type()).isEqualTo(MessageType.SYSTEM);
    assertThat(byId.get("wamid.UNSUP1").type()).isEqualTo(MessageType.UNSUPPORTED);
    assertThat(byId.get("wamid.FUTURE1").type()).isEqualTo(MessageType.UNKNOWN);
    assertThat(byId).hasSize(16);
  }

  @Test
  void statusesOutOfOrderNeverMoveAMessageBackwards() {
    long id = outbound("wamid.OUTBOUND1");
    assertThat(webhook.post(SignedWebhook.fixture("statuses-out-of-order.json")).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingEvents() == 0);
    assertThat(messages.findById(id).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void failedStatusKeepsItsErrorCodeAndReason() {
    long id = outbound("wamid.OUTBOUND2");
    webhook.post(SignedWebhook.fixture("status-failed.json"));
    await().atMost(Duration.ofSeconds(10)).until(() -> messages.findById(id).orElseThrow().status() == DeliveryStatus.FAILED);
    MessageLog.Entry failed = messages.findById(id).orElseThrow();
    assertThat(failed.errorCode()).isEqualTo(131047);
    assertThat(failed.errorTitle()).isEqualTo("Re-engagement message");
    assertThat(failed.errorDetails()).contains("more than 24 hours");
  }

  @Test
  void statusThatOvertakesItsSendIsAppliedOnceTheMessageIsKnown() {
    webhook.post(SignedWebhook.fixture("status-failed.json").replace("wamid.OUTBOUND2", "wamid.LATE1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> lastError("status:wamid.LATE1:failed") != null);
    long id = outbound("wamid.LATE1");
    await().atMost(Duration.ofSeconds(15)).until(() -> messages.findById(id).orElseThrow().status() == DeliveryStatus.FAILED);
  }

  @Test
  void notificationAcceptedBeforeACrashIsProcessedAfterRestart() {
    // stored like the webhook does, but never handed to a lane: what a crash right after the 200 leaves behind
    byte[] raw = SignedWebhook.text("5511900000003", "Caio", "wamid.CRASH1", "oi", now()).getBytes(StandardCharsets.UTF_8);
    store.store(raw, parse(raw));
    awaitProcessed("wamid.CRASH1");
  }

  @Test
  void oneCustomersMessagesAreRecordedInTheOrderTheyArrived() {
    long t = now();
    for (int i = 0; i < 20; i++) {
      assertThat(webhook.post(SignedWebhook.text("5511900000004", "Duda", "wamid.ORDER-" + i, "m" + i, t + i)).statusCode()).isEqualTo(200);
    }
    awaitProcessed("wamid.ORDER-19");
    List<String> bodies = messages.customer(customerId("5511900000004")).stream().map(MessageLog.Entry::body).toList();
    assertThat(bodies).containsExactly(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toArray(String[]::new));
  }

  @Test
  void messageFromAUsernameCustomerIsRecordedUnderTheirBusinessScopedUserId() {
    assertThat(webhook.post(usernameMessage("BR.1502576394655843", "Eva", "eva.s", "wamid.BSUID1")).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.BSUID1");

    assertThat(jdbc.sql("select wa_id, user_id, username, profile_name from customer where user_id = 'BR.1502576394655843'")
        .query((rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).single())
        .containsExactly(null, "BR.1502576394655843", "eva.s", "Eva");
    assertThat(messages.findByWaMessageId("wamid.BSUID1").orElseThrow().body()).isEqualTo("oi");
  }

  @Test
  void usernameCustomerWhoLaterShowsTheNumberStaysOneCustomer() {
    assertThat(webhook.post(usernameMessage("BR.2602576394655843", "Fabi", "fabi", "wamid.BSUID2")).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.BSUID2");
    long customer = jdbc.sql("select id from customer where user_id = 'BR.2602576394655843'").query(Long.class).single();

    String withPhone = SignedWebhook.text("5511900000005", "Fabi", "wamid.BSUID3", "meu número", now())
        .replace("\"wa_id\":\"5511900000005\"", "\"wa_id\":\"5511900000005\",\"user_id\":\"BR.2602576394655843\"")
        .replace("\"from\":\"5511900000005\"", "\"from\":\"5511900000005\",\"from_user_id\":\"BR.2602576394655843\"");
    assertThat(webhook.post(withPhone).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.BSUID3");

    assertThat(customerId("5511900000005")).isEqualTo(customer);
    assertThat(messages.customer(customer)).extracting(MessageLog.Entry::waMessageId).containsExactly("wamid.BSUID2", "wamid.BSUID3");
  }

  @Test
  void numberChangeToANumberOfAnotherCustomerKeepsBothApart() {
    webhook.post(SignedWebhook.text("5511900000007", "Hugo", "wamid.OTHER1", "oi", now()));
    awaitProcessed("wamid.OTHER1");
    String change = SignedWebhook.text("5511900000006", "Iara", "wamid.CHANGE1", "x", now())
        .replace("\"type\":\"text\",\"text\":{\"body\":\"x\"}",
            "\"type\":\"system\",\"system\":{\"body\":\"User Iara changed number\",\"wa_id\":\"5511900000007\",\"type\":\"user_changed_number\"}");
    assertThat(change).contains("user_changed_number");

    webhook.post(change);
    awaitProcessed("wamid.CHANGE1");

    assertThat(customerId("5511900000006")).isNotEqualTo(customerId("5511900000007"));
  }

  @Test
  void usernameCustomerWhoseBusinessScopedUserIdChangesStaysOneCustomer() {
    webhook.post(usernameMessage("BR.5102576394655843", "Joana", "joana", "wamid.BSUIDOLD1"));
    awaitProcessed("wamid.BSUIDOLD1");
    long customer = jdbc.sql("select id from customer where user_id = 'BR.5102576394655843'").query(Long.class).single();

    // as Meta documents it (2026-08): no phone number, no contacts block; the old and the new BSUID in "system"
    assertThat(webhook.post(systemMessage("wamid.BSUIDCHANGE1", """
        {"body":"User Joana changed their business-scoped user ID","type":"user_changed_user_id",
         "user_id":"BR.5202576394655843","previous_user_id":"BR.5102576394655843"}""")).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.BSUIDCHANGE1");
    webhook.post(usernameMessage("BR.5202576394655843", "Joana", "joana", "wamid.BSUIDNEW1"));
    awaitProcessed("wamid.BSUIDNEW1");

    assertThat(jdbc.sql("select user_id from customer where id = ?").param(customer).query(String.class).single())
        .isEqualTo("BR.5202576394655843");
    assertThat(messages.customer(customer)).extracting(MessageLog.Entry::waMessageId)
        .containsExactly("wamid.BSUIDOLD1", "wamid.BSUIDCHANGE1", "wamid.BSUIDNEW1");
  }

  @Test
  void numberChangeAlsoTakesTheNewBusinessScopedUserId() {
    String before = SignedWebhook.text("5511900000008", "Lia", "wamid.LIA1", "oi", now())
        .replace("\"from\":\"5511900000008\"", "\"from\":\"5511900000008\",\"from_user_id\":\"BR.5302576394655843\"");
    webhook.post(before);
    awaitProcessed("wamid.LIA1");
    long customer = customerId("5511900000008");

    webhook.post(systemMessage("wamid.LIACHANGE1", """
        {"body":"User Lia changed from 5511900000008 to 5511900000009","type":"user_changed_number","wa_id":"5511900000009",
         "user_id":"BR.5402576394655843","previous_user_id":"BR.5302576394655843"}""").replace("\"id\":\"wamid.LIACHANGE1\"",
        "\"from\":\"5511900000008\",\"id\":\"wamid.LIACHANGE1\""));
    awaitProcessed("wamid.LIACHANGE1");

    assertThat(jdbc.sql("select wa_id, user_id from customer where id = ?").param(customer)
        .query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single())
        .containsExactly("5511900000009", "BR.5402576394655843");
  }

  @Test
  void systemMessageDoesNotOpenTheServiceWindow() {
    long wrote = now() - 7200;
    webhook.post(SignedWebhook.text("5511900000010", "Mia", "wamid.MIA1", "oi", wrote));
    awaitProcessed("wamid.MIA1");

    webhook.post(systemMessage("wamid.MIACHANGE1", """
        {"body":"User Mia changed from 5511900000010 to 5511900000011","type":"user_changed_number","wa_id":"5511900000011"}""")
        .replace("\"id\":\"wamid.MIACHANGE1\"", "\"from\":\"5511900000010\",\"id\":\"wamid.MIACHANGE1\""));
    awaitProcessed("wamid.MIACHANGE1");

    assertThat(jdbc.sql("select last_inbound_at from customer where wa_id = '5511900000011'").query(java.sql.Timestamp.class).single()
        .toInstant()).isEqualTo(Instant.ofEpochSecond(wrote));
  }

  @Test
  void statusOfAMessageSentToABusinessScopedUserIdIsApplied() {
    long id = outbound("wamid.TOBSUID1");
    String status = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},
        "statuses":[{"id":"wamid.TOBSUID1","status":"read","timestamp":"%d","recipient_user_id":"BR.4802576394655843"}]}}]}]}"""
        .formatted(now());

    assertThat(webhook.post(status).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> messages.findById(id).orElseThrow().status() == DeliveryStatus.READ);
    assertThat(jdbc.sql("select wa_id from inbound_event where dedupe_key = 'status:wamid.TOBSUID1:read'").query(String.class).single())
        .as("ordered with the customer's other events").isEqualTo("BR.4802576394655843");
  }

  @Test
  void messageThatNamesNoCustomerIsParkedAtOnceWithAClearReason() {
    String body = usernameMessage("BR.3702576394655843", "Gil", "gil", "wamid.NOBODY1")
        .replace("\"from_user_id\":\"BR.3702576394655843\",", "").replace("\"user_id\":\"BR.3702576394655843\"", "\"user_id\":null");

    assertThat(webhook.post(body).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(eventStatus("msg:wamid.NOBODY1")));
    assertThat(lastError("msg:wamid.NOBODY1")).contains("wamid.NOBODY1").contains("names neither");
    assertThat(attempts("msg:wamid.NOBODY1")).isEqualTo(1);
    assertThat(messages.existsByWaMessageId("wamid.NOBODY1")).isFalse();
  }

  @Test
  void aCustomersOverlongNameAndFileNameAreCutToTheirColumnsAndTheMessageIsKept() {
    String name = "Maria " + "😀".repeat(200);
    String filename = "x".repeat(700) + ".pdf";
    String body = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"%s"},"wa_id":"5511933332222"}],
        "messages":[{"from":"5511933332222","id":"wamid.LONGNAMES1","timestamp":"%d","type":"document",
          "document":{"id":"1479537139650999","mime_type":"application/pdf","sha256":"abc","filename":"%s"}}]}}]}]}"""
        .formatted(name, now(), filename);

    assertThat(webhook.post(body).statusCode()).isEqualTo(200);
    awaitProcessed("wamid.LONGNAMES1");

    assertThat(eventStatus("msg:wamid.LONGNAMES1")).isEqualTo("DONE");
    String kept = jdbc.sql("select profile_name from customer where wa_id = '5511933332222'").query(String.class).single();
    assertThat(kept).startsWith("Maria 😀").hasSizeLessThanOrEqualTo(256).isEqualTo(name.substring(0, kept.length()));
    assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).as("no half of an emoji").isFalse();
    assertThat(messages.customer(customerId("5511933332222")).get(0).mediaFilename()).hasSize(512).startsWith("xxx");
  }

  /** A text from a customer who hides the phone number behind a username, shaped as Meta documents it (2026). */
  private static String usernameMessage(String bsuid, String name, String username, String waMessageId) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"%s","username":"%s"},"user_id":"%s"}],
        "messages":[{"from_user_id":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"oi"}}]}}]}]}"""
        .formatted(name, username, bsuid, bsuid, waMessageId, now());
  }

  /** A system message (identity change), which Meta sends without a contacts block. */
  private static String systemMessage(String waMessageId, String system) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},
        "messages":[{"id":"%s","timestamp":"%d","type":"system","system":%s}]}}]}]}"""
        .formatted(waMessageId, now(), system);
  }

  private String eventStatus(String dedupeKey) {
    return jdbc.sql("select status from inbound_event where dedupe_key = ?").param(dedupeKey).query(String.class).optional().orElse(null);
  }

  private int attempts(String dedupeKey) {
    return jdbc.sql("select attempts from inbound_event where dedupe_key = ?").param(dedupeKey).query(Integer.class).single();
  }

  private static WebhookPayload.Notification parse(byte[] raw) {
    try {
      return GraphJson.mapper().readValue(raw, WebhookPayload.Notification.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private long outbound(String waMessageId) {
    long customer = jdbc.sql("select count(*) from customer where wa_id = '5511988887777'").query(Integer.class).single() == 0
        ? insertCustomer("5511988887777") : customerId("5511988887777");
    long id = messages.record(new MessageLog.NewMessage(customer, null, "106540352242922", Direction.OUT, "bot", null, null,
        MessageType.TEXT, "olá", null, null, null, null, DeliveryStatus.PENDING, Instant.now()));
    messages.markAccepted(id, waMessageId);
    return id;
  }

  private long insertCustomer(String waId) {
    jdbc.sql("insert into customer (wa_id, created_at) values (?, current_timestamp)").param(waId).update();
    return customerId(waId);
  }

  private long customerId(String waId) {
    return jdbc.sql("select id from customer where wa_id = ?").param(waId).query(Long.class).single();
  }

  private void awaitProcessed(String waMessageId) {
    await().atMost(Duration.ofSeconds(15)).until(() -> messages.existsByWaMessageId(waMessageId));
  }

  private int notifications() {
    return jdbc.sql("select count(*) from webhook_notification").query(Integer.class).single();
  }

  private int pendingEvents() {
    return jdbc.sql("select count(*) from inbound_event where status = 'PENDING'").query(Integer.class).single();
  }

  private String lastError(String dedupeKey) {
    return jdbc.sql("select last_error from inbound_event where dedupe_key = ?").param(dedupeKey).query(String.class).optional().orElse(null);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
