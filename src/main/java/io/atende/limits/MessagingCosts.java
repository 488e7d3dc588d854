package io.atende.limits;

import io.atende.whatsapp.MessageStatusUpdate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import io.atende.platform.JdbcBatches;
import java.util.ArrayList;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the company spends on WhatsApp (R5): every template send is recorded with its category (from the template
 * registry) when it leaves; Meta's {@code pricing} (billable, pricing_model, category, type) and {@code conversation}
 * fields from the status webhooks complete it (service messages Meta prices are recorded too, as free). Table
 * {@code message_pricing}.
 */
@Service
public class MessagingCosts {

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  MessagingCosts(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /** A template that left, as {@link #templateSent} takes it. */
  public record TemplateSend(long messageId, String phoneNumberId, String templateName, String language, String category,
      Instant sentAt) {}

  /**
   * {@link #templateSent} for several sends at once: the cost lines inserted where none exists yet (one batched
   * statement; a new send has none unless Meta's status came first), the others updated (a second one, if any).
   */
  public void templatesSent(List<TemplateSend> sends) {
    List<TemplateSend> known = new ArrayList<>(sends.size());
    for (TemplateSend s : sends) {
      known.add(s.category() != null ? new TemplateSend(s.messageId(), s.phoneNumberId(), s.templateName(), s.language(),
          s.category().toUpperCase(Locale.ROOT), s.sentAt())
          : new TemplateSend(s.messageId(), s.phoneNumberId(), s.templateName(), s.language(),
              registryCategory(s.templateName(), s.language()), s.sentAt()));
    }
    int[] inserted = JdbcBatches.update(batches, """
            insert into message_pricing (message_id, phone_number_id, template_name, template_category, sent_at)
            select cast(? as bigint), cast(? as varchar), cast(? as varchar), cast(? as varchar), cast(? as timestamp with time zone)
            where not exists (select 1 from message_pricing where message_id = ?)""", known,
        s -> new Object[] {s.messageId(), s.phoneNumberId(), s.templateName(), s.category(), Timestamp.from(s.sentAt()), s.messageId()});
    List<TemplateSend> priced = new ArrayList<>();
    for (int i = 0; i < known.size(); i++) {
      if (inserted[i] == 0) {
        priced.add(known.get(i));
      }
    }
    JdbcBatches.update(batches, JdbcBatches.OWN_PLAN + "update message_pricing set template_name = ?, template_category = ? where message_id = ?",
        priced, s -> new Object[] {s.templateName(), s.category(), s.messageId()});
  }

  /**
   * A template left (Meta accepted it).
   *
   * @param category MARKETING, UTILITY or AUTHENTICATION; null: looked up in the registry by name and language
   */
  public void templateSent(long messageId, String phoneNumberId, String templateName, String language, String category,
      Instant sentAt) {
    String known = category != null ? category.toUpperCase(Locale.ROOT) : registryCategory(templateName, language);
    int updated = jdbc.sql("update message_pricing set template_name = ?, template_category = ? where message_id = ?")
        .params(templateName, known, messageId).update();
    if (updated == 0) {
      jdbc.sql("""
              insert into message_pricing (message_id, phone_number_id, template_name, template_category, sent_at)
              values (?, ?, ?, ?, ?)""")
          .params(messageId, phoneNumberId, templateName, known, Timestamp.from(sentAt)).update();
    }
  }

  /** A status webhook of an outbound message: keeps its pricing and conversation fields when it carries them. */
  public void priced(long messageId, String phoneNumberId, Instant sentAt, MessageStatusUpdate status) {
    MessageStatusUpdate.Pricing p = status.pricing();
    MessageStatusUpdate.Conversation c = status.conversation();
    if (p == null && c == null) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    Timestamp expires = c == null || c.expiresAt() == null ? null : Timestamp.from(c.expiresAt());
    String update = """
        update message_pricing set billable = coalesce(?, billable), pricing_model = coalesce(?, pricing_model),
          pricing_category = coalesce(?, pricing_category), pricing_type = coalesce(?, pricing_type),
          conversation_id = coalesce(?, conversation_id), conversation_origin = coalesce(?, conversation_origin),
          conversation_expires_at = coalesce(?, conversation_expires_at), priced_at = ?
        where message_id = ?""";
    Object[] params = {p == null ? null : p.billable(), p == null ? null : p.pricingModel(), p == null ? null : p.category(),
        p == null ? null : p.type(), c == null ? null : c.id(), c == null ? null : c.originType(), expires, now, messageId};
    if (jdbc.sql(update).params(params).update() == 0) {
      jdbc.sql("insert into message_pricing (message_id, phone_number_id, sent_at) values (?, ?, ?)")
          .params(messageId, phoneNumberId, Timestamp.from(sentAt == null ? Instant.now() : sentAt)).update();
      jdbc.sql(update).params(params).update();
    }
  }

  /**
   * One group of priced messages: the category (the template's, else Meta's pricing category), the business number
   * and Meta's pricing type (regular, free_customer_service, free_entry_point; null until a webhook priced them).
   *
   * @param messages messages sent in the period
   * @param billable of which Meta said billable (or priced as {@code regular})
   */
  public record Line(String category, String phoneNumberId, String pricingType, long messages, long billable) {}

  /** Messages sent in [from, to), grouped by category, number and pricing type. */
  public List<Line> lines(Instant from, Instant to) {
    return jdbc.sql("""
            select coalesce(template_category, upper(pricing_category)) as category, phone_number_id, pricing_type,
                   count(*) as messages,
                   sum(case when billable = true or (billable is null and pricing_type = 'regular') then 1 else 0 end) as billable
            from message_pricing
            where sent_at >= ? and sent_at < ?
            group by coalesce(template_category, upper(pricing_category)), phone_number_id, pricing_type
            order by 1, 2, 3""")
        .params(Timestamp.from(from), Timestamp.from(to))
        .query(MessagingCosts::line).list();
  }

  private static Line line(ResultSet rs, int n) throws SQLException {
    return new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
  }

  private String registryCategory(String name, String language) {
    return jdbc.sql("select category from message_template where name = ? and language = ? order by id")
        .params(name, language).query(String.class).list().stream().findFirst().orElse(null);
  }
}
