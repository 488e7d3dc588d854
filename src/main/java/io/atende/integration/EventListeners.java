package io.atende.integration;

import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.stereotype.Component;

/**
 * The integrators' routes listening to Atende's events now: those whose {@code from} is {@code direct:atende-events}
 * or {@code direct:atende-events-<name>} (routes come and go with hot reload).
 */
@Component
class EventListeners {

  static final String PREFIX = "direct://atende-events";

  private final CamelContext camel;

  EventListeners(CamelContext camel) {
    this.camel = camel;
  }

  /** The endpoints of the routes listening now, in route-id order. */
  List<String> endpoints() {
    return camel.getRoutes().stream()
        .filter(EventListeners::listens)
        .sorted(Comparator.comparing(Route::getRouteId))
        .map(r -> r.getEndpoint().getEndpointUri())
        .toList();
  }

  /**
   * Whether it is known that no route listens: Camel has started (with the routes of the {@code routes} folder) and
   * none of its routes listens. While Camel starts nobody can tell yet. Asked for every event written.
   */
  boolean knownNone() {
    return camel.isStarted() && camel.getRoutes().stream().noneMatch(EventListeners::listens);
  }

  private static boolean listens(Route route) {
    return route.getEndpoint().getEndpointBaseUri().startsWith(PREFIX);
  }
}
