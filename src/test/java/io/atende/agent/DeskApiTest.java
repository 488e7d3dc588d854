package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.Direction;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.whatsapp.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:desk-api;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
@Import(QueuedConversations.class)
class DeskApiTest {

  private static final String NUMBER = QueuedConversations.NUMBER;

  @Autowired TestRestTemplate rest;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messages;
  @Autowired TaskService taskService;
  @Autowired ManagementService management;
  @Autowired JdbcClient jdbc;
  /** Records what would be sent; the channel itself is tested in the whatsapp and conversation packages. */
  @MockitoBean MessageSender sender;

  @BeforeEach
  void recordSends() {
    when(sender.sendText(anyLong(), anyString(), anyString(), anyString())).thenAnswer(call ->
        queued.recordSentText(call.getArgument(0), call.getArgument(1), call.getArgument(2), call.getArgument(3)));
  }

  @Autowired QueuedConversations queued;
  @Autowired io.atende.template.TemplateMessages templates;

  @Test
  void withTheWindowClosedAnApprovedTemplateIsTheWayOutAndBadTemplatesAreProblems() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> templates.find("recontato", "pt_BR").isPresent());
    when(sender.sendTemplate(anyLong(), anyString(), anyString(), any(MessageSender.PreparedTemplate.class))).thenAnswer(call ->
        queued.recordSentText(call.getArgument(0), call.getArgument(1), call.getArgument(2),
            call.<MessageSender.PreparedTemplate>getArgument(3).text()));
    QueuedConversations.Waiting w = waitingInQueue("5511911110077", "comercial", NUMBER, Duration.ofHours(30));
    String path = "/api/desk/conversations/" + w.conversationId();

    ResponseEntity<Map> reply = as("ana").postForEntity(path + "/messages", Map.of("text", "Oi"), Map.class);
    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(reply.getBody().get("wayOut")).isEqualTo("template");

    ResponseEntity<Map> missing = as("ana").postForEntity(path + "/templates",
        Map.of("name", "recontato", "language", "pt_BR", "variables", java.util.List.of()), Map.class);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map> pending = as("ana").postForEntity(path + "/templates",
        Map.of("name", "promo_pendente", "language", "pt_BR", "variables", java.util.List.of("10")), Map.class);
    assertThat(pending.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map> otherQueue = as("bruno").postForEntity(path + "/templates",
        Map.of("name", "recontato", "language", "pt_BR", "variables", java.util.List.of("Maria")), Map.class);
    assertThat(otherQueue.getStatusCode()).as("bruno is not in the comercial queue").isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<Map> sent = as("ana").postForEntity(path + "/templates",
        Map.of("name", "recontato", "language", "pt_BR", "variables", java.util.List.of("Maria")), Map.class);
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(sent.getBody().get("text").toString()).startsWith("Olá, Maria! Estamos retomando");
    verify(sender, times(1)).sendTemplate(org.mockito.ArgumentMatchers.eq(w.conversationId()), anyString(),
        org.mockito.ArgumentMatchers.eq("ana"), any(MessageSender.PreparedTemplate.class));
    assertThat(jdbc.sql("select origin from template_contact tc join conversation c on c.customer_id = tc.customer_id where c.id = ?")
        .param(w.conversationId()).query(String.class).list()).containsExactly("DESK");
  }

  private QueuedConversations.Waiting waitingInQueue(String waId, String queue, String phoneNumberId, Duration sinceLastMessage) {
    return queued.inQueue(waId, queue, phoneNumberId, sinceLastMessage);
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, user);
  }

  @Test
  void customerWhoHidesTheNumberIsShownByUsername() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110009", "comercial", NUMBER, Duration.ofMinutes(5));
    jdbc.sql("update customer set wa_id = null, user_id = 'BR.5502576394655843', username = 'eva.s' where wa_id = '5511911110009'").update();

    Map<String, Object> customer = (Map<String, Object>) as("ana").getForEntity("/api/desk/tasks/" + w.taskId(), Map.class)
        .getBody().get("customer");

    assertThat(customer).containsEntry("phone", null).containsEntry("phoneFormatted", null).containsEntry("username", "eva.s");
  }

  @Test
  void agentOfTheQueueSeesCustomerProtocolAndBotHistory() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110001", "comercial", NUMBER, Duration.ofMinutes(5));
    ResponseEntity<Map> response = as("ana").getForEntity("/api/desk/tasks/" + w.taskId(), Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody().get("protocol")).isEqualTo(w.protocol());
    assertThat((Map<String, Object>) response.getBody().get("customer")).containsEntry("phone", "5511911110001")
        .containsEntry("phoneFormatted", "+55 11 91111-0001");
    assertThat((Map<String, Object>) response.getBody().get("number")).containsEntry("displayPhoneNumberFormatted", "+55 11 94000-0000");
    assertThat(((Map<?, ?>) response.getBody().get("window")).get("open")).isEqualTo(true);
    assertThat(response.getBody().get("messages").toString()).contains("oi, quero comprar");
  }

  @Test
  void customerMessagesTurnReadWhenTheAgentWorkingTheConversationSaysSo() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110011", "comercial", NUMBER, Duration.ofMinutes(5));
    long newest = messages.conversation(w.conversationId()).get(2).id();

    assertThat(read("ana", w)).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(read("carla", w)).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(inboundStatuses(w)).as("not claimed, or only a supervisor looking: still unread").containsOnly(DeliveryStatus.DELIVERED);

    taskService.claim(w.taskId(), "ana");
    assertThat(as("ana").getForEntity("/api/desk/tasks/" + w.taskId(), Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(as("ana").getForEntity("/api/desk/conversations/" + w.conversationId() + "/messages", java.util.List.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(inboundStatuses(w)).as("a GET changes nothing, not even for the agent working it").containsOnly(DeliveryStatus.DELIVERED);
    verify(sender, times(0)).markRead(anyLong());

    assertThat(read("ana", w)).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(inboundStatuses(w)).containsOnly(DeliveryStatus.READ);
    verify(sender, timeout(5_000)).markRead(newest);
    assertThat(as("ana").getForEntity("/api/desk/tasks/" + w.taskId(), Map.class).getBody().get("messages").toString())
        .doesNotContain("status=DELIVERED");

    assertThat(read("ana", w)).as("nothing unread").isEqualTo(HttpStatus.NO_CONTENT);
    long later = queued.customerWrites(w.conversationId(), "alguém aí?");
    assertThat(read("ana", w)).isEqualTo(HttpStatus.NO_CONTENT);
    verify(sender, timeout(5_000)).markRead(later);
    verify(sender, times(2)).markRead(anyLong());
    assertThat(rest.postForEntity("/api/desk/conversations/" + w.conversationId() + "/read", null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(as("bruno").postForEntity("/api/desk/conversations/" + w.conversationId() + "/read", null, Map.class).getStatusCode())
        .as("an agent of another queue").isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void anHtmlDocumentACustomerSendsIsServedToTheDeskAsASandboxedDownload() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110013", "comercial", NUMBER, Duration.ofMinutes(5));
    byte[] page = "<html><body><script>fetch('/api/desk/queues').then(r => r.text()).then(t => top.stolen = t)</script></body></html>"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    org.springframework.util.LinkedMultiValueMap<String, Object> form = new org.springframework.util.LinkedMultiValueMap<>();
    form.add("phoneNumberId", NUMBER);
    form.add("file", new org.springframework.core.io.ByteArrayResource(page) {
      @Override
      public String getFilename() {
        return "fatura.html";
      }
    });
    org.springframework.http.HttpHeaders fileHeaders = new org.springframework.http.HttpHeaders();
    fileHeaders.setContentType(org.springframework.http.MediaType.MULTIPART_FORM_DATA);
    assertThat(rest.postForEntity("/simulator/api/customers/5511911110013/messages", new HttpEntity<>(form, fileHeaders), Map.class)
        .getStatusCode()).as("the customer sends it through WhatsApp").isEqualTo(HttpStatus.CREATED);

    MessageLog.Entry document = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
        () -> messages.conversation(w.conversationId()).stream()
            .filter(m -> m.direction() == Direction.IN && m.mediaPath() != null).findFirst().orElse(null), m -> m != null);
    assertThat(document.mediaMimeType()).startsWith("text/html");

    ResponseEntity<byte[]> served = as("ana").getForEntity("/api/desk/messages/" + document.id() + "/media", byte[].class);

    assertThat(served.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(served.getBody()).isEqualTo(page);
    assertThat(served.getHeaders().getFirst("Content-Disposition")).startsWith("attachment;").contains("fatura.html");
    assertThat(served.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(served.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("sandbox; default-src 'none'");
  }

  @Test
  void onlyImagesAudioAndVideoAreShownInline() {
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.IMAGE_JPEG)).isTrue();
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.parseMediaType("audio/ogg"))).isTrue();
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.parseMediaType("video/mp4"))).isTrue();
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.parseMediaType("image/svg+xml"))).isFalse();
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.TEXT_HTML)).isFalse();
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.APPLICATION_PDF)).isFalse();
    assertThat(DeskController.isShownInline(org.springframework.http.MediaType.TEXT_PLAIN)).isFalse();
  }

  private HttpStatus read(String user, QueuedConversations.Waiting w) {
    return HttpStatus.valueOf(as(user).postForEntity("/api/desk/conversations/" + w.conversationId() + "/read", null, Void.class)
        .getStatusCode().value());
  }

  @Test
  void readReceiptTheCloudApiRefusesLeavesTheDeskWorking() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110012", "comercial", NUMBER, Duration.ofMinutes(5));
    doThrow(new IllegalStateException("Graph API down")).when(sender).markRead(anyLong());
    taskService.claim(w.taskId(), "ana");
    assertThat(read("ana", w)).isEqualTo(HttpStatus.NO_CONTENT);
    verify(sender, timeout(5_000)).markRead(anyLong());
    assertThat(as("ana").postForEntity("/api/desk/conversations/" + w.conversationId() + "/messages", Map.of("text", "Olá!"), Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  private java.util.List<DeliveryStatus> inboundStatuses(QueuedConversations.Waiting w) {
    return messages.conversation(w.conversationId()).stream().filter(m -> m.direction() == Direction.IN).map(MessageLog.Entry::status).toList();
  }

  @Test
  void agentOfAnotherQueueAndAnonymousCallersAreRefused() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110002", "comercial", NUMBER, Duration.ofMinutes(5));
    assertThat(as("bruno").getForEntity("/api/desk/tasks/" + w.taskId(), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/api/desk/tasks/" + w.taskId(), String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(as("carla").getForEntity("/api/desk/tasks/" + w.taskId(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void numberNotEnabledForTheAgentIsRefusedEvenInTheirQueue() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110003", "comercial", "999000999000999", Duration.ofMinutes(5));
    ResponseEntity<String> response = as("ana").getForEntity("/api/desk/tasks/" + w.taskId(), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getBody()).contains("999000999000999").contains("not enabled");
    assertThat(as("ana").getForEntity("/api/desk/conversations/" + w.conversationId() + "/messages", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void replyInsideTheWindowIsSentAsTheAgentAndShownInTheHistory() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110008", "comercial", NUMBER, Duration.ofMinutes(5));
    ResponseEntity<Map> reply = as("ana").postForEntity("/api/desk/conversations/" + w.conversationId() + "/messages",
        Map.of("text", "  Olá! Em que posso ajudar?  "), Map.class);
    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(reply.getBody()).containsEntry("sender", "ana").containsEntry("text", "Olá! Em que posso ajudar?").containsEntry("direction", "OUT");
    ResponseEntity<java.util.List> after = as("ana").getForEntity(
        "/api/desk/conversations/" + w.conversationId() + "/messages?after=" + messages.conversation(w.conversationId()).get(3).id(),
        java.util.List.class);
    assertThat(after.getBody()).hasSize(1);
    assertThat(as("ana").postForEntity("/api/desk/conversations/" + w.conversationId() + "/messages", Map.of("text", " "), Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void attachmentIsUploadedAndSentWhileAFileWhatsAppRefusesIsRejectedClearly() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110009", "comercial", NUMBER, Duration.ofMinutes(5));
    when(sender.sendMedia(anyLong(), anyString(), anyString(), any())).thenAnswer(call -> {
      MessageSender.MediaRequest media = call.getArgument(3);
      ConversationStore.Conversation c = conversations.findById(w.conversationId()).orElseThrow();
      long id = messages.record(new MessageLog.NewMessage(c.customerId(), c.id(), c.phoneNumberId(), Direction.OUT,
          call.getArgument(2), null, call.getArgument(1), media.type(), media.caption(), media.mediaId(), null, media.filename(), null,
          DeliveryStatus.PENDING, Instant.now()));
      return new MessageSender.SentMessage(id, null, DeliveryStatus.PENDING);
    });
    String url = "/api/desk/conversations/" + w.conversationId() + "/attachments";
    ResponseEntity<Map> sent = as("ana").postForEntity(url, multipart("boleto.pdf", "application/pdf", "%PDF-1.4 boleto".getBytes()), Map.class);
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(sent.getBody()).containsEntry("type", "DOCUMENT").containsEntry("sender", "ana");
    assertThat(messages.conversation(w.conversationId()).get(4).mediaId()).isNotBlank();

    ResponseEntity<Map> refused = as("ana").postForEntity(url, multipart("virus.exe", "application/x-msdownload", new byte[] {1, 2}), Map.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("detail").toString()).contains("does not accept");
  }

  private static HttpEntity<org.springframework.util.MultiValueMap<String, Object>> multipart(String filename, String type, byte[] bytes) {
    org.springframework.http.HttpHeaders fileHeaders = new org.springframework.http.HttpHeaders();
    fileHeaders.setContentType(org.springframework.http.MediaType.parseMediaType(type));
    fileHeaders.setContentDispositionFormData("file", filename);
    org.springframework.util.LinkedMultiValueMap<String, Object> body = new org.springframework.util.LinkedMultiValueMap<>();
    body.add("file", new HttpEntity<>(bytes, fileHeaders));
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.MULTIPART_FORM_DATA);
    return new HttpEntity<>(body, headers);
  }

  @Test
  void replyOutsideTheWindowIsRefusedWithTheWayOut() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110004", "comercial", NUMBER, Duration.ofHours(25));
    ResponseEntity<Map> desk = as("ana").getForEntity("/api/desk/tasks/" + w.taskId(), Map.class);
    assertThat(((Map<?, ?>) desk.getBody().get("window")).get("open")).isEqualTo(false);
    ResponseEntity<Map> reply = as("ana").postForEntity("/api/desk/conversations/" + w.conversationId() + "/messages",
        Map.of("text", "Olá, tudo bem?"), Map.class);
    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(reply.getBody().get("detail").toString()).contains("24 horas").contains("template");
    assertThat(reply.getBody().get("wayOut")).isEqualTo("template");
    assertThat(messages.conversation(w.conversationId())).hasSize(4);
  }

  @Test
  void protocolFormSavesTheCustomersDataAndRejectsAnInvalidDocument() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110005", "comercial", NUMBER, Duration.ofMinutes(5));
    String url = "/api/desk/conversations/" + w.conversationId() + "/customer";
    ResponseEntity<Map> saved = as("ana").exchange(url, HttpMethod.PUT,
        new HttpEntity<>(Map.of("fullName", "Maria da Silva", "document", "529.982.247-25", "email", "maria@example.com", "notes", "quer 2 unidades")),
        Map.class);
    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(saved.getBody()).containsEntry("fullName", "Maria da Silva").containsEntry("document", "52998224725")
        .containsEntry("documentFormatted", "529.982.247-25");
    assertThat(conversations.notes(w.conversationId())).isEqualTo("quer 2 unidades");

    ResponseEntity<Map> bad = as("ana").exchange(url, HttpMethod.PUT, new HttpEntity<>(Map.of("document", "529.982.247-26")), Map.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("detail").toString()).contains("CPF/CNPJ");
    assertThat(customers.findByWaId("5511911110005").orElseThrow().document()).isEqualTo("52998224725");
  }

  @Test
  void transferToAnotherQueueOffersTheConversationThereWithItsHistory() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110006", "comercial", NUMBER, Duration.ofMinutes(5));
    ResponseEntity<Void> transfer = as("ana").postForEntity("/api/desk/tasks/" + w.taskId() + "/transfer",
        Map.of("toQueue", "suporte", "note", "cliente quer suporte"), Void.class);
    assertThat(transfer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    runJobs();
    Task next = taskService.createTaskQuery().processVariableValueEquals("conversationId", w.conversationId()).singleResult();
    assertThat(next.getId()).isNotEqualTo(w.taskId());
    assertThat(taskService.createTaskQuery().taskId(next.getId()).taskCandidateGroup("suporte").count()).isEqualTo(1);
    assertThat(as("bruno").getForEntity("/api/desk/tasks/" + next.getId(), Map.class).getBody().get("messages").toString())
        .contains("oi, quero comprar");
  }

  @Test
  void transferToAnAgentAssignsTheTaskAndNeedsExactlyOneTarget() {
    QueuedConversations.Waiting w = waitingInQueue("5511911110007", "comercial", NUMBER, Duration.ofMinutes(5));
    assertThat(as("ana").postForEntity("/api/desk/tasks/" + w.taskId() + "/transfer", Map.of("note", "?"), Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(as("ana").postForEntity("/api/desk/tasks/" + w.taskId() + "/transfer", Map.of("toAgent", "carla"), Void.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(taskService.createTaskQuery().taskId(w.taskId()).singleResult().getAssignee()).isEqualTo("carla");
  }

  private void runJobs() {
    for (int i = 0; i < 20; i++) {
      Job job = management.createJobQuery().executable().listPage(0, 1).stream().findFirst().orElse(null);
      if (job == null) {
        return;
      }
      management.executeJob(job.getId());
    }
  }
}
