package io.atende.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.platform.MigratedDatabases;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class MessagingCostsTest {

  private static final String NUMBER = "106540352242922";

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aGroupOfTemplateSendsGetsOneCostLineEachAndKeepsWhatMetasStatusWroteFirst(String database) throws Exception {
    DataSource dataSource = MigratedDatabases.fresh(database, "atende_messaging_costs");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    MessagingCosts costs = new MessagingCosts(jdbc, new JdbcTemplate(dataSource));
    long pricedFirst = message(jdbc, "5511900000001");
    long plain = message(jdbc, "5511900000002");
    // Meta's status (with its pricing) came before the acceptance was recorded
    jdbc.sql("insert into message_pricing (message_id, phone_number_id, billable, pricing_category, sent_at) values (?, ?, true, 'marketing', ?)")
        .params(pricedFirst, NUMBER, java.sql.Timestamp.from(Instant.now())).update();

    costs.templatesSent(List.of(
        new MessagingCosts.TemplateSend(pricedFirst, NUMBER, "pedido_saiu", "pt_BR", "utility", Instant.now()),
        new MessagingCosts.TemplateSend(plain, NUMBER, "pedido_saiu", "pt_BR", "UTILITY", Instant.now())));

    assertThat(jdbc.sql("select count(*) from message_pricing").query(Long.class).single()).isEqualTo(2);
    assertThat(jdbc.sql("select template_name || '/' || template_category || '/' || coalesce(pricing_category, '-') from message_pricing"
            + " order by message_id").query(String.class).list())
        .containsExactly("pedido_saiu/UTILITY/marketing", "pedido_saiu/UTILITY/-");
  }

  private static long message(JdbcClient jdbc, String waId) {
    jdbc.sql("insert into customer (wa_id, profile_name, created_at) values (?, 'Cliente', current_timestamp)").param(waId).update();
    long customer = jdbc.sql("select id from customer where wa_id = ?").param(waId).query(Long.class).single();
    jdbc.sql("""
            insert into chat_message (customer_id, phone_number_id, direction, type, status, status_at, sent_at)
            values (?, ?, 'OUT', 'TEMPLATE', 'PENDING', current_timestamp, current_timestamp)""")
        .params(customer, NUMBER).update();
    return jdbc.sql("select max(id) from chat_message").query(Long.class).single();
  }
}
