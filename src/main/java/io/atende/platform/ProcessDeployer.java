package io.atende.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deploys the analysts' models from the {@code processes/} folder as one deployment with duplicate
 * filtering: an unchanged file makes no new version, a changed one makes a new version of that
 * definition only. Resource names are relative paths, so every node sees the same names.
 */
@Component
public class ProcessDeployer {

  public static final String DEPLOYMENT_NAME = "atende-processes";
  private static final Logger log = LoggerFactory.getLogger(ProcessDeployer.class);
  private static final Set<String> EXTENSIONS = Set.of(".bpmn", ".dmn", ".form", ".html");

  private final RepositoryService repositoryService;
  private final Path directory;

  ProcessDeployer(RepositoryService repositoryService, ProcessesProperties properties) {
    this.repositoryService = repositoryService;
    this.directory = Path.of(properties.directory()).toAbsolutePath().normalize();
  }

  public Path directory() {
    return directory;
  }

  /** Deploys what changed; returns the ids of the definitions that got a new version. */
  public synchronized List<String> deploy() {
    List<Path> files = modelFiles();
    if (files.isEmpty()) {
      log.warn("No models found in {}", directory);
      return List.of();
    }
    DeploymentBuilder builder = repositoryService.createDeployment().name(DEPLOYMENT_NAME).source("processes-folder")
        .enableDuplicateFiltering(true);
    for (Path file : files) {
      builder.addString(resourceName(file), read(file));
    }
    DeploymentWithDefinitions deployment = builder.deployWithResult();
    List<String> deployed = Stream.concat(
            deployment.getDeployedProcessDefinitions() == null ? Stream.empty() : deployment.getDeployedProcessDefinitions().stream().map(d -> d.getId()),
            deployment.getDeployedDecisionDefinitions() == null ? Stream.empty() : deployment.getDeployedDecisionDefinitions().stream().map(d -> d.getId()))
        .toList();
    if (!deployed.isEmpty()) {
      log.info("Deployed from {}: {}", directory, deployed);
    }
    return deployed;
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

  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
