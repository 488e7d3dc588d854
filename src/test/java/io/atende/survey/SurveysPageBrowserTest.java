package io.atende.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.agent.Browser;
import io.atende.agent.TasklistPage;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.survey.SurveyRecords.Service;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
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

/**
 * The surveys page in a real browser, in Portuguese: a supervisor configures a number's survey (and is told what is
 * wrong with a bad value), reads the results per agent with their scores, and finds the CSV export; an agent sees the
 * results without the settings.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:surveys-page-browser;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.numbers[0].phone-number-id=" + SurveysPageBrowserTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000"})
class SurveysPageBrowserTest {

  static final String NUMBER = "106540352242922";

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SurveyRecords records;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;

  private static boolean seeded;

  @BeforeEach
  void seed() {
    Browser.assumeInstalled();
    if (!seeded) {
      seeded = true;
      for (int score : new int[] {10, 10, 9, 7, 3}) {
        survey(SurveyKind.NPS, "bruno", "suporte", score, null);
      }
      for (int score : new int[] {5, 4, 3, 1}) {
        survey(SurveyKind.CSAT, "ana", "comercial", score, score == 5 ? "Gostei muito do atendimento" : null);
      }
    }
  }

  @Test
  void aSupervisorConfiguresTheSurveyOfANumberAndReadsTheResults() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, base).waitForLogin().loginAs("carla", "carla");
      browser.open(base + "/atende/surveys.html");
      browser.waitForTitle("Pesquisas de satisfação");
      assertThat(browser.waitForVisible(By.cssSelector("header.atende-header")).getText()).contains("Pesquisas");

      WebElement question = browser.waitForVisible(By.id("s-question"));
      browser.waitForText(By.id("s-number"), "+5511940000000");
      assertThat(question.getAttribute("value")).contains("de 1 (muito insatisfeito) a 5 (muito satisfeito)");
      new Select(browser.waitForVisible(By.id("s-enabled"))).selectByVisibleText("Ativa");
      new Select(browser.waitForVisible(By.id("s-kind"))).selectByValue("NPS");
      set(browser, "s-delay", "45");
      set(browser, "s-question", "De 0 a 10, quanto você nos recomendaria, {nome}?");
      set(browser, "s-answers", "show = 10\nnunca = 0");
      set(browser, "s-reasks", "9");
      browser.waitForVisible(By.id("s-save")).click();
      browser.waitForText(By.id("settings-error"), "maxReasks vai de 0 a 5");
      assertThat(settings().path("customized").asBoolean()).as("nothing saved").isFalse();

      set(browser, "s-reasks", "1");
      browser.waitForVisible(By.id("s-save")).click();
      browser.waitForText(By.id("message"), "Configurações da pesquisa salvas para o número +5511940000000.");
      JsonNode saved = settings();
      assertThat(saved.path("enabled").asBoolean()).isTrue();
      assertThat(saved.path("kind").asText()).isEqualTo("NPS");
      assertThat(saved.path("delay").asText()).isEqualTo("PT45M");
      assertThat(saved.path("maxReasks").asInt()).isEqualTo(1);
      assertThat(saved.path("question").asText()).isEqualTo("De 0 a 10, quanto você nos recomendaria, {nome}?");
      assertThat(saved.path("expectedAnswers").path("show").asInt()).isEqualTo(10);
      assertThat(saved.path("expectedAnswers").path("nunca").asInt()).isZero();
      browser.screenshot("surveys-settings");

      new Select(browser.waitForVisible(By.id("r-group"))).selectByVisibleText("Agente");
      By bruno = By.cssSelector("#results tr[data-group='bruno'][data-kind='NPS']");
      WebElement nps = browser.waitForText(bruno, "NPS");
      assertThat(nps.findElement(By.cssSelector("td.score")).getText()).isEqualTo("40");
      assertThat(nps.findElement(By.cssSelector("td.rate")).getText()).isEqualTo("100,0 %");
      WebElement csat = browser.waitForText(By.cssSelector("#results tr[data-group='ana'][data-kind='CSAT']"), "CSAT");
      assertThat(csat.findElement(By.cssSelector("td.score")).getText()).isEqualTo("50,0 %");
      assertThat(csat.findElements(By.cssSelector("svg.distribution rect"))).hasSize(5);
      browser.waitForText(By.id("answers"), "Gostei muito do atendimento");
      assertThat(browser.waitForVisible(By.id("r-csv")).getAttribute("href")).contains("/api/surveys/results?").contains("groupBy=agent")
          .contains("format=csv");
      browser.screenshot("surveys-results");
    }
  }

  @Test
  void anAgentReadsTheResultsButNotTheSettings() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage.open(browser, base).waitForLogin().loginAs("ana", "ana");
      browser.open(base + "/atende/surveys.html");

      browser.waitForText(By.cssSelector("#results tbody"), "NPS");
      assertThat(browser.visible(By.id("settings"))).isEmpty();
      assertThat(browser.visible(By.id("message"))).isEmpty();
    }
  }

  private JsonNode settings() {
    return rest.withBasicAuth("admin", "admin").getForObject("/api/surveys/settings/" + NUMBER, JsonNode.class);
  }

  private static void set(Browser browser, String id, String value) {
    WebElement input = browser.waitForVisible(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  private void survey(SurveyKind kind, String agent, String queue, int score, String comment) {
    long customer = customers.findOrCreateByWaId("55119" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999), "Cliente").id();
    var conversation = conversations.open(customer, NUMBER);
    String protocol = "20261206-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    conversations.setProtocol(conversation.id(), protocol);
    String process = "page-" + conversation.id();
    records.sent(new Service(process, conversation.id(), protocol, customer, NUMBER, agent, queue, kind), "TEXT", Instant.now());
    records.answered(process, score, String.valueOf(score), Instant.now());
    if (comment != null) {
      records.commented(process, comment);
    }
  }
}
