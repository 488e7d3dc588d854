package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.agent.Browser;
import io.atende.agent.TasklistPage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * An agent sends a batch from the "Envio em lote" page in a real browser, in Portuguese: picks the number and the
 * approved template, uploads a sheet with a bad row, reads the row check (the bad row and its reason), sends, follows
 * the progress live until every good row is sent, and finds the batch in the history with its report.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:batch-page-browser;DB_CLOSE_DELAY=-1",
    "atende.simulator.sent-delay=100ms",
    "atende.simulator.delivered-delay=200ms"})
class BatchPageBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(40);

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void browser() {
    Browser.assumeInstalled();
  }

  @Test
  void anAgentChecksASheetSendsItAndFollowsItToTheHistory() throws Exception {
    Path sheet = Files.createTempFile("lote-navegador", ".csv");
    Files.writeString(sheet, """
        Telefone;Nome;{{1}} do corpo
        11987659001;Ana;Ana
        123;Bia;Bia
        11987659002;Caio;Caio
        """, StandardCharsets.UTF_8);
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      openWithRecontatoChosenAsAna(browser, base);
      assertThat(browser.waitForVisible(By.cssSelector("header.atende-header")).getText()).contains("Envio em lote");
      assertThat(browser.waitForVisible(By.id("model-xlsx")).getAttribute("href"))
          .endsWith("/api/batches/model?template=recontato&language=pt_BR&format=xlsx");
      browser.waitForVisible(By.id("title")).sendKeys("Recontato pelo navegador");
      browser.waitForPresent(By.id("file")).sendKeys(sheet.toAbsolutePath().toString());
      browser.waitForVisible(By.id("check")).click();

      browser.waitForText(By.id("check-summary"), "2 linha(s) para enviar, 1 linha(s) com problema");
      assertThat(browser.waitForVisible(By.id("bad-rows")).getText()).contains("3").contains("Telefone inválido");
      browser.screenshot("batch-checked");
      browser.waitForVisible(By.id("send")).click();

      browser.waitForText(By.id("message"), "Lote enviado para a fila: 2 destinatário(s).");
      browser.waitForText(By.id("progress-title"), "Concluído");
      assertThat(browser.waitForVisible(By.id("progress-figures")).getText()).contains("Enviados 2 de 2");
      browser.waitForText(By.cssSelector("#history tbody"), "Recontato pelo navegador");
      browser.screenshot("batch-sent");
      long id = jdbc.sql("select id from batch_send where title = 'Recontato pelo navegador'").query(Long.class).single();
      assertThat(browser.waitForVisible(By.id("progress-report")).getAttribute("href")).endsWith("/api/batches/" + id + "/report");
    }
  }

  /**
   * The connection drops while the page is open: a request that gets no answer says so in Portuguese (not the browser's
   * own English text), and the page works again once the connection is back.
   */
  @Test
  void aRequestThatNeverReachesTheServiceIsReportedInPortuguese() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      openWithRecontatoChosenAsAna(browser, base);

      browser.driver().executeCdpCommand("Network.enable", java.util.Map.of());
      browser.driver().executeCdpCommand("Network.emulateNetworkConditions",
          java.util.Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
      browser.waitForVisible(By.id("check")).click();

      browser.waitForText(By.id("message"), "Não foi possível falar com o Atende: verifique a conexão e tente de novo.");
      assertThat(browser.waitForVisible(By.id("message")).getText()).doesNotContain("fetch");
      browser.screenshot("batch-offline");

      browser.driver().executeCdpCommand("Network.emulateNetworkConditions",
          java.util.Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
      browser.waitForVisible(By.id("check")).click();
      browser.waitForText(By.id("message"), "Envie uma planilha (.xlsx ou .csv).");
    }
  }

  /** Ana logs in and opens "Envio em lote"; once the approved templates are listed, she picks recontato. */
  private static void openWithRecontatoChosenAsAna(Browser browser, String base) {
    TasklistPage.open(browser, base).waitForLogin().loginAs("ana", "ana");
    browser.open(base + "/atende/batches.html");
    browser.waitForTitle("Envio em lote");
    await("templates listed").atMost(WAIT).ignoreExceptions().untilAsserted(() ->
        new Select(browser.waitForVisible(By.id("template"))).selectByVisibleText("recontato (pt_BR)"));
  }
}
