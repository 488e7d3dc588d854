package io.atende.agent;

import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Create listener of the agent's task: names and describes it in the agents' language
 * ({@code atende.desk.texts.task-name}, {@code task-description}), so Tasklist lists it by protocol, customer
 * and queue while the model keeps the step's name ("Attend customer").
 */
@Component("titleAgentTask")
class TitleAgentTask implements TaskListener {

  private final DeskTexts texts;

  TitleAgentTask(DeskTexts texts) {
    this.texts = texts;
  }

  @Override
  public void notify(DelegateTask task) {
    String protocol = (String) task.getVariable(Variables.PROTOCOL);
    String customer = (String) task.getVariable(Variables.CUSTOMER_NAME);
    String queue = (String) task.getVariable(Variables.QUEUE_LABEL);
    task.setName(texts.fill(texts.taskName(), protocol, customer, queue));
    task.setDescription(texts.fill(texts.taskDescription(), protocol, customer, queue));
  }
}
