package io.atende.platform;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the embedded H2 database which columns hold few distinct values: Camunda's mostly-NULL columns,
 * its columns that name a model element, and the states of our own tables. H2 plans a prepared query
 * once, from its column statistics, and until it has analysed a table it rates every column alike; it
 * then reads a query such as "the variables of execution X" ({@code EXECUTION_ID_ = ? and TASK_ID_ is
 * null}) through the index on {@code TASK_ID_}, which holds every process variable, so each lookup walks
 * the whole table. Declaring those columns unselective makes H2 take the right index from the first
 * query on, the same plan its own ANALYZE reaches later (but
 * a statement planned before that keeps its plan while its connection lives: H2 caches it). PostgreSQL needs none of this and is left alone.
 */
@Component
class H2PlanHints implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(H2PlanHints.class);
  /**
   * Columns of our tables that lead an index and hold few distinct values (table, column). A state: without the hint
   * H2 marks an event done ({@code id = ? and status = 'PENDING'}) through the (status, next_attempt_at) index,
   * walking every pending event. A batch: H2 marked a recipient sent ({@code batch_id = ? and row_number = ?})
   * through the foreign key's index on {@code batch_id} when the statement was first planned on a small table (a
   * fresh installation's first batch), walking the whole batch for each recipient from then on (a 10,000-row batch
   * after a 400-row one went at 627 sends/s, 69 % of the CPU in that walk).
   */
  private static final List<Map.Entry<String, String>> OUR_UNSELECTIVE = List.of(Map.entry("INBOUND_EVENT", "STATUS"),
      Map.entry("BATCH_RECIPIENT", "BATCH_ID"));
  /** Columns of Camunda's tables that are NULL in nearly every row (no tenants, no CMMN, few tasks). */
  private static final Set<String> MOSTLY_NULL = Set.of("TENANT_ID_", "TASK_ID_", "PARENT_ID_", "SUPER_EXEC_", "SUPER_CASE_EXEC_",
      "CASE_EXECUTION_ID_", "CASE_INST_ID_", "CASE_DEF_ID_", "BATCH_ID_", "BYTEARRAY_ID_");
  /**
   * Columns of Camunda's tables that name something of the model, so a handful of values share every row:
   * without the hint H2 finds the execution a message is for ({@code exists (... EVT.EXECUTION_ID_ = RES.ID_
   * and EVT.EVENT_NAME_ = ?)}) through the event name, walking the subscription of every waiting customer.
   */
  private static final Set<String> MODEL_NAMES = Set.of("EVENT_TYPE_", "EVENT_NAME_", "ACTIVITY_ID_", "ACT_ID_", "PROC_DEF_ID_",
      "PROC_DEF_KEY_", "JOB_DEF_ID_", "HANDLER_TYPE_");
  private static final int UNSELECTIVE = 1;

  private final DataSource dataSource;

  /** Takes the engine and Flyway's migration so that all tables exist (both create theirs at start). */
  H2PlanHints(DataSource dataSource, @SuppressWarnings("unused") ProcessEngine engine,
      @SuppressWarnings("unused") FlywayMigrationInitializer migration) {
    this.dataSource = dataSource;
  }

  @Override
  public void afterPropertiesSet() throws SQLException {
    if (!Databases.isH2(dataSource)) {
      return;
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<String[]> columns = jdbc.query("""
            select table_name, column_name from information_schema.columns
            where table_schema = current_schema and table_name like 'ACT\\_%' escape '\\'""",
        (rs, n) -> new String[] {rs.getString(1), rs.getString(2)});
    int hinted = 0;
    for (String[] column : columns) {
      if (MOSTLY_NULL.contains(column[1]) || MODEL_NAMES.contains(column[1])) {
        jdbc.execute("alter table \"" + column[0] + "\" alter column \"" + column[1] + "\" selectivity " + UNSELECTIVE);
        hinted++;
      }
    }
    OUR_UNSELECTIVE.forEach(c -> jdbc.execute("alter table " + c.getKey() + " alter column " + c.getValue() + " selectivity " + UNSELECTIVE));
    log.debug("Declared {} mostly-NULL or model-name Camunda columns and {} of our columns unselective to H2's planner", hinted,
        OUR_UNSELECTIVE.size());
  }
}
