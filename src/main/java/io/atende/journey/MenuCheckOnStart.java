package io.atende.journey;

import io.atende.whatsapp.WhatsAppProperties;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Checks the deployed menu decision at start, for every configured business number, so that a menu with
 * more than {@value MenuOptions#MAX_OPTIONS} options (or none, or a broken one) stops the service with
 * the reason instead of surfacing in a customer's conversation. The same check runs whenever the menu is used.
 */
@Component
class MenuCheckOnStart implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(MenuCheckOnStart.class);

  private final MenuOptions menu;
  private final RepositoryService repositoryService;
  private final WhatsAppProperties whatsApp;

  MenuCheckOnStart(MenuOptions menu, RepositoryService repositoryService, WhatsAppProperties whatsApp) {
    this.menu = menu;
    this.repositoryService = repositoryService;
    this.whatsApp = whatsApp;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey(MenuOptions.DECISION_KEY).latestVersion().count() == 0) {
      log.error("Decision '{}' is not deployed: the bot journey cannot show its menu", MenuOptions.DECISION_KEY);
      return;
    }
    List<String> numbers = new ArrayList<>(whatsApp.numbers().stream().map(BusinessNumber::phoneNumberId).toList());
    if (numbers.isEmpty()) {
      numbers.add(null);
    }
    for (String number : numbers) {
      List<MenuOption> options = menu.forNumber(number);
      log.info("Menu for number {}: {} option(s)", number, options.size());
    }
  }
}
