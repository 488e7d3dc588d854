package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An administrator changes an agent's limit and numbers on the agents page in a real browser; it lands in the store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:agents-page;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class AgentsPageBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired AgentStore store;

  @BeforeEach
  void browser() {
    Browser.assumeInstalled();
  }

  @Test
  void anAdministratorSetsAnAgentsLimitAndNumbers() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      browser.open(base + "/atende/agents.html");
      await("the Camunda login").atMost(WAIT).until(() -> browser.driver().getCurrentUrl().contains("/camunda/app/welcome"));
      browser.waitForVisible(TasklistPage.USERNAME).sendKeys("admin");
      browser.waitForVisible(TasklistPage.PASSWORD).sendKeys("admin");
      browser.waitForVisible(TasklistPage.LOGIN_BUTTON).click();
      browser.waitForVisible(By.linkText("Atende: atendentes")).click();

      By bruno = By.cssSelector("tr[data-agent='bruno']");
      WebElement row = browser.waitForVisible(bruno);
      assertThat(row.getText()).contains("atendimento, suporte");
      WebElement number = row.findElement(By.cssSelector("input.number"));
      assertThat(number.isSelected()).isTrue();
      number.click();
      row.findElement(By.cssSelector("input.limit")).sendKeys("5");
      row.findElement(By.cssSelector("button.save")).click();

      await("saved").atMost(WAIT).until(() -> store.find("bruno").orElseThrow().maxConcurrentConversations() != null);
      assertThat(store.find("bruno").orElseThrow().maxConcurrentConversations()).isEqualTo(5);
      assertThat(store.numbers("bruno")).isEmpty();
      await("the limit shown").atMost(WAIT).until(() -> browser.driver().findElement(bruno).getText().contains("em vigor: 5"));
    }
  }
}
