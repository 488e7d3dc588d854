package io.atende.journey;

import io.atende.journey.AttendanceProcess.Elements;
import java.util.Objects;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * R13: refuses to give an agent more WhatsApp conversations than they may hold at once
 * ({@link AgentLimits}: set per agent at runtime, default {@code atende.agents.max-concurrent-conversations}). The
 * agent's lock is taken before counting, so two simultaneous claims by one agent are counted one after the other.
 * Runs on the {@code assignment} event of {@code AttendCustomer}: the claim or reassignment fails with
 * {@link AgentAtCapacityException}, whose message Tasklist shows. The reply to an agent's own active contact is
 * theirs at any count ({@code contactAgent}): they asked for it.
 */
@Component("agentCapacity")
public class AgentCapacity implements TaskListener {

  private final AgentLimits agents;

  AgentCapacity(AgentLimits agents) {
    this.agents = agents;
  }

  @Override
  public void notify(DelegateTask task) {
    String agent = task.getAssignee();
    if (agent == null || Objects.equals(agent, task.getVariable(AttendanceProcess.Variables.CONTACT_AGENT))) {
      return;
    }
    int limit = agents.lockAndGetLimit(agent);
    long held = task.getProcessEngineServices().getTaskService().createTaskQuery()
        .processDefinitionKey(AttendanceProcess.KEY).taskDefinitionKey(Elements.ATTEND_CUSTOMER).taskAssignee(agent)
        .list().stream().filter(t -> !t.getId().equals(task.getId())).count();
    if (held >= limit) {
      throw new AgentAtCapacityException(agent, held, limit);
    }
  }

  /** The agent already holds as many conversations as allowed. */
  public static class AgentAtCapacityException extends BadUserRequestException {
    AgentAtCapacityException(String agent, long held, int limit) {
      super("Agent '" + agent + "' already holds " + held + " conversation(s), the most allowed at once (" + limit
          + "); close or transfer one before taking another");
    }
  }
}
