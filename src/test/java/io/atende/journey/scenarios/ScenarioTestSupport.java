package io.atende.journey.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files of a models folder as the service hands them to the scenario runner. */
final class ScenarioTestSupport {

  static final Path PROCESSES = Path.of("processes");

  private ScenarioTestSupport() {}

  static Map<String, byte[]> models(Path dir) {
    return files(dir, name -> !name.endsWith(".scenarios.yaml"));
  }

  static Map<String, byte[]> scenarios(Path dir) {
    return files(dir, name -> name.endsWith(".scenarios.yaml"));
  }

  private static Map<String, byte[]> files(Path dir, java.util.function.Predicate<String> which) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(file).toString().replace('\\', '/');
        if (which.test(name) && Stream.of(".bpmn", ".dmn", ".html", ".form", ".scenarios.yaml").anyMatch(name::endsWith)) {
          files.put(name, Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
