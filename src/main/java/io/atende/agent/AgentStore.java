package io.atende.agent;

import io.atende.journey.AgentLimits;
import io.atende.journey.AgentProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-agent settings an administrator changes at runtime ({@code /api/agents}): the WhatsApp numbers enabled for the
 * agent (R17) and how many conversations they may hold at once (R13). Tables {@code agent_settings} and
 * {@code agent_number}; {@code atende.agents.users[].numbers} only seeds agents that have no row yet. An agent without
 * an own limit has {@code atende.agents.limits.<id>}, else {@code atende.agents.max-concurrent-conversations}.
 */
@Repository
class AgentStore implements AgentLimits {

  private final JdbcClient jdbc;
  private final AgentProperties limits;
  private final TransactionTemplate ownTransaction;

  AgentStore(JdbcClient jdbc, AgentProperties limits, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.limits = limits;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * @param userId the Camunda user
   * @param numbers phone-number-ids enabled for the agent
   * @param maxConcurrentConversations the agent's own limit, or null for the default
   */
  record AgentSettings(String userId, List<String> numbers, Integer maxConcurrentConversations) {}

  Optional<AgentSettings> find(String userId) {
    // -1 stands for "no own limit": a null value would read as "no row"
    Optional<Integer> row = jdbc.sql("select max_concurrent_conversations from agent_settings where user_id = ?").param(userId)
        .query((rs, n) -> rs.getObject(1) == null ? -1 : rs.getInt(1)).optional();
    return row.map(limit -> new AgentSettings(userId, numbers(userId), limit < 0 ? null : limit));
  }

  List<AgentSettings> all() {
    return jdbc.sql("select user_id from agent_settings order by user_id").query(String.class).list().stream()
        .map(id -> find(id).orElseThrow()).toList();
  }

  List<String> numbers(String userId) {
    return jdbc.sql("select phone_number_id from agent_number where user_id = ? order by phone_number_id").param(userId)
        .query(String.class).list();
  }

  boolean numberEnabled(String userId, String phoneNumberId) {
    return jdbc.sql("select count(*) from agent_number where user_id = ? and phone_number_id = ?").params(userId, phoneNumberId)
        .query(Integer.class).single() > 0;
  }

  /** Replaces the agent's numbers and limit. */
  @Transactional
  void save(String userId, List<String> numbers, Integer maxConcurrentConversations, String by) {
    if (jdbc.sql("update agent_settings set max_concurrent_conversations = ?, updated_at = ?, updated_by = ? where user_id = ?")
        .params(maxConcurrentConversations, Timestamp.from(Instant.now()), by, userId).update() == 0) {
      jdbc.sql("insert into agent_settings (user_id, max_concurrent_conversations, updated_at, updated_by) values (?, ?, ?, ?)")
          .params(userId, maxConcurrentConversations, Timestamp.from(Instant.now()), by).update();
    }
    jdbc.sql("delete from agent_number where user_id = ?").param(userId).update();
    for (String number : new LinkedHashSet<>(numbers)) {
      jdbc.sql("insert into agent_number (user_id, phone_number_id) values (?, ?)").params(userId, number).update();
    }
  }

  /** Seeds an agent from the YAML when they have no row yet; returns whether it did. */
  @Transactional
  boolean seed(String userId, List<String> numbers) {
    if (find(userId).isPresent()) {
      return false;
    }
    save(userId, numbers, null, "atende.agents");
    return true;
  }

  /** The agent's own limit if an administrator set one, else {@code atende.agents.limits.<id>}, else the default. */
  int limitFor(String userId) {
    return find(userId).map(AgentSettings::maxConcurrentConversations).filter(l -> l != null)
        .orElse(limits.limitFor(userId));
  }

  int defaultLimit() {
    return limits.maxConcurrentConversations();
  }

  /**
   * Locks the agent's row for the rest of the caller's transaction (creating it, with no number, for a user who has
   * none) and returns the limit.
   */
  @Override
  public int lockAndGetLimit(String userId) {
    if (lock(userId) == 0) {
      // created in a transaction of its own: a duplicate key would abort the caller's transaction on PostgreSQL
      try {
        ownTransaction.executeWithoutResult(s -> jdbc.sql(
                "insert into agent_settings (user_id, max_concurrent_conversations, updated_at, updated_by) values (?, null, ?, ?)")
            .params(userId, Timestamp.from(Instant.now()), "atende").update());
      } catch (DuplicateKeyException e) {
        // another claim created it first
      }
      lock(userId);
    }
    return limitFor(userId);
  }

  private int lock(String userId) {
    return jdbc.sql("update agent_settings set user_id = user_id where user_id = ?").param(userId).update();
  }

  Set<String> usersWithNumber(String phoneNumberId) {
    return Set.copyOf(jdbc.sql("select user_id from agent_number where phone_number_id = ?").param(phoneNumberId).query(String.class).list());
  }
}
