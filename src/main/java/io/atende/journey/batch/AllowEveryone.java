package io.atende.journey.batch;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Until a messaging limit is wired in, every recipient is allowed ({@link RecipientAllowance}). */
@Configuration
class AllowEveryone {

  @Bean
  @ConditionalOnMissingBean(RecipientAllowance.class)
  RecipientAllowance everyoneAllowed() {
    return (phoneNumberId, customerId) -> RecipientAllowance.Allowance.allow();
  }
}
