package io.atende.whatsapp;

import io.atende.platform.CurrentUser;
import io.atende.whatsapp.ParkedEvents.EventView;
import java.util.List;
import org.camunda.bpm.engine.authorization.Groups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/inbound-events}: the inbound events parked as failed, and a retry once their cause is mended (a
 * fixed route, a database back, a corrected model). Camunda administrators only.
 */
@RestController
@RequestMapping("/api/inbound-events")
class ParkedEventsController {

  private static final Logger log = LoggerFactory.getLogger(ParkedEventsController.class);

  private final ParkedEvents events;

  ParkedEventsController(ParkedEvents events) {
    this.events = events;
  }

  @GetMapping("/failed")
  ResponseEntity<?> failed(@RequestParam(defaultValue = "100") int limit, CurrentUser user) {
    if (!user.isAdministrator()) {
      return forbidden();
    }
    List<EventView> failed = events.failed(Math.max(1, Math.min(limit, 1000)));
    return ResponseEntity.ok(failed);
  }

  @PostMapping("/{id}/retry")
  ResponseEntity<?> retry(@PathVariable long id, CurrentUser user) {
    if (!user.isAdministrator()) {
      return forbidden();
    }
    if (events.requeue(id)) {
      log.info("Inbound event {} handed back to the lanes by {}", id, user.id());
      return ResponseEntity.noContent().build();
    }
    return events.find(id)
        .map(e -> problem(HttpStatus.CONFLICT,
            "Inbound event " + id + " is " + e.status() + ", not FAILED: only a failed event can be retried"))
        .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No inbound event " + id));
  }

  private static ResponseEntity<ProblemDetail> forbidden() {
    return problem(HttpStatus.FORBIDDEN, "Only Camunda administrators (group " + Groups.CAMUNDA_ADMIN + ") see and retry inbound events");
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
