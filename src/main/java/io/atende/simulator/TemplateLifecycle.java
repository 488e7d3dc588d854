package io.atende.simulator;

import io.atende.simulator.SimulatorProperties.TemplateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to templates over time, as at Meta: a submission is reviewed after {@code template-review-delay}
 * and becomes APPROVED or REJECTED ({@link TemplateRules#review}); Meta may later pause, disable or unpause a
 * template and change its quality rating. Each change is announced to the webhook with the
 * {@code message_template_status_update} or {@code message_template_quality_update} notification, signed like
 * every other.
 */
final class TemplateLifecycle {

  static final String STATUS_FIELD = "message_template_status_update";
  static final String QUALITY_FIELD = "message_template_quality_update";
  static final String CATEGORY_FIELD = "template_category_update";
  static final Duration FIRST_PAUSE = Duration.ofHours(3);
  private static final Logger log = LoggerFactory.getLogger(TemplateLifecycle.class);
  private static final List<String> QUALITY = List.of("GREEN", "YELLOW", "RED", "UNKNOWN");

  /** What Meta may do to a template on its own (the simulator's test API triggers it). */
  enum Action { PAUSE, UNPAUSE, DISABLE, REINSTATE }

  private final SimulatorProperties properties;
  private final TemplateCatalog catalog;
  private final WebhookClient webhook;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  /** The {@code entry.time} of each template's last notification. */
  private final java.util.Map<String, Long> lastTime = new java.util.concurrent.ConcurrentHashMap<>();

  TemplateLifecycle(SimulatorProperties properties, TemplateCatalog catalog, WebhookClient webhook,
      ScheduledExecutorService scheduler, Clock clock) {
    this.properties = properties;
    this.catalog = catalog;
    this.webhook = webhook;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  SimTemplate create(TemplateRules.Submission submission) {
    SimTemplate created = catalog.create(submission, clock.instant());
    scheduleReview(created);
    return created;
  }

  SimTemplate edit(String id, TemplateRules.Submission submission) {
    SimTemplate edited = catalog.edit(id, submission, clock.instant());
    scheduleReview(edited);
    return edited;
  }

  List<SimTemplate> delete(String name, String hsmId) {
    return catalog.delete(name, hsmId, clock.instant());
  }

  private void scheduleReview(SimTemplate submitted) {
    try {
      scheduler.schedule(() -> {
        try {
          review(submitted.id(), submitted.generation());
        } catch (RuntimeException e) {
          log.error("Simulator template review failed", e);
        }
      }, properties.templateReviewDelay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Simulator stopped; template review dropped");
    }
  }

  /** Reviews the submission if it is still the current one (not edited or deleted since). */
  void review(String id, int generation) {
    TemplateRules.Verdict[] verdict = new TemplateRules.Verdict[1];
    SimulatorProperties.TemplateCategory[] submitted = new SimulatorProperties.TemplateCategory[1];
    Optional<SimTemplate> reviewed = catalog.update(id, generation, t -> {
      if (t.status() != TemplateStatus.PENDING) {
        return t;
      }
      submitted[0] = t.category();
      verdict[0] = TemplateRules.review(t);
      return t.withCategory(verdict[0].category()).withStatus(verdict[0].status(), verdict[0].reason());
    });
    if (reviewed.isEmpty() || verdict[0] == null) {
      return;
    }
    SimTemplate t = reviewed.get();
    log.info("Simulator reviewed template {} ({}): {} {}", t.name(), t.language(), t.status(), t.rejectedReason());
    if (t.category() != submitted[0]) {
      post(t, CATEGORY_FIELD, new Wire.TemplateCategoryValue(Long.parseLong(t.id()), t.name(), t.language(),
          submitted[0].name(), t.category().name()), "template category");
    }
    notifyStatus(t, t.status().name(), t.status() == TemplateStatus.REJECTED ? t.rejectedReason() : "NONE", null, null,
        verdict[0].rejectionInfo());
  }

  /** Meta's own action on a template; empty when the template is unknown or the action does not apply to it. */
  Optional<SimTemplate> act(String id, Action action) {
    Instant now = clock.instant();
    TemplateStatus from;
    TemplateStatus to;
    switch (action) {
      case PAUSE -> { from = TemplateStatus.APPROVED; to = TemplateStatus.PAUSED; }
      case UNPAUSE -> { from = TemplateStatus.PAUSED; to = TemplateStatus.APPROVED; }
      case DISABLE -> { from = null; to = TemplateStatus.DISABLED; }
      default -> { from = TemplateStatus.DISABLED; to = TemplateStatus.APPROVED; }
    }
    boolean[] applied = new boolean[1];
    Optional<SimTemplate> changed = catalog.update(id, null, t -> {
      boolean applies = from == null ? t.status() == TemplateStatus.APPROVED || t.status() == TemplateStatus.PAUSED
          : t.status() == from;
      applied[0] = applies;
      return applies ? t.withStatus(to, t.rejectedReason()) : t;
    });
    if (changed.isEmpty() || !applied[0]) {
      return Optional.empty();
    }
    SimTemplate t = changed.get();
    switch (action) {
      case PAUSE -> notifyStatus(t, "PAUSED", "NONE", null, new Wire.OtherInfo("FIRST_PAUSE",
          "Your WhatsApp message template has been paused for 3 hours until "
              + DateTimeFormatter.ofPattern("MMM d, yyyy 'at' h:mm a 'UTC'", Locale.ENGLISH)
                  .format(now.plus(FIRST_PAUSE).atZone(ZoneOffset.UTC))
              + " because it continued to have issues."), null);
      case UNPAUSE -> notifyStatus(t, "APPROVED", "NONE", null,
          new Wire.OtherInfo("UNPAUSE", "Your WhatsApp message template is no longer paused and can be sent again."), null);
      case DISABLE -> notifyStatus(t, "DISABLED", "NONE", new Wire.DisableInfo(now.getEpochSecond()), null, null);
      default -> notifyStatus(t, "REINSTATED", "NONE", null, null, null);
    }
    return changed;
  }

  /** Meta rates a template's quality anew; the webhook hears of it when the rating changed. */
  Optional<SimTemplate> rate(String id, String score) {
    String upper = score == null ? "" : score.toUpperCase(Locale.ROOT);
    if (!QUALITY.contains(upper)) {
      throw new IllegalArgumentException("The quality score must be one of " + QUALITY + "; got '" + score + "'");
    }
    String[] previous = new String[1];
    Optional<SimTemplate> rated = catalog.update(id, null, t -> {
      previous[0] = t.quality();
      return t.withQuality(upper, clock.instant());
    });
    rated.filter(t -> !upper.equals(previous[0])).ifPresent(t -> post(t, QUALITY_FIELD,
        new Wire.TemplateQualityValue(previous[0], upper, Long.parseLong(t.id()), t.name(), t.language()),
        "template quality"));
    return rated;
  }

  private void notifyStatus(SimTemplate t, String event, String reason, Wire.DisableInfo disable, Wire.OtherInfo other,
      Wire.RejectionInfo rejection) {
    post(t, STATUS_FIELD, new Wire.TemplateStatusValue(event, Long.parseLong(t.id()), t.name(), t.language(), reason,
        t.category().name(), disable, other, rejection), "template " + event.toLowerCase(Locale.ROOT));
  }

  /**
   * Sends a template notification. Its {@code entry.time} (seconds) is later than the template's previous one: at
   * Meta a review takes far longer than a second, so two identical notifications of one template (say, approved,
   * edited and approved again) never share a second; with the simulator's short review delay they could, and would
   * look like one notification delivered twice.
   */
  private void post(SimTemplate t, String field, Object value, String kind) {
    long time = lastTime.merge(t.id(), clock.instant().getEpochSecond(), (last, now) -> Math.max(now, last + 1));
    webhook.post("template:" + t.id(), Wire.AccountNotification.of(properties.wabaId(), time, field, value), kind, ok -> { });
  }
}
