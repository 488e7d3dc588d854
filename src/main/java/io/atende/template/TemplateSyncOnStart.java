package io.atende.template;

import io.atende.platform.BackgroundThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Syncs the registry from the Cloud API once the service has started ({@code atende.templates.sync-on-start}), in
 * the background: the service does not wait for Meta, and a failure is a warning (an administrator syncs again with
 * {@code POST /api/templates/sync}).
 */
@Component
class TemplateSyncOnStart implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(TemplateSyncOnStart.class);

  private final TemplateAdministration administration;
  private final TemplatesProperties properties;

  TemplateSyncOnStart(TemplateAdministration administration, TemplatesProperties properties) {
    this.administration = administration;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.syncOnStart()) {
      return;
    }
    ExecutorService once = Executors.newSingleThreadExecutor(BackgroundThreads.factory("template-sync-"));
    once.execute(() -> {
      try {
        administration.sync();
      } catch (RuntimeException e) {
        log.warn("Templates not synced from WhatsApp at start ({}); sync them with POST /api/templates/sync", e.getMessage());
      }
    });
    once.shutdown();
  }
}
