package io.atende.journey;

/** What happened to a customer's message (see {@link CustomerMessageRouter}, {@link AnswerQueueDispatcher}). */
enum Delivery {
  STARTED,
  CORRELATED,
  /** Waits in the answer queue for the bot's next question. */
  QUEUED,
  /** Kept for the agent: the protocol is open. */
  LEFT_FOR_AGENT,
  /** Not an answer (reaction, revoke, system notice). */
  IGNORED
}
