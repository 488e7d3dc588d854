package io.atende.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.platform.MigratedDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class TemplateContactsTest {

  private static final String NUMBER = "106540352242922";

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aPageOfContactsIsRecordedOncePerCustomerAndTheLatestWinsForThoseContactedBefore(String database) throws Exception {
    DataSource dataSource = MigratedDatabases.fresh(database, "atende_template_contacts");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    TemplateContacts contacts = new TemplateContacts(jdbc, new JdbcTemplate(dataSource));
    long before = customer(jdbc, "5511900000001");
    long fresh = customer(jdbc, "5511900000002");
    Instant earlier = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    contacts.record(before, NUMBER, TemplateContacts.Origin.ACTIVE_CONTACT, earlier);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    contacts.recordAll(List.of(before, fresh, fresh), NUMBER, TemplateContacts.Origin.BATCH, now);

    assertThat(contacts.lastOrigin(before, NUMBER)).contains(TemplateContacts.Origin.BATCH);
    assertThat(contacts.lastOrigin(fresh, NUMBER)).contains(TemplateContacts.Origin.BATCH);
    assertThat(jdbc.sql("select count(*) from template_contact").query(Long.class).single()).isEqualTo(2);
    assertThat(jdbc.sql("select sent_at from template_contact where customer_id = ?").param(before)
        .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(now);
  }

  private static long customer(JdbcClient jdbc, String waId) {
    jdbc.sql("insert into customer (wa_id, profile_name, created_at) values (?, 'Cliente', current_timestamp)").param(waId).update();
    return jdbc.sql("select id from customer where wa_id = ?").param(waId).query(Long.class).single();
  }
}
