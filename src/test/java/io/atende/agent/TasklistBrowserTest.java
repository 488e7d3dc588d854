package io.atende.agent;

import static io.atende.agent.TasklistPage.CREATE_TASK;
import static io.atende.agent.TasklistPage.FILTERS;
import static io.atende.agent.TasklistPage.FOCUSED_FILTER;
import static io.atende.agent.TasklistPage.FOOTER;
import static io.atende.agent.TasklistPage.LOGIN_APP_NAME;
import static io.atende.agent.TasklistPage.LOGIN_BUTTON;
import static io.atende.agent.TasklistPage.LOGIN_LOGO;
import static io.atende.agent.TasklistPage.PASSWORD;
import static io.atende.agent.TasklistPage.START_PROCESS;
import static io.atende.agent.TasklistPage.USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The agents' desk in a real browser: Camunda Tasklist branded Atende, without the vendor banner, in
 * Brazilian Portuguese unless the browser asks for English. Skipped when Chromium is not installed.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:tasklist-browser-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class TasklistBrowserTest {

  @LocalServerPort int port;
  @Value("${camunda.bpm.admin-user.id}") String adminId;
  @Value("${camunda.bpm.admin-user.password}") String adminPassword;
  @Autowired TaskService taskService;

  @BeforeEach
  void requireChromium() {
    Browser.assumeInstalled();
  }

  @Test
  void agentSeesAtendeTasklistInBrazilianPortugueseWithoutVendorBanner() throws Exception {
    Task task = taskService.newTask();
    task.setName("Responder cliente");
    task.setDueDate(Date.from(Instant.now().plus(Duration.ofHours(24))));
    taskService.saveTask(task);

    try (Browser browser = Browser.start("pt-BR")) {
      TasklistPage tasklist = TasklistPage.open(browser, baseUrl()).waitForLogin();
      assertThat(browser.waitForVisible(LOGIN_BUTTON).getText()).isEqualTo("Entrar");
      assertThat(browser.waitForVisible(USERNAME).getDomAttribute("placeholder")).isEqualTo("Usuário");
      assertThat(browser.waitForVisible(PASSWORD).getDomAttribute("placeholder")).isEqualTo("Senha");
      assertThat(browser.waitForVisible(LOGIN_APP_NAME).getText()).isEqualTo("Tarefas");
      assertThat(browser.waitForVisible(LOGIN_LOGO).getCssValue("background-image")).contains("atende-logo.svg");
      browser.screenshot("tasklist-login");

      tasklist.loginAs(adminId, adminPassword);

      assertThat(tasklist.brandName()).isEqualTo("Atende Tarefas");
      browser.waitForTitle("Atende Tarefas");
      assertThat(tasklist.vendorBanner().isDisplayed()).as("vendor banner displayed").isFalse();
      tasklist.waitForLabel(START_PROCESS, "Iniciar processo");
      tasklist.waitForLabel(CREATE_TASK, "Criar tarefa");
      tasklist.waitForLabel(FILTERS, "Todas as tarefas");
      tasklist.waitForLabel(FOOTER, "Datas e horários exibidos no fuso horário local");
      // Tasklist opens on the first filter of the list, whatever order the database keeps them in
      tasklist.waitForLabel(FOCUSED_FILTER, "Minhas filas");
      tasklist.openFilter("Todas as tarefas");
      String card = tasklist.waitForTaskCard("Responder cliente").getText();
      assertThat(card).contains("Prazo em um dia").contains("Criada há");

      assertThat(Files.size(browser.screenshot("tasklist"))).isPositive();
    }
  }

  @Test
  void englishBrowserGetsEnglishLabelsStillBrandedAtende() {
    try (Browser browser = Browser.start("en-US")) {
      TasklistPage tasklist = TasklistPage.open(browser, baseUrl()).waitForLogin();
      assertThat(browser.waitForVisible(LOGIN_BUTTON).getText()).isEqualTo("Log in");

      tasklist.loginAs(adminId, adminPassword);

      assertThat(tasklist.brandName()).isEqualTo("Atende Tarefas");
      assertThat(tasklist.vendorBanner().isDisplayed()).as("vendor banner displayed").isFalse();
      tasklist.waitForLabel(START_PROCESS, "Start process");
      tasklist.waitForLabel(CREATE_TASK, "Create task");
      browser.screenshot("tasklist-en");
    }
  }

  @Test
  void browserInAnotherLanguageGetsBrazilianPortuguese() {
    try (Browser browser = Browser.start("de-DE")) {
      TasklistPage.open(browser, baseUrl()).waitForLogin();
      assertThat(browser.waitForVisible(LOGIN_BUTTON).getText()).isEqualTo("Entrar");
    }
  }

  private String baseUrl() {
    return "http://localhost:" + port;
  }
}
