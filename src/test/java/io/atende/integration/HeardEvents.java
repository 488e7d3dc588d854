package io.atende.integration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * An integrator's route in a test's running service: it listens to Atende's events ({@code direct:atende-events-<name>})
 * and keeps what it heard. Events are written only while some route listens (README "For integrators").
 */
public final class HeardEvents {

  /** One per route of a running service (tests share a cached Spring context, and so its routes). */
  private static final Map<CamelContext, Map<String, HeardEvents>> LISTENERS = new WeakHashMap<>();

  private final List<JsonNode> heard = new CopyOnWriteArrayList<>();

  private HeardEvents() {}

  /** Adds the listening route {@code heard-<name>} (once per service: a second call finds it and starts afresh). */
  public static synchronized HeardEvents listenOn(CamelContext camel, String name) throws Exception {
    String routeId = "heard-" + name;
    HeardEvents events = LISTENERS.computeIfAbsent(camel, c -> new HashMap<>()).computeIfAbsent(routeId, r -> new HeardEvents());
    events.heard.clear();
    if (camel.getRoute(routeId) == null) {
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          from("direct:atende-events-" + name).routeId(routeId)
              .process(e -> events.heard.add(IntegrationEvents.JSON.readTree(e.getIn().getBody(String.class))));
        }
      });
    }
    return events;
  }

  /** The events of this type heard so far, in the order they came. */
  public List<JsonNode> ofType(String type) {
    return heard.stream().filter(e -> type.equals(e.path("type").asText())).toList();
  }
}
