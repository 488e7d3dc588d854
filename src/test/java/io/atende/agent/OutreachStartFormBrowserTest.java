package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.template.TemplateMessages;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An agent starts an active contact from Tasklist in a real browser, in Portuguese: "Iniciar processo", "Contato
 * ativo e recontato", fills the start form (number, phone as people type it, name, approved template and its
 * variable) and reads the answer in the form: the new protocol; asking again, that the customer is in service.
 * The template's send is an asynchronous step (job executor off here); the channel has its own tests.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:outreach-start-form;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class OutreachStartFormBrowserTest {

  private static final By ANSWER = By.id("outreach-answer");

  @LocalServerPort int port;
  @Autowired TemplateMessages templates;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;

  @BeforeEach
  void setUp() {
    Browser.assumeInstalled();
    await().atMost(Duration.ofSeconds(60)).until(() -> templates.find("recontato", "pt_BR").isPresent());
  }

  @Test
  void agentSendsAnActiveContactFromTasklistAndSeesTheProtocolThenThatTheCustomerIsInService() {
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, "http://localhost:" + port).waitForLogin().loginAs("ana", "ana");
      browser.waitForVisible(TasklistPage.START_PROCESS).click();
      browser.waitForVisible(By.linkText("Contato ativo e recontato")).click();

      browser.waitForVisible(By.id("outreach-phone")).sendKeys("(11) 98888-7777");
      browser.waitForVisible(By.id("outreach-name")).sendKeys("Maria Souza");
      new Select(browser.waitForVisible(By.id("outreach-template"))).selectByVisibleText("recontato (pt_BR)");
      browser.waitForVisible(By.id("outreach-variable-0")).sendKeys("Maria");
      browser.waitForText(By.id("outreach-preview"), "Olá, Maria! Estamos retomando o seu atendimento");
      assertThat(new Select(browser.waitForVisible(By.id("outreach-number"))).getFirstSelectedOption().getText())
          .as("the agent's only number, chosen for them").isEqualTo("5511940000000");
      browser.waitForVisible(By.id("outreach-send")).click();

      String sent = browser.waitForText(ANSWER, "Template enviado").getText();
      browser.screenshot("outreach-start-form");
      long customerId = customers.findByWaId("5511988887777").orElseThrow().id();
      String protocol = conversations.findOpen(customerId, "106540352242922").orElseThrow().protocol();
      assertThat(sent).contains("Protocolo " + protocol);

      browser.waitForVisible(By.id("mode-recontact")).click();
      browser.waitForVisible(By.id("outreach-send")).click();
      assertThat(browser.waitForText(ANSWER, "já está em atendimento").getText())
          .contains("Esse cliente já está em atendimento. Protocolo " + protocol + ".");
    }
  }
}
