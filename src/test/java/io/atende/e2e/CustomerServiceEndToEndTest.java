package io.atende.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.Direction;
import io.atende.conversation.MessageLog;
import io.atende.platform.ThreadNice;
import io.atende.platform.ThreadNice.Priority;
import io.atende.whatsapp.CustomerLanes;
import io.atende.whatsapp.DeliveryStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultJobConfiguration.JobConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;

/**
 * The whole product through the bundled Cloud API simulator, as a customer and an agent would use it:
 * the customer says "oi", picks an option from the menu, gives a CPF, gets a protocol and waits in the
 * queue; an agent of that queue opens the conversation (the customer sees blue ticks on their messages) and
 * replies from the desk API; the reply reaches the customer's phone with
 * its ticks; the agent closes the protocol.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:end-to-end;DB_CLOSE_DELAY=-1",
    "atende.simulator.sent-delay=50ms",
    "atende.simulator.delivered-delay=100ms",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.media-directory=target/e2e-media"})
class CustomerServiceEndToEndTest {

  private static final String CUSTOMER = "5511977776666";
  private static final Duration STEP = Duration.ofSeconds(30);

  @Autowired TestRestTemplate rest;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messages;
  @Autowired TaskService tasks;
  @Autowired CustomerLanes lanes;
  @Autowired @Qualifier(JobConfiguration.CAMUNDA_TASK_EXECUTOR_QUALIFIER) TaskExecutor jobThreads;

  @Test
  void journeysAndSendsRunBelowThePriorityOfWebhookRequests() {
    Priority lowest = new Priority(Thread.MIN_PRIORITY, 19);
    assertThat(ThreadNice.onThreadOf(task -> lanes.execute(CUSTOMER, task))).as("inbound lane").isEqualTo(lowest);
    assertThat(ThreadNice.onThreadOf(jobThreads)).as("job executor").isEqualTo(lowest);
  }

  @Test
  void customerIsServedFromHelloToClosedProtocol() {
    say("oi");
    String menu = awaitBusinessMessage("1 – Comercial");
    assertThat(menu).contains("2 – Financeiro");
    awaitOurGreetingIsRead();

    say("1");
    awaitBusinessMessage("CPF");
    say("529.982.247-25");
    String protocolMessage = awaitBusinessMessage("protocolo");

    Task task = await().atMost(STEP).until(() -> tasks.createTaskQuery().taskCandidateGroup("comercial").active().singleResult(),
        t -> t != null);
    long conversationId = Long.parseLong(tasks.getVariable(task.getId(), "conversationId").toString());
    ConversationStore.Conversation conversation = conversations.findById(conversationId).orElseThrow();
    assertThat(conversation.queue()).isEqualTo("comercial");
    assertThat(protocolMessage).contains(conversation.protocol());
    assertThat(task.getName()).contains(conversation.protocol());
    assertThat(customers.findByWaId(CUSTOMER).orElseThrow().document()).isEqualTo("52998224725");

    assertThat(customerMessagesReadByTheBusiness()).as("the bot does not mark messages read").containsOnly(false);
    tasks.claim(task.getId(), "ana");
    assertThat(rest.withBasicAuth("ana", "ana").getForEntity("/api/desk/tasks/" + task.getId(), Map.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // the desk says the messages are on screen with a POST (a GET changes nothing)
    assertThat(rest.withBasicAuth("ana", "ana").postForEntity("/api/desk/conversations/" + conversationId + "/read", null, Void.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    await().atMost(STEP).until(this::customerMessagesReadByTheBusiness, read -> !read.isEmpty() && !read.contains(false));
    var reply = rest.withBasicAuth("ana", "ana").postForEntity("/api/desk/conversations/" + conversationId + "/messages",
        Map.of("text", "Olá, Maria! Aqui é a Ana, do Comercial."), Map.class);
    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    awaitBusinessMessage("Aqui é a Ana");
    await().atMost(STEP).until(() -> customerLooksAtThePhone() && messages.conversation(conversationId).stream()
        .anyMatch(m -> m.direction() == Direction.OUT && "ana".equals(m.sender()) && m.status() == DeliveryStatus.READ));

    tasks.complete(task.getId());
    await().atMost(STEP).until(() -> conversations.findById(conversationId).orElseThrow().status() == ConversationStore.Status.CLOSED);
  }

  @Test
  void customerWhoHidesTheNumberBehindAUsernameIsGreetedAndAnswered() {
    String bsuid = "BR.7702576394655843";
    var response = rest.postForEntity("/simulator/api/customers/" + bsuid + "/messages",
        Map.of("name", "Eva", "username", "eva.s", "text", "oi"), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();

    await().atMost(STEP).until(() -> businessMessages(bsuid).stream().anyMatch(t -> t.contains("1 – Comercial")));
    CustomerStore.Customer eva = customers.findByUserId(bsuid).orElseThrow();
    assertThat(eva.waId()).isNull();
    assertThat(eva.username()).isEqualTo("eva.s");
    await().atMost(STEP).until(() -> !businessMessages(bsuid).isEmpty() && messages.customer(eva.id()).stream()
        .filter(m -> m.direction() == Direction.OUT).findFirst().map(m -> m.status() == DeliveryStatus.READ).orElse(false));
  }

  @Test
  void customerWhoChangesNumberGoesOnInTheSameConversationFromTheNewOne() {
    String before = "5511966660001";
    String after = "5511966660002";
    say(before, "Rui", "oi");
    await().atMost(STEP).until(() -> businessMessages(before).stream().anyMatch(t -> t.contains("1 – Comercial")));
    long rui = customers.findByWaId(before).orElseThrow().id();

    var change = rest.postForEntity("/simulator/api/customers/" + before + "/number-change", Map.of("newWaId", after), JsonNode.class);
    assertThat(change.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String newBsuid = change.getBody().path("userId").asText();
    await().atMost(STEP).until(() -> customers.findByWaId(after).isPresent());
    assertThat(customers.findByWaId(after).orElseThrow()).satisfies(c -> {
      assertThat(c.id()).isEqualTo(rui);
      assertThat(c.userId()).isEqualTo(newBsuid).isNotEqualTo(change.getBody().path("previousUserId").asText());
    });

    say(after, "Rui", "2");
    await().atMost(STEP).until(() -> businessMessages(after).stream().anyMatch(t -> t.contains("CPF")));
    assertThat(messages.customer(rui)).extracting(MessageLog.Entry::body).contains("oi", "2");
    assertThat(rest.postForEntity("/simulator/api/customers/" + before + "/number-change", Map.of("newWaId", after), String.class)
        .getStatusCode()).as("the new number is taken now").isEqualTo(HttpStatus.CONFLICT);
  }

  private void say(String customer, String name, String text) {
    var response = rest.postForEntity("/simulator/api/customers/" + customer + "/messages", Map.of("name", name, "text", text), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private void say(String text) {
    var response = rest.postForEntity("/simulator/api/customers/" + CUSTOMER + "/messages", Map.of("name", "Maria", "text", text), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  /**
   * Reading the chat is what turns delivered messages read; a message delivered after the customer's
   * last look stays unread until they look again.
   */
  private boolean customerLooksAtThePhone() {
    return !businessMessages().isEmpty();
  }

  /** What the customer's phone shows from the business, newest last. */
  private List<String> businessMessages() {
    return businessMessages(CUSTOMER);
  }

  private List<String> businessMessages(String customer) {
    JsonNode chat = rest.getForObject("/simulator/api/customers/" + customer + "/messages", JsonNode.class);
    return StreamSupport.stream(chat.path("messages").spliterator(), false)
        .filter(m -> "outbound".equals(m.path("direction").asText()))
        .map(m -> m.path("content").path("text").asText(""))
        .toList();
  }

  /** The blue ticks on the customer's own messages: read by the business or not, oldest first. */
  private List<Boolean> customerMessagesReadByTheBusiness() {
    JsonNode chat = rest.getForObject("/simulator/api/customers/" + CUSTOMER + "/messages?markRead=false", JsonNode.class);
    return StreamSupport.stream(chat.path("messages").spliterator(), false)
        .filter(m -> "inbound".equals(m.path("direction").asText()))
        .map(m -> m.path("readByBusiness").asBoolean())
        .toList();
  }

  private String awaitBusinessMessage(String fragment) {
    return await().atMost(STEP).until(() -> businessMessages().stream().filter(t -> t.contains(fragment)).findFirst().orElse(null),
        t -> t != null);
  }

  /** The simulator reports sent, delivered and read back through the signed webhook. */
  private void awaitOurGreetingIsRead() {
    long customerId = customers.findByWaId(CUSTOMER).orElseThrow().id();
    await().atMost(STEP).until(() -> customerLooksAtThePhone() && messages.customer(customerId).stream()
        .filter(m -> m.direction() == Direction.OUT).findFirst().map(m -> m.status() == DeliveryStatus.READ).orElse(false));
  }
}
