package io.atende.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Atende's own pages (administration of templates, and the pages that follow), plain HTML, CSS and JavaScript under
 * {@value #PAGES}/ (files in {@code src/main/resources/static/atende/}). They share one shell ({@code atende.css},
 * {@code atende.js}: navigation, the fetch helper with the CSRF header, the way to the Camunda login).
 */
@Configuration(proxyBeanMethods = false)
class PagesConfiguration implements WebMvcConfigurer {

  static final String PAGES = "/atende";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController(PAGES, PAGES + "/index.html");
    registry.addRedirectViewController(PAGES + "/", PAGES + "/index.html");
  }
}
