package io.atende.agent;

import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Queues and agents created at first start ({@code atende.agents.*}). Each queue is a Camunda group
 * (the candidate group of its tasks); each agent is a Camunda user, member of their queues, enabled
 * for some WhatsApp numbers. Existing users and groups are left as they are, so an administrator may
 * change them later in Camunda Admin.
 *
 * @param queues the service queues (skills) a menu option can lead to
 * @param users the agents (and supervisors) to create
 * @param supervisorGroup group whose members see every queue and number
 */
@ConfigurationProperties("atende.agents")
public record AgentsProperties(
    @DefaultValue List<Queue> queues,
    @DefaultValue List<Agent> users,
    @DefaultValue("supervisors") String supervisorGroup) {

  /**
   * @param id group id, used as candidate group and in the menu DMN's skill column
   * @param name the name agents and customers see
   */
  public record Queue(String id, String name) {}

  /**
   * @param id login
   * @param password initial password (change it in Camunda Admin)
   * @param firstName first name
   * @param lastName last name
   * @param queues queues (group ids) the agent serves
   * @param numbers phone-number-ids of the WhatsApp numbers enabled for the agent; empty means none. Seeds the database
   *     ({@link AgentStore}) for an agent without a row; from then on {@code /api/agents} changes them
   */
  public record Agent(
      String id,
      String password,
      String firstName,
      @DefaultValue("") String lastName,
      @DefaultValue List<String> queues,
      @DefaultValue List<String> numbers) {}

  public Optional<Queue> queue(String id) {
    return queues.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  public Optional<Agent> agent(String id) {
    return users.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** The queue's display name, or its id when it is not configured. */
  public String queueName(String id) {
    return queue(id).map(Queue::name).orElse(id);
  }
}
