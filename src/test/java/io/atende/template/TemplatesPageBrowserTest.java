package io.atende.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.agent.Browser;
import io.atende.agent.TasklistPage;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An administrator works the templates page in a real browser, in Portuguese: is sent to the Camunda login first,
 * follows the Welcome app's link to the page, creates a template and watches it go from "Em análise" to "Aprovado"
 * without reloading (the simulator reviews it), routes a template's replies to a queue and deletes one.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:templates-page-browser;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.simulator.template-review-delay=3s"})
class TemplatesPageBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final By ROWS = By.cssSelector("#templates tbody");

  @LocalServerPort int port;
  @Autowired TemplateRegistry registry;
  @Autowired TestRestTemplate rest;

  @BeforeEach
  void browser() {
    Browser.assumeInstalled();
  }

  @Test
  void anAdministratorCreatesRoutesAndDeletesTemplatesAndSeesTheirStatusChange() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      browser.open(base + "/atende/templates.html");
      await("the Camunda login").atMost(WAIT).until(() -> browser.driver().getCurrentUrl().contains("/camunda/app/welcome"));
      browser.waitForVisible(TasklistPage.USERNAME).sendKeys("admin");
      browser.waitForVisible(TasklistPage.PASSWORD).sendKeys("admin");
      browser.waitForVisible(TasklistPage.LOGIN_BUTTON).click();
      browser.waitForVisible(By.linkText("Atende: modelos de mensagem")).click();

      browser.waitForTitle("Modelos de mensagem");
      browser.waitForText(ROWS, "boas_vindas");
      assertThat(browser.waitForVisible(By.cssSelector("header.atende-header")).getText()).contains("Modelos de mensagem")
          .contains("admin");
      messagingLimits(browser);

      // create
      browser.waitForVisible(By.id("new")).click();
      browser.waitForVisible(By.id("tpl-name")).sendKeys("aviso_entrega_navegador");
      browser.waitForVisible(By.id("tpl-body")).sendKeys("Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.");
      browser.waitForVisible(By.id("example-body-1")).sendKeys("Ana");
      browser.waitForVisible(By.id("example-body-2")).sendKeys("555");
      browser.waitForVisible(By.id("add-quick-reply")).click();
      browser.waitForVisible(By.cssSelector("#tpl-buttons .button-text")).sendKeys("Falar com atendente");
      new Select(browser.waitForVisible(By.id("tpl-queue"))).selectByVisibleText("Comercial");
      assertThat(browser.waitForVisible(By.id("tpl-preview")).getText())
          .isEqualTo("Olá Ana, seu pedido 555 saiu para entrega hoje.\n\n[Falar com atendente]");
      browser.screenshot("templates-new");
      browser.waitForVisible(By.id("tpl-save")).click();

      By created = By.cssSelector("tr[data-name='aviso_entrega_navegador']");
      browser.waitForText(By.id("message"), "enviado para aprovação do WhatsApp");
      browser.waitForText(created, "Em análise");
      browser.waitForText(created, "Aprovado");
      assertThat(browser.waitForVisible(created).getText()).contains("Utilidade").contains("Português (Brasil)");
      TemplateRecord stored = registry.byName("aviso_entrega_navegador").get(0);
      assertThat(stored.status()).isEqualTo("APPROVED");
      assertThat(stored.responseQueue()).isEqualTo("comercial");
      browser.screenshot("templates-approved");

      // the response queue of another template
      By recontato = By.cssSelector("tr[data-name='recontato'] select.queue");
      await("queue chosen").atMost(WAIT).ignoreExceptions().untilAsserted(() ->
          new Select(browser.waitForVisible(recontato)).selectByVisibleText("Suporte técnico"));
      browser.waitForText(By.id("message"), "Respostas ao modelo recontato vão para a fila Suporte técnico.");
      assertThat(registry.byName("recontato").get(0).responseQueue()).isEqualTo("suporte");

      // delete
      await("delete asked").atMost(WAIT).ignoreExceptions().untilAsserted(() ->
          browser.driver().findElement(created).findElement(By.cssSelector("button.delete")).click());
      browser.waitForText(created, "Excluir este modelo?");
      browser.driver().findElement(created).findElement(By.cssSelector("button.confirm-delete")).click();
      browser.waitForText(By.id("message"), "Modelo aviso_entrega_navegador excluído.");
      await("row gone").atMost(WAIT).until(() -> browser.driver().findElements(created).isEmpty());
      assertThat(registry.byName("aviso_entrega_navegador")).isEmpty();
      browser.screenshot("templates-deleted");
    }
  }

  @Test
  void anAgentSeesTheTemplatesButNoWayToChangeThem() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, base).waitForLogin().loginAs("ana", "ana");
      browser.open(base + "/atende/templates.html");

      browser.waitForText(ROWS, "boas_vindas");
      browser.waitForText(By.id("read-only"), "Somente administradores criam, editam e excluem modelos.");
      assertThat(browser.visible(By.id("new"))).isEmpty();
      assertThat(browser.visible(By.id("sync"))).isEmpty();
      assertThat(browser.visible(By.cssSelector("button.delete"))).isEmpty();
      assertThat(browser.visible(By.cssSelector("select.queue"))).isEmpty();
    }
  }

  /**
   * The messaging-limit panel shows what {@code GET /api/messaging-limits} says, in Portuguese, and stays hidden while
   * the service has no such endpoint. Both answers are also played in the page itself.
   */
  private void messagingLimits(Browser browser) {
    ResponseEntity<String> limits = rest.withBasicAuth("admin", "admin").getForEntity("/api/messaging-limits", String.class);
    WebElement panel = browser.driver().findElement(By.id("limits"));
    if (limits.getStatusCode() == HttpStatus.NOT_FOUND) {
      await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !panel.isDisplayed());
    } else {
      browser.waitForText(By.id("limits"), "Limite de mensagens:");
    }
    playLimits(browser, 200, "{\"scope\":\"PORTFOLIO\",\"limit\":2000,\"used\":123,\"windowHours\":24}");
    browser.waitForText(By.id("limits"), "Limite de mensagens: 123 de 2.000 clientes nas últimas 24 h");
    playLimits(browser, 200, "{\"scope\":\"NUMBER\",\"limit\":null,\"used\":1234,\"windowHours\":24}");
    browser.waitForText(By.id("limits"), "Limite de mensagens: 1.234 clientes nas últimas 24 h (sem limite)");
    playLimits(browser, 404, "{}");
    await().atMost(WAIT).until(() -> !panel.isDisplayed());
  }

  private static void playLimits(Browser browser, int status, String body) {
    browser.driver().executeScript("""
        var status = arguments[0], body = arguments[1];
        var real = window.atendeRealFetch || window.fetch;
        window.atendeRealFetch = real;
        window.fetch = function (url, options) {
          if (url === '/api/messaging-limits') {
            return Promise.resolve(new Response(body, { status: status, headers: { 'Content-Type': 'application/json' } }));
          }
          return real(url, options);
        };
        Atende.limits(document.getElementById('limits'));""", status, body);
  }
}
