package io.atende.whatsapp;

/**
 * Whose turn a send takes from its number's rate ({@link SendRateLimiter}). Replies (the bot, the desk, outreach,
 * surveys, read receipts) never wait for batches; batch sends take at most {@code atende.batches.rate-share} of the
 * number's rate and only the slots close ahead, so a reply finds a slot within a few tens of milliseconds.
 */
public enum SendPriority {
  REPLY,
  BULK
}
