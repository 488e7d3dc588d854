package io.atende.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.agent.Browser;
import io.atende.agent.TasklistPage;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageSender;
import io.atende.whatsapp.OutboundMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Limites e custos" in a real browser, in Portuguese: after two marketing templates to new customers (limit 3), an
 * administrator sees 2 of 3 used and the costs per category, number and pricing type, and raises the tier; an agent
 * sees the same use but no way to change it.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:limits-page-browser;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0",
    "atende.messaging-limits.limit=3",
    "atende.simulator.templates[0].name=oferta_semana",
    "atende.simulator.templates[0].category=MARKETING",
    "atende.simulator.templates[0].body=Oferta da semana para você, {{1}}!"})
class LimitsPageBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String NUMBER = "106540352242922";

  @LocalServerPort int port;
  @Autowired MessageSender sender;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessagingLimits limits;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void browserAndTwoCustomersReached() {
    Browser.assumeInstalled();
    if (limits.usage().used() == 0) {
      for (String phone : List.of("5511988880001", "5511988880002")) {
        long customer = customers.findOrCreateByWaId(phone, "Cliente").id();
        long conversation = conversations.open(customer, NUMBER).id();
        sender.sendTemplate(conversation, "page-" + phone, "ana", new MessageSender.PreparedTemplate(
            OutboundMessage.Template.of("oferta_semana", "pt_BR", List.of(OutboundMessage.Template.Component.body(
                List.of(OutboundMessage.Template.Parameter.text("Ana"))))), "Oferta da semana para você, Ana!", "MARKETING"));
      }
      await("pricing from the webhooks").atMost(WAIT).until(() ->
          jdbc.sql("select count(*) from message_pricing where pricing_type = 'regular'").query(Long.class).single() == 2);
    }
  }

  @Test
  void anAdministratorSeesUseAndCostsAndRaisesTheTier() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, base).waitForLogin().loginAs("admin", "admin");
      browser.open(base + "/atende/index.html");
      browser.waitForVisible(By.linkText("Limites e custos")).click();

      browser.waitForTitle("Limites e custos");
      browser.waitForText(By.id("limit-use"), "Usado: 2 de 3 clientes nas últimas 24 h (restam 1)");
      browser.waitForText(By.id("limit-tier"), "Nível: 2.000 · limite próprio de 3 clientes");
      browser.waitForText(By.cssSelector("#limit-by-number tr[data-key='" + NUMBER + "']"), NUMBER + " 2");
      browser.waitForText(By.cssSelector("#by-category tr[data-key='MARKETING']"), "Marketing 2 2");
      browser.waitForText(By.cssSelector("#by-number tr[data-key='" + NUMBER + "']"), NUMBER + " 2 2");
      browser.waitForText(By.cssSelector("#by-pricing-type tr[data-key='regular']"), "Cobrada (regular) 2 2");
      browser.waitForText(By.id("costs-total"), "2 mensagens no período, 2 cobradas.");
      assertThat(browser.waitForVisible(By.cssSelector("header.atende-header")).getText()).contains("Limites e custos");
      browser.screenshot("limits-page");

      new Select(browser.waitForVisible(By.id("tier"))).selectByVisibleText("10.000 clientes");
      browser.waitForVisible(By.id("explicit-limit")).clear();
      browser.waitForVisible(By.id("save-limit")).click();

      browser.waitForText(By.id("message"), "Limite salvo: 10.000 clientes em 24 horas.");
      browser.waitForText(By.id("limit-use"), "Usado: 2 de 10.000 clientes nas últimas 24 h (restam 9.998)");
      browser.waitForText(By.id("limit-tier"), "alterado por admin");
      assertThat(limits.usage().limit()).isEqualTo(10_000);
      assertThat(limits.usage().tier()).isEqualTo(Tier.TIER_10K);
      browser.screenshot("limits-page-tier-raised");
    } finally {
      jdbc.sql("update messaging_limit_setting set tier = null, limit_value = null, updated_by = null, updated_at = null").update();
    }
  }

  @Test
  void anAgentSeesTheUseButNoWayToChangeIt() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, base).waitForLogin().loginAs("ana", "ana");
      browser.open(base + "/atende/limits.html");

      browser.waitForText(By.id("limit-use"), "Usado: 2 de 3 clientes");
      browser.waitForText(By.id("limit-read-only"), "Somente administradores mudam o limite.");
      assertThat(browser.visible(By.id("save-limit"))).isEmpty();
      assertThat(browser.visible(By.id("tier"))).isEmpty();
    }
  }
}
