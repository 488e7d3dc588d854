package io.atende.conversation;

import io.atende.conversation.MessageLog.Entry;
import io.atende.whatsapp.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How long a send whose answer was lost (a timeout, a reset, a crash) waits for Meta's status webhook, which names it
 * by our send key ({@code biz_opaque_callback_data}), before it may be sent again: {@code
 * atende.whatsapp.unconfirmed-send-wait} (15 s), counted from the try, or from this node's start when the try came
 * before it (no status reaches a service that is down, and Meta's retries of the status webhook reach it only once it
 * is up again).
 */
@Component
class UnconfirmedSends {

  private final Duration wait;
  private final Clock clock = Clock.systemUTC();
  /** When this node became ready (its webhook takes Meta's statuses since), or null before. */
  private volatile Instant upSince;

  UnconfirmedSends(@Value("${atende.whatsapp.unconfirmed-send-wait:15s}") Duration wait) {
    this.wait = wait;
  }

  Duration waitTime() {
    return wait;
  }

  /** Whether an earlier try is still awaited: pending without a WhatsApp id, and the wait for its status not over. */
  boolean awaited(Entry earlier) {
    return earlier.waMessageId() == null && earlier.status() == DeliveryStatus.PENDING && earlier.statusAt() != null
        && waitingSince(earlier.statusAt()).isAfter(clock.instant().minus(wait));
  }

  /** From when a try waits: the try, or this node's start when the try came before it; before the node is ready, now. */
  private Instant waitingSince(Instant tried) {
    Instant up = upSince;
    Instant since = up == null ? clock.instant() : up;
    return tried.isAfter(since) ? tried : since;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ready() {
    upSince = clock.instant();
  }
}
