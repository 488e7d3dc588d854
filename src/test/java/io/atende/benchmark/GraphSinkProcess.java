package io.atende.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link GraphSink} in a JVM of its own, started from the test's class path: its requests, answers and garbage do not
 * run in the service's JVM (as Meta's servers do not), so the service's heap, pauses and CPU time are its own. It
 * still shares the machine's cores.
 */
final class GraphSinkProcess implements GraphStandIn {

  private final Process process;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  GraphSinkProcess(Duration latency) {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), GraphSink.class.getName(), String.valueOf(latency.toMillis()));
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith(GraphSink.PORT_LINE)) {
        process.destroyForcibly();
        throw new IllegalStateException("The Graph API stand-in did not start: " + line);
      }
      baseUrl = "http://127.0.0.1:" + line.substring(GraphSink.PORT_LINE.length()).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void clear() {
    ask("clear");
  }

  @Override
  public List<Long> arrivals() {
    List<Long> arrivals = new ArrayList<>();
    ask("arrivals").lines().forEach(line -> arrivals.add(Long.parseLong(line)));
    return arrivals;
  }

  @Override
  public int sendKeys() {
    return Integer.parseInt(ask("keys").split(" ")[0]);
  }

  @Override
  public long duplicateSends() {
    return Long.parseLong(ask("keys").split(" ")[1]);
  }

  /** The stand-in's CPU time so far (user and system). */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private String ask(String what) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__bench/" + what)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
