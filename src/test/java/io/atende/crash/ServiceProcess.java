package io.atende.crash;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service as an operating-system process of its own (the test's class path, {@code io.atende.AtendeApplication}),
 * so that it can be killed the way a crash or {@code kill -9} ends it: no shutdown hook, no close of the database.
 */
public final class ServiceProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ServiceProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Arguments for the service given on the test's command line in this system property ({@code -Dcrash.args="--a=b
   * --c=d"}, space-separated), e.g. {@code --atende.h2.durable-mode=every-commit}; added last, so they win.
   */
  public static List<String> extraArgs(String property) {
    String given = System.getProperty(property, "").trim();
    return given.isEmpty() ? List.of() : List.of(given.split("\\s+"));
  }

  /**
   * The service as in production, against a Graph API stand-in instead of Meta and the simulator: secrets of its own
   * (the shipped ones refuse to start), one business number, and logs quiet down to warnings.
   */
  public static List<String> againstGraph(String graphUrl, String appSecret, Path mediaDirectory, String phoneNumberId,
      int messagesPerSecond) {
    return List.of(
        "--atende.simulator.enabled=false",
        "--atende.whatsapp.api-base-url=" + graphUrl,
        "--atende.whatsapp.app-secret=" + appSecret,
        "--atende.whatsapp.access-token=stand-in-access-token",
        "--atende.whatsapp.verify-token=stand-in-verify-token",
        "--camunda.bpm.admin-user.password=stand-in-admin-password",
        "--atende.whatsapp.media-directory=" + mediaDirectory.toAbsolutePath(),
        "--atende.whatsapp.numbers[0].phone-number-id=" + phoneNumberId,
        "--atende.whatsapp.numbers[0].display-phone-number=5511940000000",
        "--atende.whatsapp.numbers[0].messages-per-second=" + messagesPerSecond,
        "--logging.level.root=WARN",
        "--logging.level.io.atende=WARN",
        // a failing job acquisition (ENGINE-14019, at ERROR) stays visible; a job's own failure (a warning) does not
        "--logging.level.org.camunda.bpm.engine.jobexecutor=ERROR",
        "--logging.level.org.camunda.bpm.engine.context=OFF");
  }

  /** Starts the service with these arguments on a free port and waits until its health check answers. */
  static ServiceProcess start(List<String> args, Path log, Duration timeout) throws IOException, InterruptedException {
    return start(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1"), args, log, timeout);
  }

  /** As above, with these options of the JVM (e.g. the heap, and the thread priorities of README "Performance"). */
  public static ServiceProcess start(List<String> jvmOptions, List<String> args, Path log, Duration timeout)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.atende.AtendeApplication", "--server.port=" + port));
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ServiceProcess service = new ServiceProcess(process, port);
    Instant deadline = Instant.now().plus(timeout);
    while (!service.healthy()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The service exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("The service did not answer its health check within " + timeout + "; see " + log);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return service;
  }

  /**
   * Posts a notification to the webhook signed with {@code appSecret}, as Meta does; its HTTP status, or -1 when no
   * answer came (connection refused or reset: the service is down or was killed meanwhile).
   */
  public int postWebhook(String notification, String appSecret) {
    byte[] body = notification.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/webhooks/whatsapp").toURL().openConnection();
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(20000);
      connection.setDoOutput(true);
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty(io.atende.whatsapp.WebhookSignature.HEADER, io.atende.whatsapp.WebhookSignature.sign(body, appSecret));
      try (java.io.OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int code = connection.getResponseCode();
      (code < 400 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes();
      return code;
    } catch (IOException e) {
      return -1;
    }
  }

  public int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** SIGKILL, as {@code kill -9}: the JVM gets no chance to flush or close anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private boolean healthy() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/actuator/health").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /**
   * Writes the service's threads and what each waits for ({@code jcmd <pid> Thread.print}) to {@code file}: what a
   * test that found the service stuck leaves for the next reader. Best effort: a failure is written into the file.
   */
  public void threadDump(Path file) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print", "-l")
        .redirectErrorStream(true).redirectOutput(file.toFile()).start();
    if (!dump.waitFor(60, TimeUnit.SECONDS)) {
      dump.destroyForcibly();
      Files.writeString(file, "jcmd did not answer within 60 s", java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** CPU time the process has used so far (all its threads). */
  public Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
