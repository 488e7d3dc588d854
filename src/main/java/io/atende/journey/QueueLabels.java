package io.atende.journey;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Names of queues for customers and agents: the menu option's label, the default queue's label, else the queue id. */
@Component
public class QueueLabels {

  private final MenuOptions menu;
  private final JourneyProperties properties;

  QueueLabels(MenuOptions menu, JourneyProperties properties) {
    this.menu = menu;
    this.properties = properties;
  }

  public String labelOf(String queue, String phoneNumberId) {
    return known(phoneNumberId).getOrDefault(queue, queue);
  }

  /** The queues a conversation on that number can be in: the menu's skills and the default queue, with their names. */
  public Map<String, String> known(String phoneNumberId) {
    Map<String, String> queues = new LinkedHashMap<>();
    for (MenuOption option : menu.forNumber(phoneNumberId)) {
      queues.putIfAbsent(option.skill(), option.label());
    }
    queues.putIfAbsent(properties.defaultQueue(), properties.defaultQueueLabel());
    return queues;
  }
}
