package io.atende.benchmark;

import static org.awaitility.Awaitility.await;

import io.atende.crash.ServiceProcess;
import io.atende.platform.BackgroundThreads;
import io.atende.platform.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * N nodes of the service on one PostgreSQL: for each node count of {@code bench.nodes} (1,2,3), a fresh schema,
 * the nodes started as processes of their own (the service's main class on the project's class path, with the
 * JVM options of README "Performance"), the benchmark's senders taking the nodes in turn (round-robin, message by
 * message), and then throughput, CPU, per-customer order and duplicates. Each node is told how many they are
 * ({@code atende.cluster.nodes}) and sizes its pool from its share of the server's connections. The first node of each count also gives
 * start to ready on a fresh database: from starting its process until the webhook's first 200.
 *
 * <pre>mvn -B -Pbenchmark verify -Dtest=NodesBenchmark [-Dbench.nodes=1,2,3 -Dbench.messages=3000 ...]</pre>
 */
@Tag("benchmark")
class NodesBenchmark {

  private static final List<Integer> NODES = Arrays.stream(System.getProperty("bench.nodes", "1,2,3").split(","))
      .map(String::trim).map(Integer::valueOf).toList();
  private static final int MESSAGES = Integer.getInteger("bench.messages", 3000);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 2000);
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup-rounds", 3);
  private static final int GRAPH_LATENCY = Integer.getInteger("bench.graph-latency", 0);
  private static final String HEAP = System.getProperty("bench.node-heap", "-Xmx768m");
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SCHEMA = ChannelBenchmark.SCHEMA;

  @Test
  void measure() throws Exception {
    Path dir = Path.of("target/benchmark-nodes");
    FileSystemUtils.deleteRecursively(dir);
    Files.createDirectories(dir);
    List<String> results = new ArrayList<>();
    try (GraphSink sink = new GraphSink(Duration.ofMillis(GRAPH_LATENCY))) {
      for (int n : NODES) {
        results.add(run(n, sink, dir));
        System.out.println(results.get(results.size() - 1));
      }
    }
    System.out.printf("%nNodes on one PostgreSQL (%d messages, %s):%n", MESSAGES, customersLabel());
    results.forEach(System.out::println);
    System.out.println();
  }

  private static String customersLabel() {
    return Boolean.getBoolean("bench.new-customers") ? "every message a new customer"
        : Integer.getInteger("bench.customers", 500) + " customers";
  }

  private String run(int nodes, GraphSink sink, Path dir) throws Exception {
    List<ServiceProcess> services = new ArrayList<>();
    try {
      List<String> args = arguments(sink, dir);
      List<String> jvm = new ArrayList<>(List.of(HEAP));
      jvm.addAll(List.of(BackgroundThreads.JVM_OPTIONS.split(" ")));
      long starting = System.nanoTime();
      services.add(ServiceProcess.start(jvm, withNodeId(args, 1, nodes), dir.resolve("node-" + nodes + "-1.log"), Duration.ofMinutes(5)));
      AtomicInteger ready = new AtomicInteger();
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
        ChannelBenchmark.drive(List.of(services.get(0).port()), 1, "ready", "5597", ready);
        return ready.get() == 1;
      });
      double startToReady = (System.nanoTime() - starting) / 1e9;
      for (int i = 2; i <= nodes; i++) {
        services.add(ServiceProcess.start(jvm, withNodeId(args, i, nodes), dir.resolve("node-" + nodes + "-" + i + ".log"), Duration.ofMinutes(5)));
      }
      List<Integer> ports = services.stream().map(ServiceProcess::port).toList();
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        ChannelBenchmark.drive(ports, WARMUP, "warm" + nodes + "-" + round, "552" + nodes + round, new AtomicInteger());
        awaitSettled();
      }
      sink.arrivals.clear();
      sink.sendKeys.clear();
      long eventsBefore = count("select count(*) from inbound_event where status = 'DONE'");
      long cpuBefore = services.stream().mapToLong(s -> s.cpu().toNanos()).sum();
      long start = System.nanoTime();
      List<Long> acks = ChannelBenchmark.drive(ports, MESSAGES, "nodes" + nodes, "5511" + nodes, new AtomicInteger());
      long accepted = System.nanoTime();
      await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(50))
          .until(() -> count("select count(*) from inbound_event where status = 'PENDING'") == 0);
      long done = System.nanoTime();
      awaitSettled();
      long cpu = services.stream().mapToLong(s -> s.cpu().toNanos()).sum() - cpuBefore;
      long lastReply = Math.max(done, sink.arrivals.stream().mapToLong(Long::longValue).max().orElse(done));
      long processed = count("select count(*) from inbound_event where status = 'DONE'") - eventsBefore;
      Collections.sort(acks);
      return String.format("%d node(s): start to ready %.1f s (fresh database, first node); ack p50 %.1f / p99 %.1f ms;"
              + " accepted %.0f/s; processed %.0f/s (%d events); end to end %.0f messages/s, %d replies (%.0f/s);"
              + " cpu %.1f ms per message (nodes); failed %d; customers out of order %d; duplicate sends %d; load %s",
          nodes, startToReady, acks.get(acks.size() / 2) / 1e6, acks.get((int) (acks.size() * 0.99)) / 1e6,
          MESSAGES / ((accepted - start) / 1e9), processed / ((done - start) / 1e9), processed,
          MESSAGES / ((lastReply - start) / 1e9), sink.arrivals.size(), sink.arrivals.size() / ((lastReply - start) / 1e9),
          cpu / 1e6 / MESSAGES, count("select count(*) from inbound_event where status = 'FAILED'"), outOfOrder(),
          sink.duplicateSends(), loadAverage());
    } finally {
      for (ServiceProcess service : services) {
        service.close();
      }
    }
  }

  /** Each node of a cluster has a name of its own (atende.node-id: the job locks it takes back at start). */
  private static List<String> withNodeId(List<String> args, int node, int nodes) {
    List<String> named = new ArrayList<>(args);
    named.add("--atende.node-id=bench-node-" + node);
    // the nodes share the server's connections: each sizes its pool and job threads from its share (SendPoolSizing)
    named.add("--atende.cluster.nodes=" + nodes);
    named.add("--spring.datasource.hikari.minimum-idle=2");
    return named;
  }

  /** Customers whose messages were recorded in another order than the webhooks stored them. */
  private static long outOfOrder() throws SQLException {
    return count("""
        select count(distinct customer_id) from (
          select m.customer_id, e.id as event_id, lag(e.id) over (partition by m.customer_id order by m.id) as previous
          from chat_message m join inbound_event e on e.dedupe_key = 'msg:' || m.wa_message_id
          where m.direction = 'IN') recorded
        where previous > event_id""");
  }

  private static void awaitSettled() {
    await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100)).until(() ->
        count("select count(*) from inbound_event where status = 'PENDING'") == 0
            && count("select count(*) from answer_queue") == 0
            && count("select count(*) from act_ru_job where type_ = 'message'") == 0);
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL + "?currentSchema=" + SCHEMA, "postgres", "");
        Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> arguments(GraphSink sink, Path dir) throws SQLException {
    List<String> args = new ArrayList<>(LocalPostgres.freshSchemaArguments(SCHEMA, "atende-bench"));
    args.addAll(ServiceProcess.againstGraph(sink.baseUrl(), "bench-secret", dir.resolve("media"), "106540352242922", 1000));
    // extra arguments for every node, e.g. -Dbench.node-args="--camunda.bpm.job-execution.core-pool-size=8"
    args.addAll(ServiceProcess.extraArgs("bench.node-args"));
    return args;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " (" + Instant.now() + ")";
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
