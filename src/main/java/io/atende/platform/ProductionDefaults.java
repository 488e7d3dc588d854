package io.atende.platform;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The production-start rule: with the simulator off and no demo ({@code atende.simulator.enabled=false},
 * {@code atende.demo.enabled} not true) the service refuses to start while a secret still has the value it ships
 * with (or none): the webhook's app secret and verify token, and the password of the administrator Camunda creates.
 * Checked before the context starts, so no administrator is ever created with the shipped password; the failure
 * names the settings ({@link ShippedDefaultsFailureAnalyzer}). Registered in {@code META-INF/spring.factories}.
 */
public class ProductionDefaults implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** The setting, and the value application.yml ships for it. */
  record Shipped(String key, String value) {}

  static final List<Shipped> SHIPPED = List.of(
      new Shipped("atende.whatsapp.app-secret", "simulator-app-secret"),
      new Shipped("atende.whatsapp.verify-token", "atende-verify-token"),
      new Shipped("camunda.bpm.admin-user.password", "admin"));

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    List<String> offending = offending(context.getEnvironment());
    if (!offending.isEmpty()) {
      throw new ShippedDefaultsException(offending);
    }
  }

  /** Whether this is a demo (the simulator on, or {@code atende.demo.enabled=true}): demo agents, shipped secrets. */
  public static boolean isDemo(Environment environment) {
    boolean simulator = environment.getProperty("atende.simulator.enabled", Boolean.class, true);
    return environment.getProperty("atende.demo.enabled", Boolean.class, simulator);
  }

  /** The settings that keep their shipped value (or are empty) although this is not a demo. */
  static List<String> offending(Environment environment) {
    List<String> offending = new ArrayList<>();
    if (isDemo(environment)) {
      return offending;
    }
    for (Shipped shipped : SHIPPED) {
      if (shipped.key().startsWith("camunda.bpm.admin-user.") && isBlank(environment.getProperty("camunda.bpm.admin-user.id"))) {
        continue; // no administrator is created
      }
      String value = environment.getProperty(shipped.key());
      if (isBlank(value) || value.equals(shipped.value())) {
        offending.add(shipped.key());
      }
    }
    return offending;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** The service refused to start: these settings still have their shipped (or no) value. */
  public static class ShippedDefaultsException extends IllegalStateException {

    private final transient List<String> settings;

    ShippedDefaultsException(List<String> settings) {
      super("Refusing to start with the simulator off while these settings keep their shipped default (or are empty): "
          + String.join(", ", settings) + ". Set them (e.g. as environment variables), or set atende.demo.enabled=true"
          + " for a demonstration that is not production.");
      this.settings = List.copyOf(settings);
    }

    public List<String> settings() {
      return settings;
    }
  }
}
