package io.atende.journey.blocks;

import java.util.Optional;

/**
 * The queues a conversation can be handed to (the candidate groups of the agents' tasks): implemented where the queues
 * are defined. Block "Encaminhar para fila" reads it at deploy time (an unknown queue is refused) and when it runs
 * (the queue's name for customers and agents).
 */
public interface QueueDirectory {

  /** The queue's name for people, if a queue with that id exists. */
  Optional<String> nameOf(String queueId);
}
