package io.atende.limits;

import io.atende.platform.CurrentUser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/messaging-limits}: the portfolio's messaging limit and its use (any authenticated user reads it; only
 * administrators, Camunda group {@value Groups#CAMUNDA_ADMIN}, change the tier or limit), and {@code
 * /api/messaging-costs}: template sends and Meta's pricing per category, number and pricing type. Errors are RFC 9457
 * problem details.
 */
@RestController
class MessagingLimitsController {

  /** Where the limit stands; {@code limit} is null when unlimited. */
  record LimitView(long used, Long limit, Tier tier, boolean explicitLimit, Long remaining, Instant windowStart,
      long windowHours, MessagingLimitsProperties.Scope scope, List<Usage.NumberUsage> byNumber, String updatedBy,
      Instant updatedAt) {}

  /** An administrator's change: a tier, or an explicit limit (which wins over the tier), or both. */
  record LimitChange(Tier tier, Long limit) {}

  /** Messages sent and how many Meta bills, for one category, number or pricing type. */
  record Total(String key, long messages, long billable) {}

  record CostsView(Instant from, Instant to, long messages, long billable, List<Total> byCategory, List<Total> byNumber,
      List<Total> byPricingType, List<MessagingCosts.Line> lines) {}

  static class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  static class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message);
    }
  }

  private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  private final MessagingLimits limits;
  private final MessagingCosts costs;

  MessagingLimitsController(MessagingLimits limits, MessagingCosts costs) {
    this.limits = limits;
    this.costs = costs;
  }

  @GetMapping("/api/messaging-limits")
  LimitView get(CurrentUser user) {
    return view(limits.usage());
  }

  @PutMapping("/api/messaging-limits")
  LimitView change(@RequestBody LimitChange change, CurrentUser user) {
    if (!user.isAdministrator()) {
      throw new Forbidden("Only Camunda administrators (group " + Groups.CAMUNDA_ADMIN + ") change the messaging limit");
    }
    if (change == null || change.tier() == null && change.limit() == null) {
      throw new BadRequest("Give a tier (" + List.of(Tier.values()) + ") or a limit");
    }
    if (change.limit() != null && change.limit() < 0) {
      throw new BadRequest("The limit must be 0 or more");
    }
    limits.change(change.tier(), change.limit(), user.id());
    return view(limits.usage());
  }

  /**
   * @param from start, inclusive: a date (yyyy-MM-dd, São Paulo time) or an instant; default 30 days before {@code to}
   * @param to end, exclusive: a date (the whole day included) or an instant; default now
   */
  @GetMapping("/api/messaging-costs")
  CostsView costs(@RequestParam(required = false) String from, @RequestParam(required = false) String to, CurrentUser user) {
    Instant end = to == null || to.isBlank() ? Instant.now().plusSeconds(1) : parse(to, "to", true);
    Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PERIOD) : parse(from, "from", false);
    if (!start.isBefore(end)) {
      throw new BadRequest("'from' must be before 'to'");
    }
    List<MessagingCosts.Line> lines = costs.lines(start, end);
    return new CostsView(start, end, lines.stream().mapToLong(MessagingCosts.Line::messages).sum(),
        lines.stream().mapToLong(MessagingCosts.Line::billable).sum(),
        totals(lines, MessagingCosts.Line::category), totals(lines, MessagingCosts.Line::phoneNumberId),
        totals(lines, MessagingCosts.Line::pricingType), lines);
  }

  private static List<Total> totals(List<MessagingCosts.Line> lines, Function<MessagingCosts.Line, String> key) {
    Map<String, long[]> sums = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
    for (MessagingCosts.Line line : lines) {
      long[] sum = sums.computeIfAbsent(key.apply(line), k -> new long[2]);
      sum[0] += line.messages();
      sum[1] += line.billable();
    }
    return sums.entrySet().stream().map(e -> new Total(Objects.requireNonNullElse(e.getKey(), "UNKNOWN"),
        e.getValue()[0], e.getValue()[1])).toList();
  }

  private static Instant parse(String value, String name, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate date = LocalDate.parse(value);
        return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZONE).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest("'" + name + "' must be a date (2026-12-05) or an instant (2026-12-05T12:00:00Z): " + value);
    }
  }

  private LimitView view(Usage usage) {
    MessagingLimits.Setting setting = limits.setting();
    Long limit = usage.unlimited() ? null : usage.limit();
    return new LimitView(usage.used(), limit, usage.tier(), usage.explicitLimit(),
        limit == null ? null : Math.max(0, limit - usage.used()), usage.windowStart(), MessagingLimits.ROLLING.toHours(),
        usage.scope(), usage.byNumber(), setting.updatedBy(), setting.updatedAt());
  }

  @ExceptionHandler(BadRequest.class)
  ProblemDetail badRequest(BadRequest e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(Forbidden.class)
  ProblemDetail forbidden(Forbidden e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "The body is not valid JSON for this request (tier: " + List.of(Tier.values()) + "; limit: a number): "
            + String.valueOf(e.getMostSpecificCause().getMessage()).lines().findFirst().orElse(""));
  }
}
