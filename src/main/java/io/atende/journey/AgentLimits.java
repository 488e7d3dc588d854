package io.atende.journey;

/**
 * R13: how many conversations an agent may hold at once, as an administrator set it (the agent package keeps it in the
 * database; {@code atende.agents.max-concurrent-conversations} is the default).
 */
public interface AgentLimits {

  /**
   * The agent's limit. Called inside the transaction that assigns a conversation to the agent, it also holds the
   * agent's lock until that transaction ends, so two assignments to one agent are counted one after the other.
   */
  int lockAndGetLimit(String userId);
}
