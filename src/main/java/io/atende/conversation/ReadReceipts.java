package io.atende.conversation;

import io.atende.platform.BackgroundThreads;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Blue ticks: once the agent working a conversation has the customer's messages on screen, they are marked read,
 * here and on WhatsApp. The Cloud API call runs in the background: the agent's screen does not wait for Meta,
 * and a failure (logged) only costs the customer the ticks, never a message.
 */
@Component
public class ReadReceipts {

  private static final Logger log = LoggerFactory.getLogger(ReadReceipts.class);
  /** Mark-reads waiting for the Cloud API; past this many, newer ones are dropped (and logged). */
  private static final int BACKLOG = 10_000;

  private final MessageLog messages;
  private final MessageSender sender;
  private final ExecutorService background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(BACKLOG), BackgroundThreads.factory("read-receipts-"),
      (task, pool) -> log.warn("Read receipt dropped: {} are already waiting for the Cloud API", BACKLOG));

  ReadReceipts(MessageLog messages, MessageSender sender) {
    this.messages = messages;
    this.sender = sender;
  }

  /** The conversation's messages were shown to the agent working it: its unread customer messages become read. */
  public void conversationSeen(long conversationId) {
    messages.markInboundRead(conversationId).ifPresent(newest -> background.execute(() -> markRead(conversationId, newest)));
  }

  private void markRead(long conversationId, long newest) {
    try {
      sender.markRead(newest);
    } catch (RuntimeException e) {
      log.warn("Could not mark message {} of conversation {} read on WhatsApp: {}", newest, conversationId, e.getMessage());
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    background.shutdown();
    background.awaitTermination(5, TimeUnit.SECONDS);
  }
}
