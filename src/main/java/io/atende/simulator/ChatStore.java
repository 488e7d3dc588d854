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
 * messages in both directions, the customer's profile name and username, and when each customer
 * last wrote to each business number (the 24-hour customer service window). Everything is keyed by
 * the customer ({@link CustomerId#key()}), so a phone customer has one chat and one window whether
 * the business addresses the phone number or the BSUID.
 */
final class ChatStore {

  static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  /** A customer as the simulator knows them. */
  record Customer(CustomerId id, String name, String username, Instant lastActivity) {}

  private final int messagesPerChat;
  private final Map<String, CustomerId> known = new HashMap<>();
  private final Map<String, CustomerId> byUserId = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> usernames = new HashMap<>();
  private final Map<String, Deque<ChatMessage>> chats = new HashMap<>();
  private final Map<String, ChatMessage> byId = new HashMap<>();
  private final Map<String, Instant> lastInbound = new HashMap<>();
  private final Map<String, Instant> typingUntil = new HashMap<>();

  ChatStore(int messagesPerChat) {
    this.messagesPerChat = Math.max(1, messagesPerChat);
  }

  synchronized void add(ChatMessage message) {
    remember(message.customer());
    Deque<ChatMessage> chat = chats.computeIfAbsent(message.customerKey(), k -> new ArrayDeque<>());
    chat.addLast(message);
    byId.put(message.id(), message);
    while (chat.size() > messagesPerChat) {
      byId.remove(chat.removeFirst().id());
    }
    String window = windowKey(message.phoneNumberId(), message.customerKey());
    if (message.direction() == ChatMessage.Direction.INBOUND) {
      lastInbound.merge(window, message.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
    }
    typingUntil.remove(window);
  }

  synchronized Optional<ChatMessage> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  synchronized List<ChatMessage> chat(String customerKey) {
    Deque<ChatMessage> chat = chats.get(customerKey);
    if (chat == null) {
      return List.of();
    }
    List<ChatMessage> sorted = new ArrayList<>(chat);
    sorted.sort(Comparator.comparing(ChatMessage::timestamp));
    return sorted;
  }

  /**
   * The customer a BSUID belongs to: the phone customer the simulator knows with that BSUID, or else
   * a username customer (no phone number).
   */
  synchronized CustomerId customerByUserId(String userId) {
    return byUserId.getOrDefault(userId, CustomerId.username(userId));
  }

  synchronized void rememberName(CustomerId customer, String name) {
    remember(customer);
    if (name != null && !name.isBlank()) {
      names.put(customer.key(), name.strip());
    }
  }

  synchronized Optional<String> name(String customerKey) {
    return Optional.ofNullable(names.get(customerKey));
  }

  synchronized void rememberUsername(CustomerId customer, String username) {
    remember(customer);
    if (username != null && !username.isBlank()) {
      usernames.put(customer.key(), username.strip());
    }
  }

  synchronized Optional<String> username(String customerKey) {
    return Optional.ofNullable(usernames.get(customerKey));
  }

  /** Whether the simulator has met this customer (a chat or a profile). */
  synchronized boolean knows(String customerKey) {
    return known.containsKey(customerKey) || chats.containsKey(customerKey);
  }

  /** Customers with a chat or a profile, most recently active first. */
  synchronized List<Customer> customers() {
    Map<String, Instant> activity = new HashMap<>();
    known.keySet().forEach(key -> activity.put(key, Instant.EPOCH));
    chats.forEach((key, chat) -> chat.forEach(m -> activity.merge(key, m.timestamp(), (a, b) -> a.isAfter(b) ? a : b)));
    return activity.entrySet().stream()
        .map(e -> new Customer(known.get(e.getKey()), names.get(e.getKey()), usernames.get(e.getKey()), e.getValue()))
        .sorted(Comparator.comparing(Customer::lastActivity).reversed())
        .toList();
  }

  /** When the customer last wrote to that business number, if ever. */
  synchronized Optional<Instant> lastInbound(String phoneNumberId, String customerKey) {
    return Optional.ofNullable(lastInbound.get(windowKey(phoneNumberId, customerKey)));
  }

  /** Whether free-form messages may reach the customer at {@code now}. */
  synchronized boolean windowOpen(String phoneNumberId, String customerKey, Instant now) {
    Instant last = lastInbound.get(windowKey(phoneNumberId, customerKey));
    return last != null && now.isBefore(last.plus(SERVICE_WINDOW));
  }

  synchronized void typing(String phoneNumberId, String customerKey, Instant until) {
    typingUntil.put(windowKey(phoneNumberId, customerKey), until);
  }

  synchronized boolean isTyping(String phoneNumberId, String customerKey, Instant now) {
    Instant until = typingUntil.get(windowKey(phoneNumberId, customerKey));
    return until != null && now.isBefore(until);
  }

  private void remember(CustomerId customer) {
    known.putIfAbsent(customer.key(), customer);
    if (customer.hasPhone()) {
      byUserId.putIfAbsent(customer.userId(), customer);
    }
  }

  private static String windowKey(String phoneNumberId, String customerKey) {
    return phoneNumberId + '|' + customerKey;
  }
}
