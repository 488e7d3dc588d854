package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.agent.Browser;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A person chats on the simulator page: as a customer with a username (named by a BSUID), and changes number. */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:simulator-page-browser;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class SimulatorPageBrowserTest {

  static final WebhookStub webhook = WebhookStub.start();

  @DynamicPropertySource
  static void webhookUrl(DynamicPropertyRegistry registry) {
    registry.add("atende.simulator.webhook-url", webhook::url);
  }

  @AfterAll
  static void stopStub() {
    webhook.close();
  }

  @LocalServerPort int port;

  @BeforeEach
  void browserInstalled() {
    Browser.assumeInstalled();
  }

  @Test
  void aBsuidInThePhoneFieldOpensAUsernameCustomerWhoseMessagesCarryNoPhoneNumber() {
    String userId = "BR.1502576394655301";
    try (Browser browser = Browser.start("pt-BR")) {
      browser.open("http://localhost:" + port + "/simulator");
      browser.waitForVisible(By.id("wa-id")).sendKeys("br.1502576394655301");
      browser.waitForVisible(By.id("profile-name")).sendKeys("Rita Alves");
      browser.waitForVisible(By.cssSelector("#open-form button[type=submit]")).click();
      browser.waitForText(By.id("chat-number"), userId);

      browser.waitForVisible(By.id("text-input")).sendKeys("Oi, sou a Rita");
      browser.waitForVisible(By.id("send-button")).click();

      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.messagesFromUser(userId).size() == 1);
      browser.waitForText(By.id("chat-number"), "@rita.alves");
      browser.waitForText(By.id("customer-list"), "Rita Alves");
    }
    JsonNode contact = webhook.messagesFromUser(userId).get(0).value().path("contacts").path(0);
    assertThat(contact.has("wa_id")).isFalse();
    assertThat(contact.path("profile").path("username").asText()).isEqualTo("rita.alves");
    assertThat(webhook.messagesFromUser(userId).get(0).message().path("text").path("body").asText())
        .isEqualTo("Oi, sou a Rita");
  }

  @Test
  void aCustomerChangesNumberFromTheChatAndGoesOnWritingFromTheNewOne() {
    String before = "5511944443301";
    String after = "5511944443302";
    try (Browser browser = Browser.start("pt-BR")) {
      browser.open("http://localhost:" + port + "/simulator#" + before);
      browser.waitForText(By.id("chat-number"), before);
      browser.waitForVisible(By.id("text-input")).sendKeys("Oi");
      browser.waitForVisible(By.id("send-button")).click();
      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.messagesFrom(before).size() == 1);

      browser.waitForVisible(By.id("change-number")).click();
      browser.driver().switchTo().alert().sendKeys(after);
      browser.driver().switchTo().alert().accept();
      browser.waitForText(By.id("chat-number"), after);
      browser.waitForVisible(By.id("text-input")).sendKeys("Agora escrevo deste");
      browser.waitForVisible(By.id("send-button")).click();

      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.messagesFrom(after).size() == 1);
    }
    JsonNode system = webhook.messagesFrom(before).get(1).message().path("system");
    assertThat(system.path("type").asText()).isEqualTo("user_changed_number");
    assertThat(system.path("wa_id").asText()).isEqualTo(after);
  }
}
