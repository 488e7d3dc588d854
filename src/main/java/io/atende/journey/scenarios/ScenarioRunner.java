package io.atende.journey.scenarios;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.journey.AgentProperties;
import io.atende.journey.ConversationProcess;
import io.atende.journey.CorrelationKeys;
import io.atende.journey.JourneyBeans;
import io.atende.journey.JourneyProperties;
import io.atende.journey.JourneyTexts;
import io.atende.journey.blocks.BlockBeans;
import io.atende.journey.blocks.BlockRulesPlugin;
import io.atende.journey.blocks.QueueDirectory;
import io.atende.journey.scenarios.ScenarioFile.InvalidScenarioFileException;
import io.atende.journey.scenarios.ScenarioFile.Scenario;
import io.atende.journey.scenarios.ScenarioFile.Step;
import io.atende.platform.ModelGate;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs the journey scenarios analysts write ({@code processes/*.scenarios.yaml}, see {@link ScenarioFile}) against a
 * set of models in a {@link Sandbox}: the customer's messages go in as the routing does (message {@code CustomerMessage},
 * the text as the transient {@code answer}), the bot's sends are captured in order, asynchronous steps run at once and
 * timers when the scenario lets time pass (a clock of the scenario's own; the engine's clock is not touched). As a
 * {@link ModelGate} it keeps a change that breaks a scenario from going live; the failure names the file, line,
 * scenario, step and what the bot did instead.
 */
@Component
public class ScenarioRunner implements ModelGate {

  private static final Logger log = LoggerFactory.getLogger(ScenarioRunner.class);
  private static final int MAX_STEPS_WITHOUT_WAITING = 500;

  private final JourneyTexts texts;
  private final JourneyProperties journey;
  private final AgentProperties agents;
  private final ObjectProvider<QueueDirectory> queues;
  private final BlockRulesPlugin rules;

  ScenarioRunner(JourneyTexts texts, JourneyProperties journey, AgentProperties agents, ObjectProvider<QueueDirectory> queues,
      BlockRulesPlugin rules) {
    this.texts = texts;
    this.journey = journey;
    this.agents = agents;
    this.queues = queues;
    this.rules = rules;
  }

  /** A scenario that failed, or a scenario file or set of models that could not be run. */
  public record Failure(String file, int line, String scenario, int step, String message) {
    public String describe() {
      return file + (line > 0 ? ":" + line : "") + (scenario == null ? "" : ": scenario \"" + scenario + "\"")
          + (step > 0 ? ", step " + step : "") + ": " + message;
    }
  }

  /** What a run found: how many scenarios ran, and the failures. */
  public record Report(int scenarios, List<Failure> failures) {
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  @Override
  public List<String> problems(Map<String, byte[]> models, Map<String, byte[]> scenarios) {
    if (scenarios.isEmpty()) {
      return List.of();
    }
    Report report = run(models, scenarios);
    log.info("Journey scenarios: {} run, {} failed", report.scenarios(), report.failures().size());
    return report.failures().stream().map(Failure::describe).toList();
  }

  /** Runs every scenario of the files against the models. */
  public Report run(Map<String, byte[]> models, Map<String, byte[]> scenarioFiles) {
    List<Failure> failures = new ArrayList<>();
    List<ScenarioFile> files = new ArrayList<>();
    scenarioFiles.forEach((name, content) -> {
      try {
        files.add(ScenarioFile.parse(name, content));
      } catch (InvalidScenarioFileException e) {
        failures.add(new Failure(name, e.line, null, 0, "the scenarios cannot be read: " + e.reason));
      }
    });
    if (files.isEmpty()) {
      return new Report(0, failures);
    }
    int ran = 0;
    try (Sandbox sandbox = newSandbox()) {
      RepositoryService repository = sandbox.engine().getRepositoryService();
      DeploymentBuilder deployment = repository.createDeployment().name("scenarios");
      models.forEach((name, content) -> deployment.addInputStream(name, new ByteArrayInputStream(content)));
      try {
        deployment.deploy();
      } catch (RuntimeException e) {
        failures.add(new Failure("processes", 0, null, 0, "the models cannot be deployed: " + e.getMessage()));
        return new Report(0, failures);
      }
      for (ScenarioFile file : files) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey(file.journey()).count() == 0) {
          failures.add(new Failure(file.file(), 0, null, 0, "there is no process '" + file.journey() + "' among the models"));
          continue;
        }
        for (Scenario scenario : file.scenarios()) {
          ran++;
          new Run(sandbox, file, scenario, ran).execute().ifPresent(failures::add);
        }
      }
    }
    return new Report(ran, failures);
  }

  private Sandbox newSandbox() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("journeyTexts", texts);
    given.put("journeyProperties", journey);
    given.put("agentProperties", agents);
    // a scenario's agents are the configuration's: no administrator's limits from the database
    given.put("agentLimits", (io.atende.journey.AgentLimits) agents::limitFor);
    given.put("queueDirectory", queues.getIfAvailable(() -> id -> Optional.empty()));
    // the scenario hands messages to the waits itself, and names no Tasklist tasks
    given.put("offerQueuedAnswer", (ExecutionListener) execution -> { });
    given.put("titleAgentTask", (TaskListener) task -> { });
    return new Sandbox(Stream.concat(JourneyBeans.classes().stream(), BlockBeans.classes().stream()).toList(), given,
        List.of(rules.parseListener()));
  }

  /** A step that did not do what the scenario says. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** One scenario, on a customer and conversation of its own. */
  private static final class Run {
    private final Sandbox sandbox;
    private final ScenarioFile file;
    private final Scenario scenario;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final TaskService tasks;
    private final RepositoryService repository;
    private final long customerId;
    private final long conversationId;
    private final Map<String, Duration> timersDueAt = new HashMap<>();
    private int heard;
    private boolean started;
    private long messageIds;
    private Duration elapsed = Duration.ZERO;

    Run(Sandbox sandbox, ScenarioFile file, Scenario scenario, int number) {
      this.sandbox = sandbox;
      this.file = file;
      this.scenario = scenario;
      this.runtime = sandbox.engine().getRuntimeService();
      this.management = sandbox.engine().getManagementService();
      this.tasks = sandbox.engine().getTaskService();
      this.repository = sandbox.engine().getRepositoryService();
      this.customerId = sandbox.bean(CustomerStore.class).findOrCreate("551190000%04d".formatted(number), file.customer()).id();
      this.conversationId = sandbox.bean(ConversationStore.class).open(customerId, file.number()).id();
      this.heard = sandbox.sent().size();
    }

    Optional<Failure> execute() {
      Step current = null;
      try {
        for (Step step : scenario.steps()) {
          current = step;
          perform(step);
        }
        return Optional.empty();
      } catch (StepFailed e) {
        return Optional.of(failure(current, e.getMessage()));
      } catch (RuntimeException e) {
        return Optional.of(failure(current, "the journey failed" + where() + ": " + rootMessage(e)));
      } finally {
        runtime.createProcessInstanceQuery().rootProcessInstances().list()
            .forEach(p -> runtime.deleteProcessInstance(p.getId(), "scenario over", true, true));
      }
    }

    private Failure failure(Step step, String message) {
      return new Failure(file.file(), step.line(), scenario.name(), step.number(), "'" + step.describe() + "': " + message);
    }

    private void perform(Step step) {
      switch (step.kind()) {
        case CUSTOMER_SAYS -> customerWrites(step.value() == null ? "" : step.value());
        case CUSTOMER_SENDS -> customerWrites(null);
        case BOT_SAYS -> botSays(step.value(), true);
        case BOT_SAYS_CONTAINING -> botSays(step.value(), false);
        case BOT_SAYS_NOTHING_MORE -> {
          drain();
          List<String> sent = sandbox.sent();
          if (heard < sent.size()) {
            throw new StepFailed("the bot also said \"" + sent.get(heard) + "\"");
          }
        }
        case TIME_PASSES -> timePasses(step.value());
        case ENDS_IN_QUEUE -> endsInQueue(step.value().trim());
        case PROTOCOL_NOTES_CONTAIN -> {
          drain();
          String notes = sandbox.bean(ConversationStore.class).notes(conversationId);
          if (notes == null || !normal(notes).contains(normal(step.value()))) {
            throw new StepFailed(notes == null || notes.isBlank() ? "the protocol's notes are empty"
                : "the protocol's notes are \"" + notes + "\"");
          }
        }
        case CONVERSATION_ENDS -> {
          drain();
          if (runtime.createProcessInstanceQuery().count() > 0) {
            throw new StepFailed("the conversation goes on" + where());
          }
        }
      }
    }

    private void customerWrites(String text) {
      drain();
      if (!started) {
        started = true;
        // as the routing rule starts a journey: business key <customer id>@<phone number id>
        runtime.startProcessInstanceByKey(file.journey(), CorrelationKeys.of(customerId, file.number()), Variables.createVariables()
            .putValue(ConversationProcess.Variables.CONVERSATION_ID, conversationId)
            .putValue(ConversationProcess.Variables.CUSTOMER_NAME, file.customer())
            .putValue(ConversationProcess.Variables.PHONE_NUMBER_ID, file.number())
            .putValue("customerId", customerId));
        drain();
        return;
      }
      List<EventSubscription> waits = runtime.createEventSubscriptionQuery().eventType("message")
          .eventName(ConversationProcess.Messages.CUSTOMER_MESSAGE).list();
      if (waits.isEmpty()) {
        if (runtime.createProcessInstanceQuery().count() == 0) {
          throw new StepFailed("the conversation has already ended");
        }
        if (tasks.createTaskQuery().count() > 0) {
          return; // with an agent: the message is for the agent's desk, not the journey
        }
        throw new StepFailed("the bot was not waiting for an answer" + where());
      }
      runtime.createMessageCorrelation(ConversationProcess.Messages.CUSTOMER_MESSAGE)
          .processInstanceId(waits.get(0).getProcessInstanceId())
          .setVariable(ConversationProcess.Variables.ANSWER, Variables.stringValue(text, true))
          .setVariable(ConversationProcess.Variables.CUSTOMER_MESSAGE_ID, ++messageIds)
          .correlateWithResult();
      drain();
    }

    private void botSays(String expected, boolean exactly) {
      drain();
      List<String> sent = sandbox.sent();
      if (heard >= sent.size()) {
        throw new StepFailed("the bot said nothing more" + where());
      }
      String said = sent.get(heard++);
      boolean matches = exactly ? normal(said).equals(normal(expected)) : normal(said).contains(normal(expected));
      if (!matches) {
        throw new StepFailed("the bot said \"" + said + "\" instead");
      }
    }

    private void timePasses(String value) {
      Duration passing;
      try {
        passing = Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new StepFailed("'" + value + "' is not an ISO-8601 duration such as PT5M");
      }
      Duration until = elapsed.plus(passing);
      while (true) {
        drain();
        Optional<Job> next = management.createJobQuery().timers().list().stream()
            .filter(job -> dueAt(job).compareTo(until) <= 0)
            .min((a, b) -> dueAt(a).compareTo(dueAt(b)));
        if (next.isEmpty()) {
          break;
        }
        elapsed = dueAt(next.get()).compareTo(elapsed) > 0 ? dueAt(next.get()) : elapsed;
        timersDueAt.remove(next.get().getId());
        management.executeJob(next.get().getId());
      }
      elapsed = until;
    }

    private void endsInQueue(String queue) {
      drain();
      if (tasks.createTaskQuery().taskCandidateGroup(queue).count() > 0) {
        return;
      }
      List<Task> open = tasks.createTaskQuery().list();
      if (!open.isEmpty()) {
        String groups = open.stream().flatMap(t -> tasks.getIdentityLinksForTask(t.getId()).stream())
            .map(IdentityLink::getGroupId).filter(g -> g != null).distinct().collect(Collectors.joining(", "));
        throw new StepFailed("the conversation waits in queue '" + groups + "'");
      }
      throw new StepFailed(runtime.createProcessInstanceQuery().count() == 0 ? "the conversation has ended"
          : "the conversation waits for no agent" + where());
    }

    /** Runs every asynchronous step that is due now, as the job executor would, until the journey waits. */
    private void drain() {
      for (int i = 0; i < MAX_STEPS_WITHOUT_WAITING; i++) {
        noteNewTimers();
        List<Job> due = management.createJobQuery().messages().list().stream().filter(j -> j.getRetries() > 0).toList();
        if (due.isEmpty()) {
          return;
        }
        management.executeJob(due.get(0).getId());
      }
      throw new StepFailed("the journey runs on without ever waiting" + where());
    }

    /** When each timer is due on the scenario's clock: as long after the moment it was set as the engine says. */
    private void noteNewTimers() {
      long now = System.currentTimeMillis();
      for (Job timer : management.createJobQuery().timers().list()) {
        timersDueAt.computeIfAbsent(timer.getId(),
            id -> elapsed.plusMillis(Math.max(0, timer.getDuedate().getTime() - now)));
      }
    }

    private Duration dueAt(Job timer) {
      noteNewTimers();
      return timersDueAt.get(timer.getId());
    }

    /** Where the journey is now, in the model's names: {@code (it is at "Aguardar resposta")}. */
    private String where() {
      List<String> places = new ArrayList<>();
      for (ProcessInstance instance : runtime.createProcessInstanceQuery().list()) {
        var model = repository.getBpmnModelInstance(instance.getProcessDefinitionId());
        for (String activity : runtime.getActiveActivityIds(instance.getId())) {
          FlowElement element = model.getModelElementById(activity);
          String name = element == null || element.getName() == null ? activity : element.getName();
          places.add("\"" + name.replaceAll("\\s+", " ") + "\"");
        }
      }
      return places.isEmpty() ? "" : " (it is at " + String.join(", ", places) + ")";
    }

    private static String normal(String text) {
      return text == null ? "" : text.replace("\r\n", "\n").strip();
    }

    private static String rootMessage(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return String.valueOf(root.getMessage());
    }
  }
}
