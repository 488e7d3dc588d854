package io.atende.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.atende.AtendeApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Batch sends (issue 17's performance section): a 100,000-row XLSX validated and queued over HTTP (with the heap the
 * JVM was given: run it with -Xmx512m), then the dispatch rate of a batch on a number allowed {@code bench.rate}
 * messages/s (80 by default) and on one allowed 1,000/s, measured where the sends arrive (the Graph API stand-in, in a
 * JVM of its own unless {@code -Dbench.stand-in=jvm}): the average rate and the busiest 1-second window. Not part of the
 * normal test run:
 * {@code mvn -B -Pbenchmark verify -Dtest=BatchBenchmark -Datende.jvm.options=-Xmx512m [-Dbench.db=postgres]}.
 */
@Tag("benchmark")
class BatchBenchmark {

  private static final int ROWS = Integer.getInteger("bench.rows", 100_000);
  private static final int RATE = Integer.getInteger("bench.rate", 80);
  private static final int DISPATCH_ROWS = Integer.getInteger("bench.dispatch-rows", 2_000);
  private static final int FAST_RATE = Integer.getInteger("bench.fast-rate", 1000);
  private static final int FAST_ROWS = Integer.getInteger("bench.fast-rows", 10_000);
  private static final int WARMUP_ROWS = Integer.getInteger("bench.warmup-rows", 0);
  private static final boolean POSTGRES = "postgres".equals(System.getProperty("bench.db", "h2"));
  private static final long GRAPH_LATENCY = Long.getLong("bench.graph-latency", 0);
  private static final boolean SQL_STATS = Boolean.getBoolean("bench.sql-stats");
  private static final boolean TIMELINE = Boolean.getBoolean("bench.timeline");
  /** The Graph API stand-in in a JVM of its own (the default) or, with {@code -Dbench.stand-in=jvm}, in this one. */
  private static final boolean STAND_IN_IN_PROCESS = !"jvm".equals(System.getProperty("bench.stand-in", "process"));
  private static final String NUMBER = "106540352242922";
  private static final String FAST_NUMBER = "106540352242944";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

  @Test
  void measure() throws Exception {
    Path dir = Path.of("target/benchmark-batch");
    FileSystemUtils.deleteRecursively(dir);
    Files.createDirectories(dir);
    try (GraphStandIn sink = STAND_IN_IN_PROCESS ? new GraphSinkProcess(Duration.ofMillis(GRAPH_LATENCY))
        : new GraphSink(Duration.ofMillis(GRAPH_LATENCY)); ConfigurableApplicationContext app = start(sink, dir)) {
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      MeterRegistry meters = app.getBean(MeterRegistry.class);
      template(jdbc);
      Runtime rt = Runtime.getRuntime();
      System.out.printf("%nAtende batch benchmark, %s database, heap max %d MB%n",
          POSTGRES ? "PostgreSQL (127.0.0.1:5432/test)" : "H2 file", rt.maxMemory() >> 20);

      System.out.printf("Graph API round trip %d ms, stand-in %s; load average at start %s%n", GRAPH_LATENCY,
          STAND_IN_IN_PROCESS ? "in a JVM of its own" : "in this JVM", loadAverage());
      // 1. a 100,000-row sheet in: validated and queued (bench.rows=0 skips it)
      if (ROWS > 0) {
        intake(base, dir);
      }
      // 2. dispatch at the number's rate
      dispatch(base, sink, dir, meters, NUMBER, RATE, DISPATCH_ROWS, "551197");
      // 3. and on a number allowed 1,000/s (bench.sql-stats: H2's statement statistics of this one), after a batch of
      // bench.warmup-rows on that number (0 by default: none) that warms the JIT's code for 1,000/s and is reported apart
      if (WARMUP_ROWS > 0) {
        System.out.printf("warm-up batch on the 1,000/s number (%d recipients):%n", WARMUP_ROWS);
        dispatch(base, sink, dir, meters, FAST_NUMBER, FAST_RATE, WARMUP_ROWS, "551195");
      }
      if (SQL_STATS && !POSTGRES) {
        jdbc.sql("set query_statistics_max_entries 1000").update();
        jdbc.sql("set query_statistics true").update();
      }
      dispatch(base, sink, dir, meters, FAST_NUMBER, FAST_RATE, FAST_ROWS, "551196");
      if (SQL_STATS && !POSTGRES) {
        sqlStats(jdbc, FAST_ROWS);
      }
      System.out.printf("load average at the end %s%n", loadAverage());
      System.out.println();
    }
  }

  /** The statements of the fast dispatch that took the most database time, with executions per send. */
  private static void sqlStats(JdbcClient jdbc, int sends) {
    System.out.println("  database time (ms), executions, per send, statement:");
    jdbc.sql("select cumulative_execution_time, execution_count, sql_statement from information_schema.query_statistics"
            + " order by cumulative_execution_time desc fetch first 25 rows only")
        .query((rs, n) -> String.format("  %8.0f %7d %6.2f  %s", rs.getDouble(1), rs.getLong(2), rs.getLong(2) / (double) sends,
            abbreviate(rs.getString(3))))
        .list().forEach(System.out::println);
    System.out.println("  most executed: executions, per send, database time (ms), statement:");
    jdbc.sql("select execution_count, cumulative_execution_time, sql_statement from information_schema.query_statistics"
            + " order by execution_count desc fetch first 15 rows only")
        .query((rs, n) -> String.format("  %7d %6.2f %8.0f  %s", rs.getLong(1), rs.getLong(1) / (double) sends, rs.getDouble(2),
            abbreviate(rs.getString(3))))
        .list().forEach(System.out::println);
    jdbc.sql("select count(*), sum(execution_count), sum(cumulative_execution_time) from information_schema.query_statistics")
        .query((rs, n) -> String.format("  %d distinct statements, %d executions (%.1f per send), %.0f ms in all%n",
            rs.getLong(1), rs.getLong(2), rs.getLong(2) / (double) sends, rs.getDouble(3)))
        .list().forEach(System.out::print);
    jdbc.sql("set query_statistics false").update();
  }

  private static String abbreviate(String sql) {
    String line = sql.replaceAll("\\s+", " ");
    return line.length() > 150 ? line.substring(0, 150) + "…" : line;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void intake(String base, Path dir) throws Exception {
    Runtime rt = Runtime.getRuntime();
    {
      Path sheet = dir.resolve("lote.xlsx");
      writeSheet(sheet, ROWS, "551198");
      System.out.printf("sheet: %d rows, %.1f MB%n", ROWS, Files.size(sheet) / 1e6);
      long start = System.nanoTime();
      JsonNode created = upload(base, sheet, NUMBER, "Benchmark 100 mil");
      long took = System.nanoTime() - start;
      long id = created.path("id").asLong();
      post(base, "/api/batches/" + id + "/cancel");
      System.gc();
      System.out.printf("intake: %d rows validated and queued in %.1f s (%d good, %d bad); heap used after: %d MB%n",
          ROWS, took / 1e9, created.path("total").asInt(), created.path("invalid").asInt(), (rt.totalMemory() - rt.freeMemory()) >> 20);
      awaitSettled(base, id);
    }
  }

  private static void dispatch(String base, GraphStandIn sink, Path dir, MeterRegistry meters, String number, int rate, int rows,
      String prefix) throws Exception {
    Path sheet = dir.resolve("lote-" + number + ".xlsx");
    writeSheet(sheet, rows, prefix);
    sink.clear();
    LimiterMeters slotsBefore = LimiterMeters.read(meters, number);
    CollectorPauses pauses = CollectorPauses.listen();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    Duration standInCpuBefore = sink instanceof GraphSinkProcess process ? process.cpu() : Duration.ZERO;
    long wallBefore = System.nanoTime();
    long id = upload(base, sheet, number, "Benchmark " + rate + "/s").path("id").asLong();
    awaitSettled(base, id);
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    pauses.stop();
    LimiterMeters slots = LimiterMeters.read(meters, number).minus(slotsBefore);
    Duration standInCpu = sink instanceof GraphSinkProcess process ? process.cpu().minus(standInCpuBefore) : Duration.ZERO;
    List<Long> arrivals = sink.arrivals();
    Collections.sort(arrivals);
    int busiest = 0;
    int busiestFrom = 0;
    for (int i = 0, j = 0; i < arrivals.size(); i++) {
      while (arrivals.get(i) - arrivals.get(j) >= 1_000_000_000L) {
        j++;
      }
      if (i - j + 1 > busiest) {
        busiest = i - j + 1;
        busiestFrom = j;
      }
    }
    if (Boolean.getBoolean("bench.busiest-detail")) {
      // where the busiest second begins, and how far apart the sends around its start arrived (bunched or paced)
      StringBuilder gaps = new StringBuilder();
      for (int k = Math.max(1, busiestFrom - 5); k < Math.min(arrivals.size(), busiestFrom + 40); k++) {
        gaps.append(String.format(java.util.Locale.ROOT, "%.1f ", (arrivals.get(k) - arrivals.get(k - 1)) / 1e6));
      }
      System.out.printf("  busiest second from %.3f s after the first arrival; ms between arrivals around its start: %s%n",
          (arrivals.get(busiestFrom) - arrivals.get(0)) / 1e9, gaps.toString().trim());
    }
    long longestPause = 0;
    for (int i = 1; i < arrivals.size(); i++) {
      longestPause = Math.max(longestPause, arrivals.get(i) - arrivals.get(i - 1));
    }
    if (TIMELINE) {
      // sends arrived in each second from the first (where a shortfall is: the start, dips, the end)
      int[] perSecond = new int[(int) ((arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000_000L) + 1];
      arrivals.forEach(t -> perSecond[(int) ((t - arrivals.get(0)) / 1_000_000_000L)]++);
      System.out.printf("  sends a second: %s%n", java.util.Arrays.toString(perSecond));
    }
    double seconds = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
    double average = (arrivals.size() - 1) / seconds;
    System.out.printf("dispatch on a number allowed %d/s: %d sends in %.1f s, %.1f messages/s (%.0f %% of %d/s);"
        + " busiest 1-second window %d; longest pause between two sends %d ms%n", rate, arrivals.size(), seconds, average,
        100 * average / rate, rate, busiest, longestPause / 1_000_000);
    // what reached the stand-in by send key: each recipient once (another request is none of the batch's sends)
    System.out.printf("  send keys at the stand-in: %d, of them sent twice or more: %d%n", sink.sendKeys(), sink.duplicateSends());
    System.out.printf("  CPU (this JVM: service%s) %.2f ms per send, %.0f %% of %d cores; load average %s%n",
        sink instanceof GraphSinkProcess ? "" : " and stand-in", cpu / 1e6 / Math.max(1, arrivals.size()),
        100.0 * cpu / wall / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(), loadAverage());
    if (sink instanceof GraphSinkProcess) {
      System.out.printf("  CPU of the stand-in's own JVM %.2f ms per send%n", standInCpu.toNanos() / 1e6 / Math.max(1, arrivals.size()));
    }
    // where the capacity the limiter gave went unused: the service's own meters, and the collector's pauses meanwhile
    System.out.printf("  batch slots missed: %d (%d woke late, %d stale); slot leases: %d, %.1f ms on average, the longest in the"
            + " last two minutes %.0f ms;"
            + " collector pauses: %d, %.0f ms in all, the longest %.0f ms%n", slots.late() + slots.stale(), slots.late(), slots.stale(),
        slots.leases(), slots.leases() == 0 ? 0 : slots.leaseMillis() / slots.leases(), slots.longestLeaseMillis(), pauses.count(),
        pauses.totalMillis(), pauses.longestMillis());
  }

  /** The send limiter's meters of one number's batch sends ({@code SendRateLimiter}): slots missed, leases. */
  private record LimiterMeters(long late, long stale, long leases, double leaseMillis, double longestLeaseMillis) {

    static LimiterMeters read(MeterRegistry meters, String number) {
      Timer leases = meters.find("atende.send.slot.leases").tags("number", number, "priority", "bulk").timer();
      return new LimiterMeters(missed(meters, number, "late"), missed(meters, number, "stale"), leases == null ? 0 : leases.count(),
          leases == null ? 0 : leases.totalTime(TimeUnit.MILLISECONDS), leases == null ? 0 : leases.max(TimeUnit.MILLISECONDS));
    }

    private static long missed(MeterRegistry meters, String number, String reason) {
      Counter counter = meters.find("atende.send.slots.missed").tags("number", number, "priority", "bulk", "reason", reason).counter();
      return counter == null ? 0 : (long) counter.count();
    }

    /** The difference to an earlier reading; the longest lease is the timer's maximum of the last two minutes. */
    LimiterMeters minus(LimiterMeters before) {
      return new LimiterMeters(late - before.late, stale - before.stale, leases - before.leases, leaseMillis - before.leaseMillis,
          longestLeaseMillis);
    }
  }

  /** The garbage collector's pauses in this JVM (the service's) while listening. */
  private static final class CollectorPauses {
    private final List<Runnable> removals = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong();

    static CollectorPauses listen() {
      CollectorPauses pauses = new CollectorPauses();
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (collector instanceof NotificationEmitter emitter) {
          NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
              // the G1 young and mixed collections, a full collection: each a pause of the whole JVM
              if (!info.getGcName().contains("Concurrent")) {
                pauses.count.incrementAndGet();
                pauses.total.addAndGet(info.getGcInfo().getDuration());
                pauses.longest.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
              }
            }
          };
          emitter.addNotificationListener(listener, null, null);
          pauses.removals.add(() -> {
            try {
              emitter.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
              // already gone
            }
          });
        }
      }
      return pauses;
    }

    void stop() {
      removals.forEach(Runnable::run);
    }

    long count() {
      return count.get();
    }

    double totalMillis() {
      return total.get();
    }

    double longestMillis() {
      return longest.get();
    }
  }

  private static void awaitSettled(String base, long id) throws Exception {
    long until = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < until) {
      JsonNode batch = get(base, "/api/batches/" + id);
      String status = batch.path("status").asText();
      if (("FINISHED".equals(status) || "CANCELLED".equals(status)) && batch.path("queued").asInt() == 0) {
        return;
      }
      // as often as the page "Envio em lote" asks while someone watches (batches.js: every 2 s); each ask counts the
      // batch's rows. The rate is measured where the sends arrive, not by this loop
      Thread.sleep(2000);
    }
    throw new IllegalStateException("batch " + id + " did not end");
  }

  private static void writeSheet(Path file, int rows, String prefix) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      Workbook workbook = new Workbook(out, "bench", "1.0");
      Worksheet sheet = workbook.newWorksheet("Lote");
      sheet.value(0, 0, "Telefone");
      sheet.value(0, 1, "Nome");
      sheet.value(0, 2, "{{1}} do corpo");
      sheet.value(0, 3, "{{2}} do corpo");
      for (int i = 1; i <= rows; i++) {
        sheet.value(i, 0, prefix + String.format("%07d", i));
        sheet.value(i, 1, "Cliente " + i);
        sheet.value(i, 2, "Cliente " + i);
        sheet.value(i, 3, String.valueOf(100000 + i));
        if (i % 10_000 == 0) {
          sheet.flush();
        }
      }
      workbook.finish();
    }
  }

  private static JsonNode upload(String base, Path sheet, String number, String title) throws Exception {
    String boundary = "bench" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String[] field : new String[][] {{"phoneNumberId", number}, {"template", "pedido_saiu"}, {"language", "pt_BR"}, {"title", title}}) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lote.xlsx\"\r\n"
        + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(sheet));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/batches"))
        .header("Authorization", AUTH).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("upload refused: " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static JsonNode get(String base, String path) throws Exception {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static void post(String base, String path) throws Exception {
    HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The approved template the batches send, as the registry keeps it (the stand-in has no template API). */
  private static void template(JdbcClient jdbc) {
    jdbc.sql("""
            insert into message_template (business_account_id, meta_template_id, name, language, category, parameter_format, components,
              status, updated_at) values ('102290129340398', '9000001', 'pedido_saiu', 'pt_BR', 'UTILITY', 'POSITIONAL', ?, 'APPROVED',
              current_timestamp)""")
        .param("""
            [{"type":"BODY","text":"Olá, {{1}}! Seu pedido {{2}} saiu para entrega.","example":{"body_text":[["Ana","123"]]}}]""")
        .update();
  }

  private static ConfigurableApplicationContext start(GraphStandIn sink, Path dir) throws SQLException {
    List<String> args = new ArrayList<>(POSTGRES ? postgres() : List.of(
        "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/db;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256"));
    args.addAll(List.of(
        "--server.port=0",
        "--atende.simulator.enabled=false",
        // a measurement, not production: the shipped secrets and users may stay
        "--atende.demo.enabled=true",
        "--atende.whatsapp.api-base-url=" + sink.baseUrl(),
        "--atende.whatsapp.media-directory=" + dir.resolve("media"),
        "--atende.whatsapp.numbers[0].phone-number-id=" + NUMBER,
        "--atende.whatsapp.numbers[0].display-phone-number=5511940000000",
        "--atende.whatsapp.numbers[0].messages-per-second=" + RATE,
        "--atende.whatsapp.numbers[1].phone-number-id=" + FAST_NUMBER,
        "--atende.whatsapp.numbers[1].display-phone-number=5511940000001",
        "--atende.whatsapp.numbers[1].messages-per-second=" + FAST_RATE,
        // the batches here reach more customers than a tier allows in 24 hours
        "--atende.messaging-limits.tier=UNLIMITED",
        "--logging.level.root=WARN",
        "--logging.level.io.atende=WARN",
        // a chunk job that fails (and is retried a minute later) says why
        "--logging.level.org.camunda.bpm.engine.jobexecutor=WARN",
        "--logging.level.org.camunda.bpm.engine.context=OFF"));
    if (Boolean.getBoolean("bench.debug-dispatch")) {
      // each page's preparation time and each chunk's start and end
      args.add("--logging.level.io.atende.journey.batch.BatchDispatch=DEBUG");
    }
    return new SpringApplicationBuilder(AtendeApplication.class).run(args.toArray(String[]::new));
  }

  private static List<String> postgres() throws SQLException {
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    try (Connection connection = DriverManager.getConnection(url, "postgres", ""); Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists atende_batch_bench cascade");
      statement.execute("create schema atende_batch_bench");
    }
    return List.of("--spring.datasource.url=" + url + "?currentSchema=atende_batch_bench", "--spring.datasource.username=postgres",
        "--spring.datasource.password=", "--camunda.bpm.database.schema-name=atende_batch_bench",
        "--camunda.bpm.database.table-prefix=atende_batch_bench.", "--spring.flyway.schemas=atende_batch_bench");
  }
}
