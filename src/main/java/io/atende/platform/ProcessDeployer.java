package io.atende.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deploys the analysts' models from the {@code processes/} folder as one deployment with duplicate
 * filtering: an unchanged file makes no new version, a changed one makes a new version of that
 * definition only. Resource names are relative paths, so every node sees the same names.
 *
 * <p>A bad model never stops the service: a file that is not valid BPMN/DMN, or whose executable
 * processes or decisions lack {@code camunda:historyTimeToLive}, is left out with an error in the log
 * (once per edit of that file; its previous version, if any, stays active) and the other files are
 * deployed. If the engine still
 * refuses the deployment (a block whose properties are wrong, say), the error is logged and every previous version
 * stays active. A change over models already live goes live only when every {@link ModelGate} lets it through (the
 * journey scenarios in {@code *.scenarios.yaml}, which are watched with the models but never deployed).
 */
@Component
public class ProcessDeployer {

  public static final String DEPLOYMENT_NAME = "atende-processes";
  /** Journey scenarios beside the models: watched and handed to the {@link ModelGate}s, never deployed. */
  public static final String SCENARIO_SUFFIX = ".scenarios.yaml";
  private static final Logger log = LoggerFactory.getLogger(ProcessDeployer.class);
  private static final Set<String> EXTENSIONS = Set.of(".bpmn", ".dmn", ".form", ".html", SCENARIO_SUFFIX);

  private final RepositoryService repositoryService;
  private final Path directory;
  private final List<ModelGate> gates;
  private volatile Fingerprint deployed = Fingerprint.NONE;

  /** Deploys the folder of {@code properties}, a change over live models only when every gate lets it through. */
  public ProcessDeployer(RepositoryService repositoryService, ProcessesProperties properties, List<ModelGate> gates) {
    this.repositoryService = repositoryService;
    this.directory = Path.of(properties.directory()).toAbsolutePath().normalize();
    this.gates = List.copyOf(gates);
  }

  public Path directory() {
    return directory;
  }

  /** A model file's identity for change detection: relative name, size and modification time. */
  record FileStamp(String name, long size, long modifiedMillis) {}

  /** The state of the folder: every model file's stamp, sorted by name. */
  record Fingerprint(List<FileStamp> files) {
    static final Fingerprint NONE = new Fingerprint(List.of());

    /** Names of the files added, removed or changed between the two states. */
    Set<String> changedSince(Fingerprint before) {
      Set<String> changed = new TreeSet<>();
      files.stream().filter(f -> !before.files.contains(f)).forEach(f -> changed.add(f.name()));
      before.files.stream().filter(f -> !files.contains(f)).forEach(f -> changed.add(f.name()));
      return changed;
    }
  }

  /** Redeploys when a model file was added, removed or changed since the last deployment. */
  public synchronized List<String> deployIfChanged() {
    Fingerprint now = fingerprint();
    if (now.equals(deployed)) {
      return List.of();
    }
    log.info("Models changed in {}: {}; redeploying", directory, now.changedSince(deployed));
    return deploy(now);
  }

  /** Deploys what changed; returns the ids of the definitions that got a new version. */
  public synchronized List<String> deploy() {
    return deploy(fingerprint());
  }

  private List<String> deploy(Fingerprint fingerprint) {
    Set<String> changed = fingerprint.changedSince(deployed);
    boolean firstCheck = deployed.equals(Fingerprint.NONE);
    // Recorded first: a refused file is reported once, not on every check, and retried when it changes again.
    deployed = fingerprint;
    List<Path> files = modelFiles();
    if (files.isEmpty()) {
      log.warn("No models found in {}", directory);
      return List.of();
    }
    DeploymentBuilder builder = repositoryService.createDeployment().name(DEPLOYMENT_NAME).source("processes-folder")
        .enableDuplicateFiltering(true);
    Map<String, byte[]> models = new LinkedHashMap<>();
    Map<String, byte[]> scenarios = new LinkedHashMap<>();
    for (Path file : files) {
      String name = resourceName(file);
      byte[] content;
      try {
        content = Files.readAllBytes(file);
      } catch (IOException e) {
        log.error("Model {} was not deployed: it cannot be read ({})", name, e.toString());
        continue;
      }
      if (name.endsWith(SCENARIO_SUFFIX)) {
        scenarios.put(name, content);
        continue;
      }
      String problem = problemOf(name, content);
      if (problem != null) {
        if (changed.contains(name)) {
          log.error("Model {} was not deployed: {}. Its previous version, if any, stays active.", name, problem);
        }
        continue;
      }
      models.put(name, content);
    }
    if (models.isEmpty()) {
      return List.of();
    }
    boolean scenariosChanged = !firstCheck && changed.stream().anyMatch(name -> name.endsWith(SCENARIO_SUFFIX));
    if (!gates.isEmpty() && (scenariosChanged || changesLiveModels(models))) {
      List<String> problems = gates.stream().flatMap(gate -> gate.problems(models, scenarios).stream()).toList();
      if (!problems.isEmpty()) {
        problems.forEach(problem -> log.error("The models in {} were not deployed (changed: {}): {}. Every previous version stays active.",
            directory, changed, problem));
        return List.of();
      }
    }
    models.forEach((name, content) -> builder.addInputStream(name, new ByteArrayInputStream(content)));
    DeploymentWithDefinitions deployment;
    try {
      deployment = builder.deployWithResult();
    } catch (RuntimeException e) {
      log.error("The engine refused the models in {} (changed: {}); every previous version stays active. Cause: {}",
          directory, changed, e.getMessage());
      return List.of();
    }
    List<String> definitions = Stream.concat(
            deployment.getDeployedProcessDefinitions() == null ? Stream.empty() : deployment.getDeployedProcessDefinitions().stream().map(d -> d.getId()),
            deployment.getDeployedDecisionDefinitions() == null ? Stream.empty() : deployment.getDeployedDecisionDefinitions().stream().map(d -> d.getId()))
        .toList();
    if (!definitions.isEmpty()) {
      log.info("Deployed from {}: {}", directory, definitions);
    }
    return definitions;
  }

  /**
   * Whether the files would change models that are live: a file differs from the latest version of the same name
   * deployed from the folder. A new database (no model live yet) gets the shipped models, which CI ran the gates on;
   * a restart with unchanged files changes nothing.
   */
  private boolean changesLiveModels(Map<String, byte[]> models) {
    Map<String, byte[]> live = new HashMap<>();
    List<Deployment> deployments = repositoryService.createDeploymentQuery().deploymentName(DEPLOYMENT_NAME)
        .orderByDeploymentTime().desc().list();
    if (deployments.isEmpty()) {
      return false;
    }
    for (Deployment deployment : deployments) {
      for (String name : repositoryService.getDeploymentResourceNames(deployment.getId())) {
        if (models.containsKey(name) && !live.containsKey(name)) {
          try (InputStream content = repositoryService.getResourceAsStream(deployment.getId(), name)) {
            live.put(name, content.readAllBytes());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      if (live.size() == models.size()) {
        break;
      }
    }
    return models.entrySet().stream().anyMatch(model -> !Arrays.equals(model.getValue(), live.get(model.getKey())));
  }

  /** What is wrong with a model file, in words an analyst can act on; null when nothing is. */
  static String problemOf(String name, byte[] content) {
    try {
      if (name.endsWith(".bpmn")) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
        List<String> missing = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
          if (process.isExecutable() && isBlank(process.getCamundaHistoryTimeToLiveString())) {
            missing.add(process.getId());
          }
        }
        return missing.isEmpty() ? null
            : "process " + missing + " has no historyTimeToLive; set camunda:historyTimeToLive (e.g. P30D) on the process";
      }
      if (name.endsWith(".dmn")) {
        DmnModelInstance model = Dmn.readModelFromStream(new ByteArrayInputStream(content));
        List<String> missing = new ArrayList<>();
        for (Decision decision : model.getModelElementsByType(Decision.class)) {
          if (isBlank(decision.getCamundaHistoryTimeToLiveString())) {
            missing.add(decision.getId());
          }
        }
        return missing.isEmpty() ? null
            : "decision " + missing + " has no historyTimeToLive; set camunda:historyTimeToLive (e.g. P30D) on the decision";
      }
      return null;
    } catch (RuntimeException e) {
      return "it is not a valid " + (name.endsWith(".dmn") ? "DMN" : "BPMN") + " file (" + describe(e) + ")";
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  Fingerprint fingerprint() {
    List<FileStamp> stamps = new ArrayList<>();
    for (Path file : modelFiles()) {
      try {
        stamps.add(new FileStamp(resourceName(file), Files.size(file), Files.getLastModifiedTime(file).toMillis()));
      } catch (IOException e) {
        // Deleted or unreadable while we looked: it counts as a change, and deploy() reports what it cannot read.
        stamps.add(new FileStamp(resourceName(file), -1, -1));
      }
    }
    return new Fingerprint(List.copyOf(stamps));
  }

  List<Path> modelFiles() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).filter(ProcessDeployer::isModel).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isModel(Path p) {
    String name = p.getFileName().toString();
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private String resourceName(Path file) {
    return directory.relativize(file).toString().replace('\\', '/');
  }
}
