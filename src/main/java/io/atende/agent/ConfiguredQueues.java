package io.atende.agent;

import io.atende.journey.blocks.QueueDirectory;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

/**
 * The queues blocks may hand a conversation to: the Camunda groups (created from {@code atende.agents.queues} at first
 * start, or in Camunda Admin), and the configured queues before their groups exist (the models are deployed before
 * the groups are created on a new database). The group's name wins, so a queue renamed in Admin shows the new name.
 */
@Component
class ConfiguredQueues implements QueueDirectory {

  private final AgentsProperties properties;
  private final IdentityService identity;

  ConfiguredQueues(AgentsProperties properties, IdentityService identity) {
    this.properties = properties;
    this.identity = identity;
  }

  @Override
  public Optional<String> nameOf(String queueId) {
    if (queueId == null || queueId.isBlank()) {
      return Optional.empty();
    }
    Group group = identity.createGroupQuery().groupId(queueId).singleResult();
    if (group != null) {
      return Optional.of(group.getName() == null || group.getName().isBlank() ? queueId : group.getName());
    }
    return properties.queue(queueId).map(q -> q.name() == null || q.name().isBlank() ? queueId : q.name());
  }
}
