package io.atende.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call what. Anonymous: the webhook, the simulator, the Camunda webapps (their own login) and
 * the health probe. Camunda's REST API: HTTP Basic checked by Camunda's filter. Everything else,
 * {@code /api/**} first: HTTP Basic or a Camunda webapp session ({@link UserAuthenticationFilter}).
 */
@Configuration
class SecurityConfiguration implements WebMvcConfigurer {

  @Bean
  AccessRules accessRules(
      @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath,
      @Value("${spring.jersey.application-path:/engine-rest}") String engineRestPath) {
    return new AccessRules(webappPath, engineRestPath);
  }

  /** Camunda's REST API: every engine request needs HTTP Basic credentials of a Camunda user. */
  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication(AccessRules rules) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engineRestAuthentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM, HttpBasicAuthenticationProvider.class.getName());
    registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, rules.engineRestPath());
    registration.addUrlPatterns(rules.engineRestPath() + "/*");
    registration.setAsyncSupported(true);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    return registration;
  }

  /** Failed logins throttled per client, before any password is checked (see {@link LoginThrottle}). */
  @Bean
  FilterRegistrationBean<LoginThrottle> loginThrottle(AccessRules rules, org.springframework.jdbc.core.simple.JdbcClient jdbc,
      @Value("${atende.login-throttle.max-failures:10}") int maxFailures,
      @Value("${atende.login-throttle.window:15m}") Duration window) {
    FilterRegistrationBean<LoginThrottle> registration =
        new FilterRegistrationBean<>(new LoginThrottle(rules, new LoginFailures(jdbc), maxFailures, window, Clock.systemUTC()));
    registration.setName("loginThrottle");
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /** A person's change is written to the database file before the answer says it is done (H2, see {@link DurableAnswers}). */
  @Bean
  FilterRegistrationBean<DurableAnswers> durableAnswers(AccessRules rules, DurableAcknowledgements durable) {
    FilterRegistrationBean<DurableAnswers> registration = new FilterRegistrationBean<>(new DurableAnswers(rules, durable::flush));
    registration.setName("durableAnswers");
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    registration.setEnabled(durable.checkpointing());
    // outside the authentication filters: the answer a person gets is held, whoever wrote it
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    return registration;
  }

  /** Bodies sent without a user are bounded (see {@link AnonymousBodyLimit}). */
  @Bean
  FilterRegistrationBean<AnonymousBodyLimit> anonymousBodyLimit(AccessRules rules,
      @Value("${atende.whatsapp.webhook-max-bytes:4MB}") DataSize webhookMaxBytes,
      @Value("${atende.http.anonymous-max-bytes:64KB}") DataSize anonymousMaxBytes) {
    FilterRegistrationBean<AnonymousBodyLimit> registration = new FilterRegistrationBean<>(
        new AnonymousBodyLimit(rules, webhookMaxBytes.toBytes(), anonymousMaxBytes.toBytes()));
    registration.setName("anonymousBodyLimit");
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  @Bean
  FilterRegistrationBean<UserAuthenticationFilter> userAuthentication(IdentityService identityService, ProcessEngine engine, AccessRules rules) {
    FilterRegistrationBean<UserAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new UserAuthenticationFilter(identityService, engine.getName(), rules));
    registration.setName("userAuthentication");
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    return registration;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CurrentUserArgumentResolver());
  }
}
