package io.atende.journey;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bot's steps that send one fixed text each ({@code ${askDocument}}, {@code ${sendGoodbye}}...). */
@Configuration(proxyBeanMethods = false)
class BotTexts {

  @Bean
  JavaDelegate sendGreeting(BotMessages bot, JourneyTexts texts) {
    return execution -> bot.send(execution, texts.greeting());
  }

  @Bean
  JavaDelegate sendHandOverNotice(BotMessages bot, JourneyTexts texts) {
    return execution -> bot.send(execution, texts.handOver());
  }

  @Bean
  JavaDelegate askDocument(BotMessages bot, JourneyTexts texts) {
    return execution -> bot.send(execution, texts.askDocument());
  }

  @Bean
  JavaDelegate sendUnidentifiedNotice(BotMessages bot, JourneyTexts texts) {
    return execution -> bot.send(execution, texts.unidentified());
  }

  @Bean
  JavaDelegate sendReminder(BotMessages bot, JourneyTexts texts) {
    return execution -> bot.send(execution, texts.reminder());
  }

  @Bean
  JavaDelegate sendGoodbye(BotMessages bot, JourneyTexts texts) {
    return execution -> bot.send(execution, texts.goodbye());
  }
}
