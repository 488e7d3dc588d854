package io.atende.journey;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the human agents ({@code atende.agents.*}).
 *
 * @param maxConcurrentConversations conversations an agent may hold at once (assigned {@code AttendCustomer} tasks)
 * @param limits per-agent overrides by user id, e.g. {@code atende.agents.limits.ana=5}
 */
@ConfigurationProperties("atende.agents")
public record AgentProperties(@DefaultValue("3") int maxConcurrentConversations, Map<String, Integer> limits) {

  public AgentProperties {
    limits = limits == null ? Map.of() : Map.copyOf(limits);
    if (maxConcurrentConversations < 1) {
      throw new IllegalArgumentException("atende.agents.max-concurrent-conversations must be 1 or more, was " + maxConcurrentConversations);
    }
    limits.forEach((user, limit) -> {
      if (limit == null || limit < 0) {
        throw new IllegalArgumentException("atende.agents.limits." + user + " must be 0 or more, was " + limit);
      }
    });
  }

  /** How many conversations that agent may hold at once. */
  public int limitFor(String userId) {
    return limits.getOrDefault(userId, maxConcurrentConversations);
  }
}
