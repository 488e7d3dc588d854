package io.atende.journey;

import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.MessageType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Customer messages waiting for the bot's next question: written when a message arrives while the bot is
 * busy between two questions, read in arrival order when it waits again (table {@code answer_queue}).
 */
@Repository
class AnswerQueue {

  private final JdbcClient jdbc;

  AnswerQueue(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A queued message: its id in the message log and the answer text the bot can use (null for media). */
  record QueuedAnswer(long messageId, String answer) {}

  /** A conversation with queued answers, and the customer whose lane delivers them. */
  record Waiting(long conversationId, String customerKey) {}

  void add(long conversationId, long messageId) {
    jdbc.sql("insert into answer_queue (message_id, conversation_id, queued_at) values (?, ?, ?)")
        .params(messageId, conversationId, Timestamp.from(Instant.now()))
        .update();
  }

  boolean hasAny(long conversationId) {
    return jdbc.sql("select count(*) from answer_queue where conversation_id = ?").param(conversationId).query(Long.class).single() > 0;
  }

  Optional<QueuedAnswer> oldest(long conversationId) {
    return jdbc.sql("""
            select q.message_id, m.type, m.body from answer_queue q join chat_message m on m.id = q.message_id
            where q.conversation_id = ? order by q.message_id fetch first 1 rows only""")
        .param(conversationId)
        .query((rs, n) -> new QueuedAnswer(rs.getLong(1), InboundMessage.usableText(MessageType.valueOf(rs.getString(2)), rs.getString(3))))
        .optional();
  }

  void remove(long messageId) {
    jdbc.sql("delete from answer_queue where message_id = ?").param(messageId).update();
  }

  /** Drops the queue of a conversation whose bot will ask nothing more (its messages stay in the log). */
  int clear(long conversationId) {
    return jdbc.sql("delete from answer_queue where conversation_id = ?").param(conversationId).update();
  }

  /** The customer of the conversation if it has queued answers. */
  Optional<String> waitingCustomer(long conversationId) {
    return jdbc.sql("""
            select coalesce(c.wa_id, c.user_id) from answer_queue q join conversation v on v.id = q.conversation_id join customer c on c.id = v.customer_id
            where q.conversation_id = ? fetch first 1 rows only""")
        .param(conversationId)
        .query(String.class)
        .optional();
  }

  /** Conversations whose oldest queued answer has waited longer than {@code age}. */
  List<Waiting> waitingLongerThan(Duration age, int limit) {
    return jdbc.sql("""
            select q.conversation_id, min(coalesce(c.wa_id, c.user_id)) from answer_queue q join conversation v on v.id = q.conversation_id
            join customer c on c.id = v.customer_id
            where q.queued_at <= ? group by q.conversation_id order by min(q.message_id) fetch first %d rows only""".formatted(limit))
        .param(Timestamp.from(Instant.now().minus(age)))
        .query((rs, n) -> new Waiting(rs.getLong(1), rs.getString(2)))
        .list();
  }
}
