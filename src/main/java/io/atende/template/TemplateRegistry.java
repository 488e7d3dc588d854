package io.atende.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.atende.whatsapp.GraphJson;
import io.atende.whatsapp.MessageTemplate;
import io.atende.whatsapp.WhatsAppProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The table {@code message_template}: the account's templates as Meta last described them, and our response queue.
 * Meta's notifications are applied in the order Meta made the changes: one older than the last applied (by Meta's
 * {@code entry.time}) changes nothing. Only Meta's times are compared with each other; our own writes (create, edit,
 * sync) do not move that mark, since our clock and Meta's may differ.
 */
@Repository
class TemplateRegistry {

  private static final TypeReference<List<MessageTemplate.Component>> COMPONENTS = new TypeReference<>() {};
  private static final String COLUMNS = "meta_template_id, name, language, category, parameter_format, components, status,"
      + " quality_score, rejected_reason, status_note, response_queue, updated_at";

  private final JdbcClient jdbc;
  private final String account;

  TemplateRegistry(JdbcClient jdbc, WhatsAppProperties whatsApp) {
    this.jdbc = jdbc;
    this.account = whatsApp.businessAccountId();
  }

  /** A filter of the listing; null fields do not filter. */
  record Filter(String status, String category, String language, String name) {}

  List<TemplateRecord> list(Filter filter) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from message_template where business_account_id = :account");
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    params.put("account", account);
    if (filter.status() != null) {
      sql.append(" and status = :status");
      params.put("status", filter.status());
    }
    if (filter.category() != null) {
      sql.append(" and category = :category");
      params.put("category", filter.category());
    }
    if (filter.language() != null) {
      sql.append(" and language = :language");
      params.put("language", filter.language());
    }
    if (filter.name() != null) {
      sql.append(" and name like :name");
      params.put("name", "%" + filter.name().replace("%", "").replace("_", "\\_") + "%");
    }
    return jdbc.sql(sql.append(" order by name, language").toString()).params(params).query(this::record).list();
  }

  Optional<TemplateRecord> find(String metaTemplateId) {
    return jdbc.sql("select " + COLUMNS + " from message_template where business_account_id = ? and meta_template_id = ?")
        .params(account, metaTemplateId)
        .query(this::record)
        .optional();
  }

  /** The languages a template name exists in. */
  List<TemplateRecord> byName(String name) {
    return jdbc.sql("select " + COLUMNS + " from message_template where business_account_id = ? and name = ? order by language")
        .params(account, name)
        .query(this::record)
        .list();
  }

  /**
   * Writes the template as Meta describes it, keeping our response queue. Another row with the same name and language
   * (a template deleted and created anew at Meta) goes: Meta has one live template per name and language.
   */
  @Transactional
  void save(MessageTemplate t, Instant at) {
    jdbc.sql("delete from message_template where business_account_id = ? and name = ? and language = ? and meta_template_id <> ?")
        .params(account, t.name(), t.language(), t.id())
        .update();
    String quality = t.qualityScore() == null ? null : t.qualityScore().score();
    Timestamp now = Timestamp.from(at);
    int updated = jdbc.sql("""
            update message_template set name = ?, language = ?, category = ?, parameter_format = ?, components = ?,
                   status = ?, quality_score = coalesce(?, quality_score), rejected_reason = ?, updated_at = ?
            where business_account_id = ? and meta_template_id = ?""")
        .params(t.name(), t.language(), t.category(), format(t), json(t.components()), t.status(), quality,
            t.rejectedReason(), now, account, t.id())
        .update();
    if (updated == 0) {
      jdbc.sql("""
              insert into message_template (business_account_id, meta_template_id, name, language, category,
                                            parameter_format, components, status, quality_score, rejected_reason,
                                            updated_at)
              select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
              where not exists (select 1 from message_template where business_account_id = ? and meta_template_id = ?)""")
          .params(account, t.id(), t.name(), t.language(), t.category(), format(t), json(t.components()), t.status(),
              quality == null ? "UNKNOWN" : quality, t.rejectedReason(), now, account, t.id())
          .update();
    }
  }

  /** Applies a status Meta set at {@code at}, unless the one shown is newer. Returns whether it applied. */
  boolean applyStatus(String metaTemplateId, String status, String category, String rejectedReason, String note, Instant at) {
    return jdbc.sql("""
            update message_template set status = ?, category = coalesce(?, category), rejected_reason = ?,
                   status_note = ?, status_at = ?, updated_at = ?
            where business_account_id = ? and meta_template_id = ? and (status_at is null or status_at <= ?)""")
        .params(status, category, rejectedReason, note, Timestamp.from(at), Timestamp.from(Instant.now()), account,
            metaTemplateId, Timestamp.from(at))
        .update() == 1;
  }

  /** Writes a note of Meta's without changing the status (e.g. FLAGGED: the template may soon be paused). */
  boolean applyNote(String metaTemplateId, String note, Instant at) {
    return jdbc.sql("""
            update message_template set status_note = ?, updated_at = ?
            where business_account_id = ? and meta_template_id = ? and (status_at is null or status_at <= ?)""")
        .params(note, Timestamp.from(Instant.now()), account, metaTemplateId, Timestamp.from(at))
        .update() == 1;
  }

  /** Applies a quality rating Meta gave at {@code at}, unless the one shown is newer. */
  boolean applyQuality(String metaTemplateId, String score, Instant at) {
    return jdbc.sql("""
            update message_template set quality_score = ?, quality_at = ?, updated_at = ?
            where business_account_id = ? and meta_template_id = ? and (quality_at is null or quality_at <= ?)""")
        .params(score, Timestamp.from(at), Timestamp.from(Instant.now()), account, metaTemplateId, Timestamp.from(at))
        .update() == 1;
  }

  /** Meta moved the template to another category (e.g. a UTILITY template it found promotional, to MARKETING). */
  boolean applyCategory(String metaTemplateId, String category) {
    return jdbc.sql("update message_template set category = ?, updated_at = ? where business_account_id = ? and meta_template_id = ?")
        .params(category, Timestamp.from(Instant.now()), account, metaTemplateId)
        .update() == 1;
  }

  /** A new version was submitted (our edit): its components, back to PENDING. */
  void resubmitted(String metaTemplateId, String category, List<MessageTemplate.Component> components, Instant at) {
    jdbc.sql("""
            update message_template set category = coalesce(?, category), components = ?, status = 'PENDING',
                   rejected_reason = null, status_note = null, updated_at = ?
            where business_account_id = ? and meta_template_id = ?""")
        .params(category, json(components), Timestamp.from(at), account, metaTemplateId)
        .update();
  }

  boolean setResponseQueue(String metaTemplateId, String queue) {
    return jdbc.sql("update message_template set response_queue = ?, updated_at = ? where business_account_id = ? and meta_template_id = ?")
        .params(queue, Timestamp.from(Instant.now()), account, metaTemplateId)
        .update() == 1;
  }

  void delete(String metaTemplateId) {
    jdbc.sql("delete from message_template where business_account_id = ? and meta_template_id = ?")
        .params(account, metaTemplateId)
        .update();
  }

  /** A sync: Meta's templates in, those Meta no longer has out (returns how many went), in one transaction. */
  @Transactional
  int replaceAll(List<MessageTemplate> templates, Instant at) {
    int removed = deleteAllBut(templates.stream().map(MessageTemplate::id).collect(java.util.stream.Collectors.toSet()));
    templates.forEach(t -> save(t, at));
    return removed;
  }

  /** Removes the templates Meta no longer has; returns how many. */
  int deleteAllBut(Collection<String> metaTemplateIds) {
    List<String> known = jdbc.sql("select meta_template_id from message_template where business_account_id = ?")
        .param(account).query(String.class).list();
    int removed = 0;
    for (String id : known) {
      if (!metaTemplateIds.contains(id)) {
        delete(id);
        removed++;
      }
    }
    return removed;
  }

  private TemplateRecord record(ResultSet rs, int row) throws SQLException {
    return new TemplateRecord(rs.getString("meta_template_id"), rs.getString("name"), rs.getString("language"),
        rs.getString("category"), rs.getString("parameter_format"), components(rs.getString("components")),
        rs.getString("status"), rs.getString("quality_score"), rs.getString("rejected_reason"),
        rs.getString("status_note"), rs.getString("response_queue"), rs.getTimestamp("updated_at").toInstant());
  }

  private static String format(MessageTemplate t) {
    return t.parameterFormat() == null ? "POSITIONAL" : t.parameterFormat();
  }

  private static String json(List<MessageTemplate.Component> components) {
    try {
      return GraphJson.mapper().writeValueAsString(components);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write template components", e);
    }
  }

  private static List<MessageTemplate.Component> components(String json) {
    try {
      return GraphJson.mapper().readValue(json, COMPONENTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored template components are not readable", e);
    }
  }
}
