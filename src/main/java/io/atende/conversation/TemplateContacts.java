package io.atende.conversation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import io.atende.platform.JdbcBatches;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where the last template a customer got from a business number came from (table {@code template_contact}): the
 * routing of the customer's reply depends on it (a reply to a batch send goes to the bot, R21).
 */
@Repository
public class TemplateContacts {

  /** Who sent a business-initiated template; the values are what the reply routing decision reads. */
  public enum Origin {
    ACTIVE_CONTACT("activeContact"),
    RECONTACT("recontact"),
    BATCH("batch"),
    SURVEY("survey"),
    DESK("desk");

    private final String decisionValue;

    Origin(String decisionValue) {
      this.decisionValue = decisionValue;
    }

    /** The value decision {@code replyRouting} reads as {@code lastTemplate}. */
    public String decisionValue() {
      return decisionValue;
    }
  }

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  TemplateContacts(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /**
   * {@link #record} for several customers on one number at once, each once: inserted where the customer has no
   * template contact on the number yet (one batched statement), updated where they have (a second one, if any).
   */
  public void recordAll(List<Long> customerIds, String phoneNumberId, Origin origin, Instant sentAt) {
    List<Long> customers = customerIds.stream().distinct().toList();
    Timestamp at = Timestamp.from(sentAt);
    int[] inserted = JdbcBatches.update(batches, """
            insert into template_contact (customer_id, phone_number_id, origin, sent_at)
            select cast(? as bigint), cast(? as varchar), cast(? as varchar), cast(? as timestamp with time zone)
            where not exists (select 1 from template_contact where customer_id = ? and phone_number_id = ?)""",
        customers, c -> new Object[] {c, phoneNumberId, origin.name(), at, c, phoneNumberId});
    List<Long> known = new ArrayList<>();
    for (int i = 0; i < customers.size(); i++) {
      if (inserted[i] == 0) {
        known.add(customers.get(i));
      }
    }
    JdbcBatches.update(batches, JdbcBatches.OWN_PLAN + "update template_contact set origin = ?, sent_at = ? where customer_id = ? and phone_number_id = ?",
        known, c -> new Object[] {origin.name(), at, c, phoneNumberId});
  }

  /** Notes a template sent to the customer on the number (the latest one wins). */
  public void record(long customerId, String phoneNumberId, Origin origin, Instant sentAt) {
    int updated = jdbc.sql("update template_contact set origin = ?, sent_at = ? where customer_id = ? and phone_number_id = ?")
        .params(origin.name(), Timestamp.from(sentAt), customerId, phoneNumberId)
        .update();
    if (updated == 0) {
      jdbc.sql("insert into template_contact (customer_id, phone_number_id, origin, sent_at) values (?, ?, ?, ?)")
          .params(customerId, phoneNumberId, origin.name(), Timestamp.from(sentAt))
          .update();
    }
  }

  public Optional<Origin> lastOrigin(long customerId, String phoneNumberId) {
    return jdbc.sql("select origin from template_contact where customer_id = ? and phone_number_id = ?")
        .params(customerId, phoneNumberId)
        .query(String.class)
        .optional()
        .map(Origin::valueOf);
  }
}
