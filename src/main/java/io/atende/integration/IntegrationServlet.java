package io.atende.integration;

import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.component.servlet.ServletComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP endpoints integrators' routes expose on the service's own port: {@code from: servlet:/erp/notify} answers
 * {@code /integrations/erp/notify}. The requests run on the servlet's thread, behind the service's authentication
 * (a Camunda user, HTTP Basic or a webapp session), like {@code /api/**}.
 */
@Configuration
class IntegrationServlet {

  /** Camel's servlet registry is JVM-wide: each application (tests start several) takes its own servlet name. */
  private final String name = "AtendeCamelServlet-" + UUID.randomUUID();

  @Bean
  ServletRegistrationBean<CamelHttpTransportServlet> camelServlet(
      @Value("${atende.integration.http-path:/integrations}") String path) {
    ServletRegistrationBean<CamelHttpTransportServlet> registration =
        new ServletRegistrationBean<>(new CamelHttpTransportServlet(), path + "/*");
    registration.setName(name);
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  CamelContextConfiguration servletComponentName() {
    return new CamelContextConfiguration() {
      @Override
      public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getComponent("servlet", ServletComponent.class).setServletName(name);
      }

      @Override
      public void afterApplicationStart(CamelContext camelContext) {
        // nothing
      }
    };
  }
}
