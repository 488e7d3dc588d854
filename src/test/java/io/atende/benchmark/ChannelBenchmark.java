package io.atende.benchmark;

import static org.awaitility.Awaitility.await;

import io.atende.AtendeApplication;
import io.atende.crash.ServiceProcess;
import io.atende.platform.LocalPostgres;
import io.atende.journey.ConversationProcess;
import io.atende.whatsapp.WebhookSignature;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Drives N signed inbound messages from M customers at a running service over HTTP and prints webhook
 * acknowledgement latency, accepted and processed messages per second and end-to-end replies per
 * second (webhook in → reply leaving for the Graph API), then the bare engine's rate of starting the
 * same process without HTTP or Camel. Run with {@code mvn -Pbenchmark verify} (see README).
 */
@Tag("benchmark")
class ChannelBenchmark {

  private static final int MESSAGES = Integer.getInteger("bench.messages", 5000);
  /** A burst of new customers (a campaign's replies, the morning rush): every message opens a conversation. */
  private static final boolean NEW_CUSTOMERS = Boolean.getBoolean("bench.new-customers");
  private static final int CUSTOMERS = NEW_CUSTOMERS ? MESSAGES : Integer.getInteger("bench.customers", 500);
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  /** Offered load in messages per second; 0 sends as fast as the senders can (closed loop). */
  private static final int RATE = Integer.getInteger("bench.rate", 0);
  /** Round trip of a send to the Graph API stand-in, in milliseconds (Meta from Brazil: roughly 100-300). */
  private static final int GRAPH_LATENCY = Integer.getInteger("bench.graph-latency", 0);
  /** Messages of one warm-up round; rounds go on until the JIT compiler is quiet or {@code bench.warmup-rounds}. */
  private static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
  private static final int WARMUP_ROUNDS = Math.min(10, Integer.getInteger("bench.warmup-rounds", 10));
  /** Share of the CPU below which the JIT compiler counts as quiet: the code the run needs is compiled. */
  private static final double JIT_QUIET = 0.05;
  private static final int BARE_INSTANCES = Integer.getInteger("bench.bare", 2000);
  private static final boolean POSTGRES = "postgres".equals(System.getProperty("bench.db", "h2"));
  /** PostgreSQL: the schema the run drops and makes anew (one of its own per concurrent run). */
  static final String SCHEMA = System.getProperty("bench.schema", "atende_bench");
  /** H2 only: prints the statements that took the database's time during the measured run. */
  private static final boolean SQL_STATS = Boolean.getBoolean("bench.sql-stats");
  private static final String SECRET = "bench-secret";
  private static final String PHONE_NUMBER_ID = "106540352242922";

  @Test
  void measure() throws Exception {
    Path dir = Path.of("target/benchmark");
    FileSystemUtils.deleteRecursively(dir);
    Files.createDirectories(dir);
    CommitCounter commits = new CommitCounter();
    long starting = System.nanoTime();
    try (GraphSink sink = new GraphSink(Duration.ofMillis(GRAPH_LATENCY)); ConfigurableApplicationContext app = start(sink, dir, commits)) {
      long started = System.nanoTime();
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      long firstAck = firstAck(port) - starting;
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      System.out.printf("%nAtende benchmark: %d messages from %d customers%s, %d concurrent senders, %s, %s database%n",
          MESSAGES, CUSTOMERS, NEW_CUSTOMERS ? " (a burst of new customers: every message a new conversation)" : "", CONCURRENCY,
          RATE > 0 ? "offered at " + RATE + " messages/s" : "as fast as acknowledged",
          POSTGRES ? "PostgreSQL (127.0.0.1:5432/test)" : "H2 file");
      System.out.printf("start to ready on a fresh database (in this JVM): context started after %.1f s, first webhook 200 after %.1f s%n",
          seconds(started - starting), seconds(firstAck));
    if (ChannelBenchmark.class.desiredAssertionStatus()) {
      System.out.println("Java assertions are on: the figures are lower than the service's (java -jar runs without)");
    }
      warmUp(port, jdbc);
      sink.arrivals.clear();
      sink.sendKeys.clear();
      long processedBefore = processed(jdbc);
      if (SQL_STATS && !POSTGRES) {
        jdbc.sql("set query_statistics_max_entries 1000").update();
        jdbc.sql("set query_statistics true").update();
      }

      long conversationsBefore = conversations(jdbc);
      DatabaseStats dbBefore = POSTGRES ? DatabaseStats.read() : null;
      Map<String, long[]> tablesBefore = POSTGRES ? TableWrites.read() : Map.of();
      long postgresCpuBefore = postgresCpu();
      Map<String, CommitCounter.Counts> commitsBefore = commits.snapshot();
      Map<String, Long> firstWritesBefore = commits.firstWrites();
      CpuSplit cpuSplit = new CpuSplit();
      long start = System.nanoTime();
      RateSeries series = new RateSeries(jdbc, sink, processedBefore, start);
      List<Long> acks = drive(port, MESSAGES, "run", "55119", series.accepted);
      long accepted = System.nanoTime();
      awaitProcessed(jdbc, Duration.ofMinutes(10));
      long done = System.nanoTime();
      awaitSettled(jdbc, Duration.ofMinutes(10));
      CpuSplit.Used cpuUsed = cpuSplit.since();
      series.close();
      Map<String, CommitCounter.Counts> commitsUsed = CommitCounter.since(commitsBefore, commits.snapshot());
      long newConversations = conversations(jdbc) - conversationsBefore;
      long cpu = cpuUsed.total();
      long replies = sink.arrivals.size();
      long lastReply = Math.max(done, sink.arrivals.stream().mapToLong(Long::longValue).max().orElse(done));

      Collections.sort(acks);
      System.out.printf("webhook ack latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          ms(acks.get(acks.size() / 2)), ms(acks.get((int) (acks.size() * 0.99))), ms(acks.get(acks.size() - 1)));
      System.out.printf("accepted: %.0f messages/s%n", MESSAGES / seconds(accepted - start));
      System.out.printf("inbound processed (recorded; journey moved or answer queued): %.0f messages/s (%d events)%n",
          (processed(jdbc) - processedBefore) / seconds(done - start), processed(jdbc) - processedBefore);
      System.out.printf("end to end (from the first webhook until the last reply left for the Graph API): %.0f messages/s;"
          + " %d replies, %.0f replies/s%n", MESSAGES / seconds(lastReply - start), replies, replies / seconds(lastReply - start));
      System.out.printf("cpu until every reply left: %.0f %% of %d cores, %.1f ms per message (senders included)%n",
          100.0 * cpu / (lastReply - start) / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
          ms(cpu) / MESSAGES);
      System.out.println("cpu per message by part: " + cpuUsed.parts().entrySet().stream()
          .map(e -> String.format("%s %.1f ms", e.getKey(), ms(e.getValue()) / MESSAGES)).collect(Collectors.joining(", ")));
      System.out.printf("new conversations: %d, %.0f/s until processed%n", newConversations, newConversations / seconds(done - start));
      CommitCounter.Counts all = commitsUsed.get("all");
      System.out.printf("commits per message (the service's own, counted at its connections): %.2f writing (each a flush on PostgreSQL; on H2 the checkpoints are),"
          + " %.2f read-only, %.2f rollbacks%n", all.writing() / (double) MESSAGES, all.readOnly() / (double) MESSAGES,
          all.rollbacks() / (double) MESSAGES);
      System.out.println("writing commits per message by part: " + commitsUsed.entrySet().stream()
          .filter(e -> !e.getKey().equals("all") && e.getValue().writing() > 0)
          .sorted((a, b) -> Long.compare(b.getValue().writing(), a.getValue().writing()))
          .map(e -> String.format("%s %.2f", e.getKey(), e.getValue().writing() / (double) MESSAGES)).collect(Collectors.joining(", ")));
      System.out.println("what the flushes were for (per message; part | the transaction's first writing statement):");
      commits.firstWrites().entrySet().stream().limit(14).forEach(e -> System.out.printf("  %5.2f  %s%n",
          (e.getValue() - firstWritesBefore.getOrDefault(e.getKey(), 0L)) / (double) MESSAGES, e.getKey()));
      if (POSTGRES) {
        System.out.printf("PostgreSQL server processes' cpu (this machine, every client's): %.1f ms per message%n",
            (postgresCpu() - postgresCpuBefore) / 1e6 / MESSAGES);
        DatabaseStats dbAfter = DatabaseStats.read();
        if (dbBefore != null && dbAfter != null) {
          dbAfter.since(dbBefore, MESSAGES);
        }
        TableWrites.print(tablesBefore, TableWrites.read(), MESSAGES);
      }
      series.print();
      System.out.printf("lost: %d (events not processed), failed: %d, duplicate sends: %d%n", pending(jdbc), failed(jdbc),
          sink.duplicateSends());
      if (SQL_STATS && !POSTGRES) {
        printSqlStatistics(jdbc);
      }
      bareEngine(app.getBean(ProcessEngine.class));
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("heap used after run: %d MB (max %d MB)%n%n", (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }
  }

  private static ConfigurableApplicationContext start(GraphSink sink, Path dir, CommitCounter commits) throws SQLException {
    List<String> args = new ArrayList<>(POSTGRES ? LocalPostgres.freshSchemaArguments(SCHEMA, "atende-bench") : List.of(
        "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/db;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256"));
    args.add("--server.port=0");
    args.addAll(ServiceProcess.againstGraph(sink.baseUrl(), SECRET, dir.resolve("media"), PHONE_NUMBER_ID, 1000));
    // command-line arguments, since they outrank application.yml
    return new SpringApplicationBuilder(AtendeApplication.class)
        .initializers(context -> context.getBeanFactory().addBeanPostProcessor(commits))
        .run(args.toArray(String[]::new));
  }

  /**
   * Warm-up rounds, each from customers of its own (so the measured customers start their journeys as fresh as
   * in any run), until the JIT compiler has gone quiet: a service that has run for a while has its code compiled,
   * and a run measured while the compiler still takes half of the CPU would say little about it.
   */
  private void warmUp(int port, JdbcClient jdbc) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    double jitShare = 1;
    int rounds = 0;
    while (rounds < WARMUP_ROUNDS && jitShare > JIT_QUIET) {
      long cpu = CpuSplit.processCpu();
      long compiling = jit.getTotalCompilationTime();
      drive(port, WARMUP, "warmup" + rounds, "5521" + rounds, new AtomicInteger());
      awaitProcessed(jdbc, Duration.ofMinutes(5));
      awaitSettled(jdbc, Duration.ofMinutes(5));
      jitShare = (jit.getTotalCompilationTime() - compiling) * 1e6 / Math.max(1, CpuSplit.processCpu() - cpu);
      rounds++;
    }
    System.out.printf("warm-up: %d round(s) of %d messages, customers of their own; JIT compiler %.0f %% of the CPU in the last%n",
        rounds, WARMUP, 100 * jitShare);
  }

  /**
   * Blocking HttpURLConnection with keep-alive: the lightest JDK client, so the load generator leaves the CPU
   * to the service. With a rate, message i is due at {@code i / rate} seconds and its latency counts from
   * then, so a service that falls behind shows it in the latency instead of slowing the senders down.
   */
  private List<Long> drive(int port, int count, String prefix, String customerPrefix, AtomicInteger acknowledged) throws Exception {
    return drive(List.of(port), count, prefix, customerPrefix, acknowledged);
  }

  /** As above, the senders taking the nodes' ports in turn (a simple round-robin, message by message). */
  static List<Long> drive(List<Integer> ports, int count, String prefix, String customerPrefix, AtomicInteger acknowledged) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (int port : ports) {
      urls.add(URI.create("http://localhost:" + port + "/webhooks/whatsapp").toURL());
    }
    ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY, new CustomizableThreadFactory("bench-sender-"));
    AtomicInteger next = new AtomicInteger();
    List<Future<List<Long>>> futures = new ArrayList<>();
    long epoch = Instant.now().getEpochSecond();
    long begin = System.nanoTime();
    for (int t = 0; t < CONCURRENCY; t++) {
      futures.add(senders.submit(() -> {
        List<Long> latencies = new ArrayList<>();
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          byte[] body = notification(prefix, customerPrefix, i, epoch).getBytes(StandardCharsets.UTF_8);
          String signature = WebhookSignature.sign(body, SECRET);
          long t0 = RATE > 0 ? begin + i * 1_000_000_000L / RATE : System.nanoTime();
          while (System.nanoTime() < t0) {
            LockSupport.parkNanos(t0 - System.nanoTime());
          }
          HttpURLConnection connection = (HttpURLConnection) urls.get(i % urls.size()).openConnection();
          connection.setRequestMethod("POST");
          connection.setDoOutput(true);
          connection.setRequestProperty("Content-Type", "application/json");
          connection.setRequestProperty(WebhookSignature.HEADER, signature);
          connection.setFixedLengthStreamingMode(body.length);
          try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
          }
          int status = connection.getResponseCode();
          try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
          }
          latencies.add(System.nanoTime() - t0);
          if (status != 200) {
            throw new IllegalStateException("webhook answered " + status);
          }
          acknowledged.incrementAndGet();
        }
        CpuSplit.countEndingBenchmarkThread();
        return latencies;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    senders.shutdown();
    return all;
  }

  static String notification(String prefix, String customerPrefix, int i, long epoch) {
    String waId = customerPrefix + String.format("%08d", i % CUSTOMERS);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{\
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},\
        "contacts":[{"profile":{"name":"Cliente %d"},"wa_id":"%s"}],\
        "messages":[{"from":"%s","id":"wamid.%s-%d","timestamp":"%d","type":"text","text":{"body":"oi"}}]}}]}]}"""
        .formatted(i % CUSTOMERS, waId, waId, prefix, i, epoch + i / CUSTOMERS);
  }

  private static void awaitProcessed(JdbcClient jdbc, Duration max) {
    await().atMost(max).pollInterval(Duration.ofMillis(20)).until(() -> pending(jdbc) == 0);
  }

  /** Waits until every journey has answered: no answer queued for a busy bot, no send job left. */
  private static void awaitSettled(JdbcClient jdbc, Duration max) {
    await().atMost(max).pollInterval(Duration.ofMillis(20)).until(() ->
        jdbc.sql("select count(*) from answer_queue").query(Long.class).single() == 0
            && jdbc.sql("select count(*) from act_ru_job where type_ = 'message'").query(Long.class).single() == 0);
  }

  /**
   * The engine alone, on the same model and database: each customer's journey is started at the menu
   * question and answered once (start + correlation, the work one customer message costs the engine). The
   * job executor is stopped first, so the sends that follow are not run (they would find no conversation).
   */
  private void bareEngine(ProcessEngine engine) throws Exception {
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor().shutdown();
    RuntimeService runtime = engine.getRuntimeService();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < CONCURRENCY; t++) {
      futures.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < BARE_INSTANCES; i = next.getAndIncrement()) {
          // the journey's menu question is the reusable ask-and-wait it calls: started at its wait
          ProcessInstance journey = runtime.createProcessInstanceByKey(ConversationProcess.AskAndWait.KEY).businessKey("bare-" + i)
              .setVariables(Variables.createVariables().putValue(ConversationProcess.Variables.CONVERSATION_ID, -1L - i)
                  .putValue(ConversationProcess.Variables.PHONE_NUMBER_ID, PHONE_NUMBER_ID)
                  .putValue(ConversationProcess.Variables.CUSTOMER_NAME, "Cliente")
                  .putValue("reminderAfter", "PT5M").putValue("giveUpAfter", "PT15M"))
              .startBeforeActivity(ConversationProcess.AskAndWait.WAIT_FOR_ANSWER)
              .execute();
          runtime.createMessageCorrelation(ConversationProcess.Messages.CUSTOMER_MESSAGE).processInstanceId(journey.getId())
              .setVariable(ConversationProcess.Variables.ANSWER, Variables.stringValue("1", true))
              .setVariable(ConversationProcess.Variables.CUSTOMER_MESSAGE_ID, 0L)
              .correlateWithResult();
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    System.out.printf("bare engine (no HTTP, no Camel): %.0f questions started at their wait and answered/s%n",
        BARE_INSTANCES / seconds(System.nanoTime() - start));
  }

  private static void printSqlStatistics(JdbcClient jdbc) {
    System.out.printf("%nstatements by database time (ms in all, executions, per message, statement):%n");
    jdbc.sql("select cumulative_execution_time, execution_count, sql_statement from information_schema.query_statistics"
            + " order by cumulative_execution_time desc fetch first 30 rows only")
        .query((rs, n) -> String.format("%8.0f %7d %6.2f  %s", rs.getDouble(1), rs.getLong(2), rs.getLong(2) / (double) MESSAGES,
            abbreviate(rs.getString(3))))
        .list().forEach(System.out::println);
    jdbc.sql("select count(*), sum(execution_count), sum(cumulative_execution_time) from information_schema.query_statistics")
        .query((rs, n) -> String.format("%d distinct statements, %d executions (%.1f per message), %.0f ms in all%n",
            rs.getLong(1), rs.getLong(2), rs.getLong(2) / (double) MESSAGES, rs.getDouble(3)))
        .list().forEach(System.out::print);
    jdbc.sql("set query_statistics false").update();
  }

  private static String abbreviate(String sql) {
    String line = sql.replaceAll("\\s+", " ");
    return line.length() <= 160 ? line : line.substring(0, 160) + "…";
  }

  private static long processed(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from inbound_event where status = 'DONE'").query(Long.class).single();
  }

  private static long pending(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from inbound_event where status = 'PENDING'").query(Long.class).single();
  }

  /** Posts one notification of a customer of its own until the webhook answers 200; when it did (nanoTime). */
  private static long firstAck(int port) throws Exception {
    AtomicInteger acknowledged = new AtomicInteger();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
      drive(List.of(port), 1, "ready", "5598", acknowledged);
      return acknowledged.get() == 1;
    });
    return System.nanoTime();
  }

  /** CPU nanoseconds of every PostgreSQL server process on this machine so far (Linux /proc; 0 elsewhere). */
  static long postgresCpu() {
    long ticks = 0;
    java.io.File[] processes = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
    for (java.io.File process : processes == null ? new java.io.File[0] : processes) {
      try {
        String stat = Files.readString(process.toPath().resolve("stat"));
        if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith("postgres")) {
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
      } catch (java.io.IOException | RuntimeException e) {
        // the process ended while it was read
      }
    }
    return ticks * 10_000_000L;
  }

  private static long conversations(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from conversation").query(Long.class).single();
  }

  /**
   * Accepted, processed and replied messages second by second while a run lasts, from a sampler thread: whether the
   * backlog is served at a steady rate from the first second, or the lanes wait while the webhook takes the CPU.
   */
  static final class RateSeries implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("bench-sampler-"));

    RateSeries(JdbcClient jdbc, GraphSink sink, long processedBefore, long start) {
      samples.add(new long[] {0, 0, 0, 0});
      sampler.scheduleAtFixedRate(() -> samples.add(new long[] {System.nanoTime() - start, accepted.get(),
          processed(jdbc) - processedBefore, sink.arrivals.size()}), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      sampler.shutdown();
      sampler.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    void print() {
      StringBuilder out = new StringBuilder("rate over time (per second: accepted / processed / replies):");
      for (int i = 1; i < samples.size(); i++) {
        long[] a = samples.get(i - 1);
        long[] b = samples.get(i);
        double s = seconds(b[0] - a[0]);
        out.append(String.format("%s%ds %.0f/%.0f/%.0f", i % 10 == 1 ? "\n  " : "  ", i, (b[1] - a[1]) / s, (b[2] - a[2]) / s,
            (b[3] - a[3]) / s));
      }
      System.out.println(out);
    }
  }

  /**
   * PostgreSQL's own counters, read on a connection of their own: transactions committed and rolled back in the
   * database, WAL records, writes and flushes ({@code fsync}s) in the whole server. Other clients of the server count
   * too: the run says how many were connected.
   */
  record DatabaseStats(long commits, long rollbacks, long walRecords, long walWrites, long walSyncs, long otherClients) {

    /** The counters now; null (said so) when the server takes no further client. */
    static DatabaseStats read() {
      // a backend reports its counters when it goes idle, at most every 10 s: wait for the last ones
      await().pollDelay(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(12)).until(() -> true);
      try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
          Statement statement = connection.createStatement();
          java.sql.ResultSet rs = statement.executeQuery("""
              select d.xact_commit, d.xact_rollback, w.wal_records, w.wal_write, w.wal_sync,
                     (select count(*) from pg_stat_activity a where a.backend_type = 'client backend' and a.pid <> pg_backend_pid()
                        and a.application_name <> 'atende-bench')
              from pg_stat_database d, pg_stat_wal w where d.datname = current_database()""")) {
        rs.next();
        return new DatabaseStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
      } catch (SQLException e) {
        System.out.println("PostgreSQL's counters not read: " + e.getMessage());
        return null;
      }
    }

    void since(DatabaseStats before, int messages) {
      System.out.printf("PostgreSQL per message: %.2f commits (xact_commit, read-only ones too), %.2f rollbacks, %.1f WAL records,"
              + " %.2f WAL writes, %.2f WAL flushes (wal_sync); other clients connected: %d before, %d after%n",
          (commits - before.commits) / (double) messages, (rollbacks - before.rollbacks) / (double) messages,
          (walRecords - before.walRecords) / (double) messages, (walWrites - before.walWrites) / (double) messages,
          (walSyncs - before.walSyncs) / (double) messages, before.otherClients, otherClients);
    }
  }

  /**
   * Where PostgreSQL's work went, table by table (its statistics views; the server has no statement statistics
   * loaded): rows inserted, updated and deleted and index scans per message, with the table's index count (each row
   * written is written once more per index). Read after {@link DatabaseStats#read()} has waited for the counters.
   */
  static final class TableWrites {

    /** Per table of the benchmark's schema: inserted, updated, deleted, index scans, sequential scans, indexes. */
    static Map<String, long[]> read() {
      Map<String, long[]> tables = new java.util.TreeMap<>();
      try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
          java.sql.PreparedStatement statement = connection.prepareStatement("""
              select t.relname, t.n_tup_ins, t.n_tup_upd, t.n_tup_del, coalesce(t.idx_scan, 0), t.seq_scan,
                     (select count(*) from pg_indexes i where i.schemaname = t.schemaname and i.tablename = t.relname)
              from pg_stat_user_tables t where t.schemaname = ?""")) {
        statement.setString(1, SCHEMA);
        try (java.sql.ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            tables.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)});
          }
        }
      } catch (SQLException e) {
        System.out.println("PostgreSQL's table statistics not read: " + e.getMessage());
      }
      return tables;
    }

    static void print(Map<String, long[]> before, Map<String, long[]> after, int messages) {
      double[] all = new double[2];
      List<String> lines = new ArrayList<>();
      after.entrySet().stream()
          .map(e -> {
            long[] b = before.getOrDefault(e.getKey(), new long[6]);
            long[] a = e.getValue();
            double[] d = new double[5];
            for (int i = 0; i < 5; i++) {
              d[i] = (a[i] - b[i]) / (double) messages;
            }
            return Map.entry(e.getKey() + "|" + a[5], d);
          })
          .filter(e -> e.getValue()[0] + e.getValue()[1] + e.getValue()[2] + e.getValue()[3] > 0.05)
          .sorted((x, y) -> Double.compare(y.getValue()[0] + y.getValue()[1] + y.getValue()[2], x.getValue()[0] + x.getValue()[1] + x.getValue()[2]))
          .forEach(e -> {
            double[] d = e.getValue();
            String[] name = e.getKey().split("\\|");
            all[0] += d[0] + d[1] + d[2];
            all[1] += (d[0] + d[1] + d[2]) * (1 + Long.parseLong(name[1]));
            lines.add(String.format("  %-28s %5.2f ins %5.2f upd %5.2f del %6.2f index scans %5.2f seq scans  (%s indexes)",
                name[0], d[0], d[1], d[2], d[3], d[4], name[1]));
          });
      System.out.printf("PostgreSQL rows written per message: %.1f (up to %.1f with their indexes), by table:%n", all[0], all[1]);
      lines.stream().limit(16).forEach(System.out::println);
    }
  }

  private static long failed(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from inbound_event where status = 'FAILED'").query(Long.class).single();
  }


  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
