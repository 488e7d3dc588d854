package io.atende.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atende.simulator.CustomerSide.CustomerRequestException;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What Meta does to templates on its own, for people and tests, under {@link #BASE}: list the account's templates
 * as Meta holds them, pause, unpause, disable or reinstate one, change its quality rating. Each change sends the
 * webhook notification Meta would send.
 */
final class TemplateApi {

  static final String BASE = CustomerApi.BASE + "/templates";

  /** A template as the simulator holds it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TemplateView(String id, String name, String language, String category, String parameterFormat, String status,
      String rejectedReason, String quality, Instant createdAt, List<Wire.TemplateComponent> components) {

    static TemplateView of(SimTemplate t) {
      return new TemplateView(t.id(), t.name(), t.language(), t.category().name(), t.parameterFormat(), t.status().name(),
          t.rejectedReason(), t.quality(), t.createdAt(), t.components());
    }
  }

  /** {@code {"action":"PAUSE"|"UNPAUSE"|"DISABLE"|"REINSTATE"}}. */
  record StatusRequest(String action) {}

  /** {@code {"score":"GREEN"|"YELLOW"|"RED"|"UNKNOWN"}}. */
  record QualityRequest(String score) {}

  private final TemplateCatalog catalog;
  private final TemplateLifecycle lifecycle;

  TemplateApi(TemplateCatalog catalog, TemplateLifecycle lifecycle) {
    this.catalog = catalog;
    this.lifecycle = lifecycle;
  }

  ServerResponse list(ServerRequest request) {
    return ServerResponse.ok().body(catalog.all().stream().map(TemplateView::of).toList());
  }

  /** {@code POST /templates/{id}/status}: Meta pauses, unpauses, disables or reinstates the template. */
  ServerResponse status(ServerRequest request) throws IOException {
    String id = request.pathVariable("id");
    known(id);
    StatusRequest body = body(request, StatusRequest.class, "{\"action\":\"PAUSE\"}");
    TemplateLifecycle.Action action;
    try {
      action = TemplateLifecycle.Action.valueOf(body.action() == null ? "" : body.action().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CustomerRequestException(400, "action must be one of PAUSE, UNPAUSE, DISABLE, REINSTATE");
    }
    SimTemplate changed = lifecycle.act(id, action).orElseThrow(() -> new CustomerRequestException(409,
        action + " does not apply to template " + id + " in status " + catalog.byId(id).orElseThrow().status()));
    return ServerResponse.ok().body(TemplateView.of(changed));
  }

  /** {@code POST /templates/{id}/quality}: Meta rates the template anew. */
  ServerResponse quality(ServerRequest request) throws IOException {
    String id = request.pathVariable("id");
    known(id);
    QualityRequest body = body(request, QualityRequest.class, "{\"score\":\"RED\"}");
    try {
      return ServerResponse.ok().body(TemplateView.of(lifecycle.rate(id, body.score()).orElseThrow()));
    } catch (IllegalArgumentException e) {
      throw new CustomerRequestException(400, e.getMessage());
    }
  }

  private void known(String id) {
    if (catalog.byId(id).filter(t -> !t.deleted()).isEmpty()) {
      throw new CustomerRequestException(404, "No template with id " + id);
    }
  }

  private static <T> T body(ServerRequest request, Class<T> type, String example) throws IOException {
    try {
      T body = request.body(type);
      if (body == null) {
        throw new CustomerRequestException(400, "The body must be a JSON object like " + example);
      }
      return body;
    } catch (ServletException | HttpMessageNotReadableException e) {
      throw new CustomerRequestException(400, "The body must be a JSON object like " + example);
    }
  }
}
