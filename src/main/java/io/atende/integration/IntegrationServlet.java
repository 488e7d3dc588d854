package io.atende.integration;

import org.apache.camel.component.servlet.CamelHttpTransportServlet;
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

  @Bean
  ServletRegistrationBean<CamelHttpTransportServlet> camelServlet(
      @Value("${atende.integration.http-path:/integrations}") String path) {
    ServletRegistrationBean<CamelHttpTransportServlet> registration =
        new ServletRegistrationBean<>(new CamelHttpTransportServlet(), path + "/*");
    registration.setName("CamelServlet");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
