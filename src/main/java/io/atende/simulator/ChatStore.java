package io.atende.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's memory of customers and chats (kept in memory, like a phone; lost on restart):
 * messages in both directions, the customer's profile name, and when each customer last wrote to
 * each business number (the 24-hour customer service window).
 */
final class ChatStore {

  static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  /** A customer as the simulator knows them. */
  record Customer(String waId, String name, Instant lastActivity) {}

  private final int messagesPerChat;
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, Deque<ChatMessage>> chats = new HashMap<>();
  private final Map<String, ChatMessage> byId = new HashMap<>();
  private final Map<String, Instant> lastInbound = new HashMap<>();
  private final Map<String, Instant> typingUntil = new HashMap<>();

  ChatStore(int messagesPerChat) {
    this.messagesPerChat = Math.max(1, messagesPerChat);
  }

  synchronized void add(ChatMessage message) {
    Deque<ChatMessage> chat = chats.computeIfAbsent(message.waId(), k -> new ArrayDeque<>());
    chat.addLast(message);
    byId.put(message.id(), message);
    while (chat.size() > messagesPerChat) {
      byId.remove(chat.removeFirst().id());
    }
    if (message.direction() == ChatMessage.Direction.INBOUND) {
      lastInbound.merge(windowKey(message.phoneNumberId(), message.waId()), message.timestamp(),
          (a, b) -> a.isAfter(b) ? a : b);
      typingUntil.remove(windowKey(message.phoneNumberId(), message.waId()));
    } else {
      typingUntil.remove(windowKey(message.phoneNumberId(), message.waId()));
    }
  }

  synchronized Optional<ChatMessage> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  synchronized List<ChatMessage> chat(String waId) {
    Deque<ChatMessage> chat = chats.get(waId);
    if (chat == null) {
      return List.of();
    }
    List<ChatMessage> sorted = new ArrayList<>(chat);
    sorted.sort(Comparator.comparing(ChatMessage::timestamp));
    return sorted;
  }

  synchronized void rememberName(String waId, String name) {
    if (name != null && !name.isBlank()) {
      names.put(waId, name.strip());
    }
  }

  synchronized Optional<String> name(String waId) {
    return Optional.ofNullable(names.get(waId));
  }

  /** Customers with a chat or a profile, most recently active first. */
  synchronized List<Customer> customers() {
    Map<String, Instant> activity = new HashMap<>();
    names.keySet().forEach(waId -> activity.put(waId, Instant.EPOCH));
    chats.forEach((waId, chat) -> chat.forEach(m -> activity.merge(waId, m.timestamp(), (a, b) -> a.isAfter(b) ? a : b)));
    return activity.entrySet().stream()
        .map(e -> new Customer(e.getKey(), names.get(e.getKey()), e.getValue()))
        .sorted(Comparator.comparing(Customer::lastActivity).reversed())
        .toList();
  }

  /** When the customer last wrote to that business number, if ever. */
  synchronized Optional<Instant> lastInbound(String phoneNumberId, String waId) {
    return Optional.ofNullable(lastInbound.get(windowKey(phoneNumberId, waId)));
  }

  /** Whether free-form messages may reach the customer at {@code now}. */
  synchronized boolean windowOpen(String phoneNumberId, String waId, Instant now) {
    Instant last = lastInbound.get(windowKey(phoneNumberId, waId));
    return last != null && now.isBefore(last.plus(SERVICE_WINDOW));
  }

  synchronized void typing(String phoneNumberId, String waId, Instant until) {
    typingUntil.put(windowKey(phoneNumberId, waId), until);
  }

  synchronized boolean isTyping(String phoneNumberId, String waId, Instant now) {
    Instant until = typingUntil.get(windowKey(phoneNumberId, waId));
    return until != null && now.isBefore(until);
  }

  private static String windowKey(String phoneNumberId, String waId) {
    return phoneNumberId + '|' + waId;
  }
}
