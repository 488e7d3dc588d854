package io.atende.journey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import io.atende.integration.IntegrationEvent;
import io.atende.integration.IntegrationEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit trail of a service (table {@code protocol_event}): who did what on a conversation and its protocol, when. */
@Repository
public class ProtocolEvents {

  /** The bot and the engine act as {@value}. */
  public static final String SYSTEM = "system";

  private final JdbcClient jdbc;
  private final IntegrationEvents integration;

  ProtocolEvents(JdbcClient jdbc, IntegrationEvents integration) {
    this.jdbc = jdbc;
    this.integration = integration;
  }

  public enum Type {
    /** The bot opened the protocol and queued the conversation. */
    OPENED,
    /** An agent took the conversation (claim or assignment). */
    ASSIGNED,
    /** The conversation's agent let it go back to the queue. */
    UNASSIGNED,
    /** Handed to another agent; {@code assignee} is the new agent. */
    TRANSFERRED_TO_AGENT,
    /** Moved to another queue; {@code queue} is the new queue. */
    TRANSFERRED_TO_QUEUE,
    /** The agent closed the protocol. */
    CLOSED,
    /** The customer stopped answering the bot; the conversation ended without protocol. */
    ABANDONED,
    /** WhatsApp could not deliver the bot's messages to the customer; the conversation ended ({@code note}: why). */
    UNREACHABLE
  }

  /**
   * One audit entry.
   *
   * @param queue the queue after the event
   * @param assignee the agent after the event
   */
  public record Event(long id, long conversationId, String protocol, Type type, String actor, String queue, String assignee,
      String note, Instant occurredAt) {}

  public void record(long conversationId, String protocol, Type type, String actor, String queue, String assignee, String note) {
    jdbc.sql("""
            insert into protocol_event (conversation_id, protocol, event_type, actor, queue, assignee, note, occurred_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(conversationId, protocol, type.name(), actor == null ? SYSTEM : actor, queue, assignee, note,
            Timestamp.from(Instant.now()))
        .update();
    // the integrators' protocol.* event, in the same transaction (README "For integrators")
    integration.publish(IntegrationEvent.PROTOCOL + type.name().toLowerCase().replace('_', '-'), integration.customerOf(conversationId),
        new IntegrationEvent.ProtocolChanged(conversationId, protocol, integration.numberOf(conversationId), type.name(),
            actor == null ? SYSTEM : actor, queue, assignee, note));
  }

  /** The trail of a conversation, oldest first. */
  public List<Event> ofConversation(long conversationId) {
    return jdbc.sql("""
            select id, conversation_id, protocol, event_type, actor, queue, assignee, note, occurred_at
            from protocol_event where conversation_id = ? order by id""")
        .param(conversationId).query(ProtocolEvents::map).list();
  }

  private static Event map(ResultSet rs, int n) throws SQLException {
    return new Event(rs.getLong(1), rs.getLong(2), rs.getString(3), Type.valueOf(rs.getString(4)), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant());
  }
}
