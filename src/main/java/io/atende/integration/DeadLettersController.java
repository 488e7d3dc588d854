package io.atende.integration;

import io.atende.platform.CurrentUser;
import java.time.Instant;
import java.util.List;
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
 * {@code /api/integration/dead-letters}: the events no listening route took after every attempt, and their replay
 * once the integration is mended. Camunda administrators only; errors are RFC 9457 problems.
 */
@RestController
@RequestMapping("/api/integration/dead-letters")
class DeadLettersController {

  private static final Logger log = LoggerFactory.getLogger(DeadLettersController.class);

  /** A dead letter as administrators see it: the event's JSON is the integrator's data (customers, texts). */
  record DeadLetter(long id, String eventId, String type, String customerKey, int attempts, String lastError,
      Instant createdAt, String body) {}

  private final Outbox outbox;

  DeadLettersController(Outbox outbox) {
    this.outbox = outbox;
  }

  @GetMapping
  ResponseEntity<?> list(@RequestParam(defaultValue = "100") int limit, CurrentUser user) {
    if (!user.isAdministrator()) {
      return forbidden();
    }
    List<DeadLetter> dead = outbox.dead(Math.max(1, Math.min(limit, 1000))).stream()
        .map(r -> new DeadLetter(r.id(), r.eventId(), r.type(), r.customerKey(), r.attempts(), r.lastError(), r.createdAt(), r.body()))
        .toList();
    return ResponseEntity.ok(dead);
  }

  @PostMapping("/{id}/replay")
  ResponseEntity<?> replay(@PathVariable long id, CurrentUser user) {
    if (!user.isAdministrator()) {
      return forbidden();
    }
    if (outbox.replay(id, Instant.now())) {
      log.info("Integration event {} replayed by {}", id, user.id());
      return ResponseEntity.noContent().build();
    }
    return outbox.find(id)
        .map(r -> problem(HttpStatus.CONFLICT, "Integration event " + id + " is " + r.status() + ", not DEAD: only a dead letter is replayed"))
        .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No integration event " + id));
  }

  private static ResponseEntity<ProblemDetail> forbidden() {
    return problem(HttpStatus.FORBIDDEN, "Only Camunda administrators (group camunda-admin) see and replay dead letters");
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
