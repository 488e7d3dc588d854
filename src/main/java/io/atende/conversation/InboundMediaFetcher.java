package io.atende.conversation;

import io.atende.conversation.InboundRecorder.CustomerMessageRecorded;
import io.atende.conversation.MessageLog.Entry;
import io.atende.conversation.MessageLog.MediaToFetch;
import io.atende.platform.BackgroundThreads;
import io.atende.whatsapp.MediaInfo;
import io.atende.whatsapp.WhatsAppClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the customers' media: once a message with an image, audio, video, document or sticker is
 * committed, fetches the file in the background (media info, then download with the Bearer token,
 * since the URL lives only minutes) and keeps it in the {@link MediaStore} (a directory every node shares, as
 * {@code yyyy/MM/<message id>-<media id>.<ext>}, or the database), then records its reference on the message. A failed
 * fetch is retried a few times with growing pauses; a sweep picks up what a restart interrupted.
 */
@Component
class InboundMediaFetcher implements DisposableBean {

  static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));
  /** How far back the sweep looks (WhatsApp keeps inbound media for days, not forever). */
  static final Duration SWEEP_HORIZON = Duration.ofDays(7);
  private static final int SWEEP_PAGE = 500;

  private static final Logger log = LoggerFactory.getLogger(InboundMediaFetcher.class);
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("image/jpeg", "jpg"),
      Map.entry("image/png", "png"),
      Map.entry("image/webp", "webp"),
      Map.entry("audio/aac", "aac"),
      Map.entry("audio/amr", "amr"),
      Map.entry("audio/mpeg", "mp3"),
      Map.entry("audio/mp4", "m4a"),
      Map.entry("audio/ogg", "ogg"),
      Map.entry("video/mp4", "mp4"),
      Map.entry("video/3gpp", "3gp"),
      Map.entry("text/plain", "txt"),
      Map.entry("application/pdf", "pdf"),
      Map.entry("application/msword", "doc"),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
      Map.entry("application/vnd.ms-excel", "xls"),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
      Map.entry("application/vnd.ms-powerpoint", "ppt"),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"));

  private final WhatsAppClient client;
  private final MessageLog messages;
  private final MediaStore store;
  private final ScheduledExecutorService executor;
  /** Messages being fetched or waiting for a retry, so the sweep does not start them twice. */
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  /** Messages whose retries ran out in this run; the sweep leaves them until the next start. */
  private final Set<Long> givenUp = ConcurrentHashMap.newKeySet();

  InboundMediaFetcher(WhatsAppClient client, MessageLog messages, MediaStore store) {
    this.client = client;
    this.messages = messages;
    this.store = store;
    CustomizableThreadFactory threads = BackgroundThreads.factory("inbound-media-");
    threads.setDaemon(true);
    this.executor = Executors.newScheduledThreadPool(2, threads);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onCustomerMessage(CustomerMessageRecorded recorded) {
    if (recorded.message().media() != null && recorded.message().media().id() != null) {
      start(recorded.messageId(), recorded.message().media().id());
    }
  }

  /** Picks up media that were never stored (e.g. the service stopped while fetching them). */
  @Scheduled(fixedDelayString = "${atende.whatsapp.media-sweep-interval:10m}", initialDelayString = "${atende.whatsapp.media-sweep-delay:1m}")
  void sweep() {
    sweep(SWEEP_PAGE);
  }

  /** Goes through every media still to fetch, a page at a time, so media given up on never hide newer ones. */
  void sweep(int pageSize) {
    Instant horizon = Instant.now().minus(SWEEP_HORIZON);
    long after = 0;
    int dropped = 0;
    List<MediaToFetch> page;
    do {
      page = messages.mediaToFetch(after, pageSize);
      for (MediaToFetch media : page) {
        if (media.queuedAt().isBefore(horizon)) {
          log.debug("Media {} of message {} dropped from the media to fetch", media.mediaId(), media.messageId());
          messages.forgetMediaToFetch(media.messageId());
          dropped++;
        } else if (!givenUp.contains(media.messageId())) {
          start(media.messageId(), media.mediaId());
        }
        after = media.messageId();
      }
    } while (page.size() == pageSize);
    if (dropped > 0) {
      log.warn("{} inbound media never stored and older than {} days are no longer fetched", dropped, SWEEP_HORIZON.toDays());
    }
  }

  private void start(long messageId, String mediaId) {
    if (inFlight.add(messageId)) {
      schedule(messageId, mediaId, 0, Duration.ZERO);
    }
  }

  private void schedule(long messageId, String mediaId, int attempt, Duration delay) {
    try {
      executor.schedule(() -> fetch(messageId, mediaId, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      inFlight.remove(messageId); // shutting down: the sweep of the next run picks it up
    }
  }

  private void fetch(long messageId, String mediaId, int attempt) {
    try {
      Entry message = messages.findById(messageId).orElse(null);
      if (message == null || message.mediaPath() != null) {
        messages.forgetMediaToFetch(messageId);
        inFlight.remove(messageId);
        return;
      }
      MediaInfo info = client.mediaInfo(mediaId);
      byte[] content = client.downloadMedia(info.url());
      String mimeType = info.mimeType() != null ? info.mimeType() : message.mediaMimeType();
      String reference = store.put(messageId, mediaId, mimeType, extension(mimeType, message.mediaFilename()), content);
      messages.attachMediaPath(messageId, reference);
      inFlight.remove(messageId);
      log.debug("Stored media {} of message {} ({} bytes)", mediaId, messageId, content.length);
    } catch (RuntimeException e) {
      if (attempt < RETRY_DELAYS.size()) {
        Duration delay = RETRY_DELAYS.get(attempt);
        log.warn("Media {} of message {} not fetched (attempt {}): {}; trying again in {}s", mediaId, messageId, attempt + 1,
            e.getMessage(), delay.toSeconds());
        schedule(messageId, mediaId, attempt + 1, delay);
      } else {
        log.error("Media {} of message {} not fetched after {} attempts: {}", mediaId, messageId, attempt + 1, e.getMessage());
        givenUp.add(messageId);
        inFlight.remove(messageId);
      }
    }
  }

  /** The file extension: from the MIME type, else from the sender's file name if harmless, else {@code bin}. */
  static String extension(String mimeType, String originalName) {
    String mime = mimeType == null ? "" : mimeType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    String known = EXTENSIONS.get(mime);
    if (known != null) {
      return known;
    }
    if (originalName != null) {
      int dot = originalName.lastIndexOf('.');
      String ext = dot < 0 ? "" : originalName.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (ext.matches("[a-z0-9]{1,8}")) {
        return ext;
      }
    }
    return "bin";
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
