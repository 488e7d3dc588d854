package io.atende.whatsapp;

import java.util.Map;
import org.apache.camel.spi.PropertiesSource;
import org.springframework.stereotype.Component;

/**
 * Makes {@link WhatsAppProperties} (defaults included) available to the Camel routes as
 * {@code {{whatsapp.*}}} placeholders, so that {@code routes/whatsapp-outbound.yaml} shows its retry
 * settings while the values stay configured in one place ({@code atende.whatsapp.*}).
 */
@Component
class WhatsAppCamelProperties implements PropertiesSource {

  private final Map<String, String> values;

  WhatsAppCamelProperties(WhatsAppProperties properties) {
    this.values = Map.of(
        "whatsapp.send-retries", String.valueOf(Math.max(0, properties.sendRetries())),
        "whatsapp.send-retry-delay-millis", String.valueOf(Math.max(1, properties.sendRetryDelay().toMillis())));
  }

  @Override
  public String getName() {
    return "atende-whatsapp";
  }

  @Override
  public String getProperty(String name) {
    return values.get(name);
  }
}
