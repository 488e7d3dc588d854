package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * An agent works a conversation in a real browser: logs into Tasklist, opens the task of their queue,
 * reads the bot history in the desk form, sends a reply and closes the protocol.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:agent-desk-browser;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
@Import(QueuedConversations.class)
class AgentDeskBrowserTest {

  private static final By CLAIM = By.cssSelector("button.claim");
  private static final By COMPLETE = By.cssSelector("button[ng-click='complete()']");
  private static final By HISTORY = By.id("chat-history");
  private static final By REPLY = By.id("reply-text");
  private static final By PROTOCOL = By.id("protocol-number");

  @LocalServerPort int port;
  @Autowired QueuedConversations queued;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messages;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired io.atende.template.TemplateMessages templates;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate rest;
  /** Records the agent's reply as sent; the channel has its own tests. */
  @MockitoBean MessageSender sender;

  @BeforeEach
  void setUp() {
    Browser.assumeInstalled();
    when(sender.sendText(anyLong(), anyString(), anyString(), anyString())).thenAnswer(call ->
        queued.recordSentText(call.getArgument(0), call.getArgument(1), call.getArgument(2), call.getArgument(3)));
    when(sender.sendTemplate(anyLong(), anyString(), anyString(), any(MessageSender.PreparedTemplate.class))).thenAnswer(call ->
        queued.recordSentText(call.getArgument(0), call.getArgument(1), call.getArgument(2),
            call.<MessageSender.PreparedTemplate>getArgument(3).text()));
  }

  @Test
  void withTheWindowClosedTheAgentSendsAnApprovedTemplateInsteadOfAReply() {
    // the bundled simulator's approved templates, synced at start
    await().atMost(Duration.ofSeconds(60)).until(() -> templates.find("recontato", "pt_BR").isPresent());
    QueuedConversations.Waiting waiting = queued.inQueue("5511933335555", "comercial", QueuedConversations.NUMBER, Duration.ofHours(25));
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, "http://localhost:" + port).waitForLogin().loginAs("ana", "ana");
      browser.waitForText(TasklistPage.TASK_CARDS, waiting.protocol()).findElement(By.cssSelector("a, h4, .names")).click();
      browser.waitForVisible(CLAIM).click();
      browser.waitForText(PROTOCOL, waiting.protocol());
      assertThat(browser.waitForVisible(By.id("window-closed")).getText()).contains("janela de 24 horas");
      assertThat(browser.driver().findElements(REPLY)).as("no free-form reply").isEmpty();

      new org.openqa.selenium.support.ui.Select(browser.waitForVisible(By.id("template-choice"))).selectByVisibleText("recontato (pt_BR)");
      browser.waitForVisible(By.id("template-variable-0")).sendKeys("Maria");
      browser.waitForVisible(By.id("send-template")).click();

      browser.waitForText(HISTORY, "Olá, Maria! Estamos retomando o seu atendimento");
      browser.screenshot("agent-desk-template");
    }
    assertThat(messages.conversation(waiting.conversationId())).anySatisfy(m -> {
      assertThat(m.sender()).isEqualTo("ana");
      assertThat(m.body()).startsWith("Olá, Maria! Estamos retomando");
    });
  }

  @Test
  void agentReadsTheBotHistoryRepliesAndClosesTheProtocol() {
    QueuedConversations.Waiting waiting = queued.inQueue("5511933334444", "comercial", QueuedConversations.NUMBER, Duration.ofMinutes(3));
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, "http://localhost:" + port).waitForLogin().loginAs("ana", "ana");
      browser.waitForText(TasklistPage.TASK_CARDS, waiting.protocol()).findElement(By.cssSelector("a, h4, .names")).click();
      browser.waitForVisible(CLAIM).click();
      browser.waitForText(PROTOCOL, waiting.protocol());
      browser.waitForText(HISTORY, "oi, quero comprar");
      assertThat(browser.waitForVisible(HISTORY).getText()).contains("1 – Comercial").contains("Seu protocolo");
      assertThat(browser.waitForVisible(By.id("customer-phone")).getText()).isEqualTo("+55 11 93333-4444");
      // the page says the customer's messages are on screen with a POST (its GETs change nothing): blue ticks
      await().atMost(Duration.ofSeconds(20)).until(() -> messages.conversation(waiting.conversationId()).stream()
          .filter(m -> m.direction() == io.atende.conversation.Direction.IN)
          .allMatch(m -> m.status() == io.atende.whatsapp.DeliveryStatus.READ));
      org.mockito.Mockito.verify(sender, org.mockito.Mockito.timeout(5_000)).markRead(anyLong());

      browser.waitForVisible(REPLY).sendKeys("Olá! Sou a Ana, do Comercial. Como posso ajudar?" + Keys.ENTER);
      browser.waitForText(HISTORY, "Sou a Ana, do Comercial");
      browser.screenshot("agent-desk");
      assertThat(messages.conversation(waiting.conversationId())).anySatisfy(m -> {
        assertThat(m.sender()).isEqualTo("ana");
        assertThat(m.body()).contains("Sou a Ana");
      });

      WebElement complete = browser.waitForVisible(COMPLETE);
      browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
      complete.click();
      await().atMost(Duration.ofSeconds(20)).until(() -> tasks.createTaskQuery().taskId(waiting.taskId()).count() == 0);
    }
    assertThat(history.createHistoricTaskInstanceQuery().taskId(waiting.taskId()).singleResult().getAssignee()).isEqualTo("ana");
  }

  /**
   * A customer sends an HTML "document" whose script reads the desk API and hands the answer to the page around it.
   * Opened as a page on the service's origin, as the desk's link would open it, it would run as the agent; served by
   * the desk (attachment, sandboxing CSP, nosniff) it does not run. The same HTML put into the page shows that the
   * script works where it is allowed to run.
   */
  @Test
  void anHtmlDocumentFromACustomerCannotScriptTheDesk() {
    String waId = "5511933335555";
    QueuedConversations.Waiting waiting = queued.inQueue(waId, "comercial", QueuedConversations.NUMBER, Duration.ofMinutes(3));
    String html = "<html><body><script>fetch('/api/desk/queues').then(r => r.text()).then(t => { top.stolen = t; })</script></body></html>";
    org.springframework.util.LinkedMultiValueMap<String, Object> form = new org.springframework.util.LinkedMultiValueMap<>();
    form.add("phoneNumberId", QueuedConversations.NUMBER);
    org.springframework.http.HttpHeaders partHeaders = new org.springframework.http.HttpHeaders();
    partHeaders.setContentType(org.springframework.http.MediaType.TEXT_HTML);
    partHeaders.setContentDispositionFormData("file", "boleto.html");
    form.add("file", new org.springframework.http.HttpEntity<>(html.getBytes(java.nio.charset.StandardCharsets.UTF_8), partHeaders));
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.MULTIPART_FORM_DATA);
    assertThat(rest.postForEntity("/simulator/api/customers/" + waId + "/messages", new org.springframework.http.HttpEntity<>(form, headers),
        String.class).getStatusCode().value()).isEqualTo(201);
    MessageLog.Entry document = await().atMost(Duration.ofSeconds(30)).until(() -> messages.conversation(waiting.conversationId())
        .stream().filter(m -> m.mediaPath() != null).findFirst().orElse(null), m -> m != null);
    String mediaUrl = "/api/desk/messages/" + document.id() + "/media";

    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, "http://localhost:" + port).waitForLogin().loginAs("ana", "ana");
      browser.open("http://localhost:" + port + "/atende/index.html");
      org.openqa.selenium.JavascriptExecutor page = browser.driver();
      assertThat(page.executeScript("return fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.status)", mediaUrl))
          .as("the agent may open the document").isEqualTo(200L);

      page.executeScript("var f = document.createElement('iframe'); f.src = arguments[0]; document.body.appendChild(f);", mediaUrl);
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> page.executeScript("return window.stolen === undefined"), Boolean.TRUE::equals);

      page.executeScript("var f = document.createElement('iframe'); f.srcdoc = arguments[0]; document.body.appendChild(f);", html);
      await().atMost(Duration.ofSeconds(10)).until(() -> page.executeScript("return window.stolen || null"), t -> t != null);
      assertThat(page.executeScript("return window.stolen").toString()).as("run on the origin, it reads the desk API").contains("comercial");
    }
  }
}
