package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A changed journey applies to new conversations; conversations waiting on the old version stay on it until a supervisor
 * moves them with Camunda's migration API (what Cockpit Enterprise's migration page and {@code POST /engine-rest/migration/...}
 * call). Shown on a journey shaped like ours: version 2 drops the document question.
 */
class JourneyMigrationTest {

  private static final String KEY = "journey";

  private ProcessEngine engine;
  private RuntimeService runtime;
  private RepositoryService repository;

  @BeforeEach
  void engine() {
    engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
        .setJdbcUrl("jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .setProcessEngineName("migration-" + UUID.randomUUID())
        .setJobExecutorActivate(false)
        .buildProcessEngine();
    runtime = engine.getRuntimeService();
    repository = engine.getRepositoryService();
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void close() {
    ProcessEngines.unregister(engine);
    engine.close();
  }

  /** Menu answer, then (version 1 only) the document, then an agent; a reminder timer on the menu answer. */
  private ProcessDefinition deploy(boolean withDocument, String reminder) {
    var builder = Bpmn.createExecutableProcess(KEY).camundaHistoryTimeToLive(30).startEvent("CustomerWrote")
        .receiveTask("WaitForMenuAnswer").name("Aguardar resposta do menu").message("CustomerMessage");
    if (withDocument) {
      builder = builder.receiveTask("WaitForDocument").name("Aguardar documento").message("CustomerMessage");
    }
    BpmnModelInstance model = builder.userTask("AttendCustomer").name("Atender cliente").camundaCandidateGroups("atendimento")
        .endEvent("ProtocolClosed")
        .moveToActivity("WaitForMenuAnswer").boundaryEvent("MenuAnswerOverdue").cancelActivity(false).timerWithDuration(reminder)
        .endEvent("MenuReminderSent").done();
    String deployment = repository.createDeployment().addModelInstance(KEY + ".bpmn", model).deploy().getId();
    return repository.createProcessDefinitionQuery().deploymentId(deployment).singleResult();
  }

  private void customerAnswers(ProcessInstance instance) {
    runtime.createMessageCorrelation("CustomerMessage").processInstanceId(instance.getId())
        .setVariable("answer", Variables.stringValue("1", true)).correlateWithResult();
  }

  @Test
  void aNewVersionAppliesToNewConversationsOnly() {
    ProcessDefinition v1 = deploy(true, "PT5M");
    ProcessInstance waiting = runtime.startProcessInstanceByKey(KEY);
    ProcessDefinition v2 = deploy(false, "PT10M");

    ProcessInstance fresh = runtime.startProcessInstanceByKey(KEY);

    assertThat(waiting.getProcessDefinitionId()).isEqualTo(v1.getId());
    assertThat(fresh.getProcessDefinitionId()).isEqualTo(v2.getId());
    customerAnswers(waiting);
    assertThat(waiting).isWaitingAt("WaitForDocument"); // the old journey goes on unchanged
  }

  @Test
  void aSupervisorMovesConversationsWaitingAtAKeptStepToTheNewVersion() {
    ProcessDefinition v1 = deploy(true, "PT5M");
    ProcessInstance atMenu = runtime.startProcessInstanceByKey(KEY);
    ProcessDefinition v2 = deploy(false, "PT10M");

    MigrationPlan plan = runtime.createMigrationPlan(v1.getId(), v2.getId()).mapEqualActivities().updateEventTriggers().build();
    runtime.newMigration(plan)
        .processInstanceQuery(runtime.createProcessInstanceQuery().processDefinitionId(v1.getId()).activityIdIn("WaitForMenuAnswer"))
        .execute();

    ProcessInstance moved = runtime.createProcessInstanceQuery().processInstanceId(atMenu.getId()).singleResult();
    assertThat(moved.getProcessDefinitionId()).isEqualTo(v2.getId());
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(atMenu.getId()).timers().singleResult()
        .getProcessDefinitionId()).as("its reminder timer moves with it").isEqualTo(v2.getId());
    customerAnswers(moved);
    assertThat(moved).isWaitingAt("AttendCustomer"); // the new journey: no document question any more
  }

  @Test
  void aConversationWaitingAtARemovedStepCannotBeMovedWithoutAMappingAndStopsTheWholeBatch() {
    ProcessDefinition v1 = deploy(true, "PT5M");
    ProcessInstance atMenu = runtime.startProcessInstanceByKey(KEY);
    ProcessInstance atDocument = runtime.startProcessInstanceByKey(KEY);
    customerAnswers(atDocument);
    ProcessDefinition v2 = deploy(false, "PT10M");
    MigrationPlan plan = runtime.createMigrationPlan(v1.getId(), v2.getId()).mapEqualActivities().build();

    Throwable refused = catchThrowable(() -> runtime.newMigration(plan).processInstanceIds(List.of(atMenu.getId(), atDocument.getId())).execute());

    assertThat(refused).isInstanceOf(MigratingProcessInstanceValidationException.class)
        .hasMessageContaining(atDocument.getId()).hasMessageContaining("WaitForDocument");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionId(v1.getId()).count())
        .as("nothing was moved: a migration batch is all or nothing").isEqualTo(2);

    // left on version 1, the conversation at the removed step finishes the old way
    customerAnswers(atDocument);
    assertThat(atDocument).isWaitingAt("AttendCustomer");
  }
}
