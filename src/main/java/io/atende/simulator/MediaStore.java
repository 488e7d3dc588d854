package io.atende.simulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Uploaded and customer-sent media, kept in memory for 30 days (as Meta keeps uploads) within a
 * total size limit; beyond it the oldest files are dropped first.
 */
final class MediaStore {

  static final Duration RETENTION = Duration.ofDays(30);

  /** One stored file; {@code phoneNumberId} is the business number it belongs to. */
  record StoredMedia(String id, String phoneNumberId, String mimeType, String filename, byte[] bytes,
      String sha256Hex, Instant createdAt) {

    long size() {
      return bytes.length;
    }
  }

  private final long limitBytes;
  private final Clock clock;
  private final Map<String, StoredMedia> media = new LinkedHashMap<>();
  private long totalBytes;

  MediaStore(long limitBytes, Clock clock) {
    this.limitBytes = limitBytes;
    this.clock = clock;
  }

  synchronized StoredMedia put(String phoneNumberId, String mimeType, String filename, byte[] bytes) {
    String id = Ids.mediaId();
    StoredMedia stored = new StoredMedia(id, phoneNumberId, mimeType, filename, bytes.clone(), sha256Hex(bytes),
        clock.instant());
    media.put(id, stored);
    totalBytes += stored.size();
    evict();
    return stored;
  }

  synchronized Optional<StoredMedia> get(String id) {
    evict();
    return Optional.ofNullable(media.get(id));
  }

  synchronized boolean delete(String id) {
    StoredMedia removed = media.remove(id);
    if (removed != null) {
      totalBytes -= removed.size();
    }
    return removed != null;
  }

  private void evict() {
    Instant oldest = clock.instant().minus(RETENTION);
    Iterator<StoredMedia> it = media.values().iterator();
    while (it.hasNext()) {
      StoredMedia m = it.next();
      if (totalBytes <= limitBytes && !m.createdAt().isBefore(oldest)) {
        break;
      }
      it.remove();
      totalBytes -= m.size();
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
