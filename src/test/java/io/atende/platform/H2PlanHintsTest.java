package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@PlatformTest
class H2PlanHintsTest {

  @Autowired
  DataSource dataSource;

  @Test
  void variablesOfAnExecutionAreReadThroughTheExecutionIndexOnAFreshDatabase() throws Exception {
    // Camunda's query behind every variable read of a job or correlation (VariableInstance.xml)
    String plan = plan("""
        select RES.* from ACT_RU_VARIABLE RES left join ACT_RU_EXECUTION EXECUTION on RES.EXECUTION_ID_ = EXECUTION.ID_
        where EXECUTION_ID_ = ? and TASK_ID_ is null""");

    assertThat(plan).contains(": EXECUTION_ID_ = ?1 */").doesNotContain(": TASK_ID_ IS NULL */");
  }

  @Test
  void executionAMessageIsForIsFoundThroughItsOwnSubscriptionNotThroughEveryWaitingCustomer() throws Exception {
    // Camunda's query behind every correlation to a process instance (Execution.xml, event subscription criteria)
    String plan = plan("""
        select distinct RES.* from ACT_RU_EXECUTION RES inner join ACT_RE_PROCDEF P on RES.PROC_DEF_ID_ = P.ID_
        where RES.PROC_INST_ID_ = ? and RES.SUSPENSION_STATE_ = 1 and exists (select ID_ from ACT_RU_EVENT_SUBSCR EVT
        where EVT.EXECUTION_ID_ = RES.ID_ and EVT.EVENT_TYPE_ = 'message' and EVT.EVENT_NAME_ = 'CustomerMessage')""");

    assertThat(plan).contains(": EXECUTION_ID_ = RES.ID_ */").doesNotContain(": EVENT_NAME_ = ");
  }

  @Test
  void processInstanceByBusinessKeyIsFoundThroughTheBusinessKeyIndex() throws Exception {
    String plan = plan("select RES.ID_ from ACT_RU_EXECUTION RES where RES.PARENT_ID_ is null and RES.BUSINESS_KEY_ = ?");

    assertThat(plan).contains(": BUSINESS_KEY_ = ?1 */");
  }

  @Test
  void processedEventIsMarkedThroughItsPrimaryKeyNotThroughEveryPendingEvent() throws Exception {
    // InboundEventStore.markDone: read through the (status, next_attempt_at) index it walks the whole backlog
    String plan = plan("update inbound_event set status = 'DONE', attempts = attempts + 1 where id = ? and status = 'PENDING'");

    assertThat(plan).contains("PRIMARY_KEY").doesNotContain("IX_INBOUND_EVENT_DUE");
  }

  @Test
  void batchRecipientIsMarkedThroughItsPrimaryKeyNotThroughTheWholeBatch() throws Exception {
    // BatchStore.markSent, planned while the table is still small (a fresh installation's first batch): through the
    // foreign key's index on batch_id it walks every recipient of the batch for each one marked
    String plan = plan("""
        update batch_recipient set status = 'SENT', message_id = 1, reason = null, handled_at = current_timestamp
        where batch_id = ? and row_number = 7 and status <> 'SENT'""");

    assertThat(plan).contains("PRIMARY_KEY").contains("ROW_NUMBER = 7");
  }

  private String plan(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection(); PreparedStatement explain = connection.prepareStatement("explain " + sql)) {
      explain.setString(1, "42");
      try (ResultSet rs = explain.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
