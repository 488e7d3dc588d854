package io.atende.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import io.atende.platform.LocalPostgres;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The service's central promise under a crash: a notification answered 200 is never lost. N new customers write
 * over HTTP; once a share of them is acknowledged, the service is killed with SIGKILL (webhooks arriving, replies
 * leaving), restarted on the same database, and Meta's redelivery is played: first only the notifications that
 * never got a 200 (after which every customer must be answered), then every notification again (which must change
 * nothing). It prints acknowledged, answered, lost, processed twice and duplicate sends, and fails on a lost
 * customer, a customer processed twice, or a redelivery not answered 200 (e.g. an id handed out twice).
 *
 * <p>Runs in the normal suite with a small load on the embedded H2 database; larger runs and PostgreSQL as README
 * ("Crash test") says: {@code -Dcrash.customers=20000 -Dcrash.db=postgres}.
 */
class CrashRecoveryTest {

  private static final int CUSTOMERS = Integer.getInteger("crash.customers", 600);
  private static final int CONCURRENCY = Integer.getInteger("crash.concurrency", 8);
  /** Share of the customers acknowledged when the service is killed. */
  private static final double KILL_AT = Double.parseDouble(System.getProperty("crash.kill-at", "0.5"));
  private static final boolean POSTGRES = "postgres".equals(System.getProperty("crash.db", "h2"));
  /** PostgreSQL: the schema the test drops and makes anew; concurrent runs on one server need one each ({@code -Dcrash.schema}). */
  private static final String SCHEMA = System.getProperty("crash.schema", "atende_crash");
  private static final String SECRET = "crash-test-app-secret";
  /** Whether the Graph stand-in posts each accepted message's {@code sent} status, as Meta does ({@code -Dcrash.statuses=false}: none). */
  private static final boolean STATUSES = Boolean.parseBoolean(System.getProperty("crash.statuses", "true"));
  private static final String PHONE_NUMBER_ID = "106540352242922";
  /** A restart on a machine shared with other builds can take minutes: {@code -Dcrash.start-minutes}. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(Long.getLong("crash.start-minutes", 3));

  private final Path dir = Path.of("target/crash");
  private final AtomicIntegerArray status = new AtomicIntegerArray(CUSTOMERS);

  @Test
  void noAcknowledgedNotificationIsLostWhenTheServiceIsKilledMidLoad() throws Exception {
    FileSystemUtils.deleteRecursively(dir);
    Files.createDirectories(dir);
    try (RecordingGraph graph = new RecordingGraph()) {
      List<String> args = arguments(graph);

      ServiceProcess first = ServiceProcess.start(args, dir.resolve("service-1.log"), START_TIMEOUT);
      if (STATUSES) {
        graph.sendStatusesTo(first, SECRET, PHONE_NUMBER_ID);
      }
      int acknowledged;
      try {
        acknowledged = sendAllThenKill(first, (int) Math.ceil(CUSTOMERS * KILL_AT));
      } finally {
        first.kill();
      }
      long sentBeforeCrash = graph.totalSent();
      int acknowledgedNotStored = acknowledgedButNotStored();

      int refusedAfterRestart;
      int lost;
      try (ServiceProcess second = ServiceProcess.start(args, dir.resolve("service-2.log"), START_TIMEOUT)) {
        if (STATUSES) {
          // the statuses of sends the crash interrupted reach the restarted service, as Meta's retries do
          graph.sendStatusesTo(second, SECRET, PHONE_NUMBER_ID);
        }
        // Meta redelivers what never got a 200; then every customer must be answered
        refusedAfterRestart = redeliver(second, i -> status.get(i) != 200);
        awaitAllAnsweredOrQuiet(graph);
        lost = unanswered(graph);
        if (lost > 0) {
          // a stall leaves its evidence: where the service's threads wait, and (after it stops) its jobs' state
          second.threadDump(dir.resolve("threads-after-restart.txt"));
        }
        // and a redelivery of everything changes nothing
        refusedAfterRestart += redeliver(second, i -> true);
        awaitQuiet(graph);
      }

      int duplicates = 0;
      int duplicatedCustomers = 0;
      for (int i = 0; i < CUSTOMERS; i++) {
        List<String> sent = graph.sentTo(customer(i));
        int extra = sent.size() - new HashSet<>(sent).size();
        duplicates += extra;
        duplicatedCustomers += extra > 0 ? 1 : 0;
        if (extra > 0 && duplicatedCustomers <= 5) {
          System.out.printf("sent twice to %s: %s%n", customer(i), sent);
        }
      }
      int processedTwice = customersWithMoreThanOneJourney();
      if (lost > 0) {
        describeUnfinishedWork();
      }

      System.out.printf("%nCrash test (%s, %s): %d customers, killed after %d acknowledged (%d sends had left)%n",
          POSTGRES ? "PostgreSQL" : "H2 file", STATUSES ? "Meta's sent statuses posted" : "no status webhooks",
          CUSTOMERS, acknowledged, sentBeforeCrash);
      System.out.printf("acknowledged before the crash: %d, of which not in the database after it: %d; answered: %d; lost: %d;"
              + " processed twice: %d; duplicate sends: %d (to %d customers); redeliveries not answered 200: %d%n%n",
          acknowledged, acknowledgedNotStored, CUSTOMERS - lost, lost, processedTwice, duplicates, duplicatedCustomers,
          refusedAfterRestart);

      if (!POSTGRES) {
        // the killed service's H2 file is rebuilt from its rows before the restarted one opens it (platform.H2CrashRepair)
        assertThat(Files.readString(dir.resolve("service-2.log"))).as("the restart rebuilt the H2 file (see target/crash/service-2.log)")
            .containsPattern("H2: database .* rebuilt in \\d+ ms");
      }
      assertThat(acknowledgedNotStored).as("notifications answered 200 but not in the database after the crash").isZero();
      assertThat(refusedAfterRestart).as("redeliveries after the restart not answered 200 (see target/crash/service-2.log)").isZero();
      assertThat(lost).as("customers never answered although their notification was stored").isZero();
      assertThat(processedTwice).as("customers whose message started more than one journey").isZero();
    }
  }

  private List<String> arguments(RecordingGraph graph) throws SQLException {
    List<String> args = new ArrayList<>(POSTGRES ? LocalPostgres.freshSchemaArguments(SCHEMA, null) : List.of(
        "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/db;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256"));
    args.addAll(ServiceProcess.againstGraph(graph.baseUrl(), SECRET, dir.resolve("media"), PHONE_NUMBER_ID, 1000));
    args.addAll(List.of("--atende.whatsapp.inbound-sweep-delay=1s", "--atende.processes.watch-interval=0"));
    args.addAll(ServiceProcess.extraArgs("crash.args"));
    return args;
  }

  /** Every customer writes once; when {@code killAfter} are acknowledged the service is killed. */
  private int sendAllThenKill(ServiceProcess service, int killAfter) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger acknowledged = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < CONCURRENCY; t++) {
      done.add(senders.submit(() -> {
        for (int i = next.getAndIncrement(); i < CUSTOMERS; i = next.getAndIncrement()) {
          int code = post(service, i);
          status.set(i, code);
          if (code == 200 && acknowledged.incrementAndGet() == killAfter) {
            service.kill();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(10, TimeUnit.MINUTES);
    }
    senders.shutdown();
    int acked = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
      acked += status.get(i) == 200 ? 1 : 0;
    }
    return acked;
  }

  /** Posts the chosen notifications again, as Meta's redelivery does; returns how many were not answered 200. */
  private int redeliver(ServiceProcess service, IntPredicate which) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < CONCURRENCY; t++) {
      done.add(senders.submit(() -> {
        for (int i = next.getAndIncrement(); i < CUSTOMERS; i = next.getAndIncrement()) {
          if (which.test(i)) {
            int code = post(service, i);
            if (code != 200) {
              refused.incrementAndGet();
              // Meta tries again; so do we, once, so that the customer is not lost to the test itself
              status.set(i, post(service, i));
            } else {
              status.set(i, 200);
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(10, TimeUnit.MINUTES);
    }
    senders.shutdown();
    return refused.get();
  }

  /** The HTTP status of one customer's notification, or -1 when no answer came (connection refused or reset). */
  private int post(ServiceProcess service, int i) {
    return service.postWebhook(notification(i), SECRET);
  }

  private static String customer(int i) {
    return "55119" + String.format("%08d", i);
  }

  private static String notification(int i) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
        "contacts":[{"profile":{"name":"Cliente %d"},"wa_id":"%s"}],
        "messages":[{"from":"%s","id":"wamid.CRASHTEST%d","timestamp":"%d","type":"text","text":{"body":"oi"}}]}}]}]}"""
        .formatted(PHONE_NUMBER_ID, i, customer(i), customer(i), i, Instant.now().getEpochSecond());
  }

  /** Customers to whom nothing was sent. */
  private static int unanswered(RecordingGraph graph) {
    int unanswered = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
      unanswered += graph.sentTo(customer(i)).isEmpty() ? 1 : 0;
    }
    return unanswered;
  }

  /** Waits until every customer was answered, or until no send has left for a few seconds although some were not. */
  private static void awaitAllAnsweredOrQuiet(RecordingGraph graph) throws InterruptedException {
    long last = -1;
    int quiet = 0;
    // 35 s without a send: a reply recorded but not yet sent when the process died cannot be told from one whose answer
    // was lost, so it waits for Meta's status (unconfirmed-send-wait, 15 s from the restart) and goes at the next retry
    // of its job (10 s later): meanwhile nothing may leave at all
    while (unanswered(graph) > 0 && quiet < 70) {
      long now = graph.totalSent();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /** Waits until no send has left for a few seconds: what the service still had to do is done. */
  private static void awaitQuiet(RecordingGraph graph) throws InterruptedException {
    long last = -1;
    int quiet = 0;
    while (quiet < 12) {
      long now = graph.totalSent();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /**
   * Acknowledged messages missing from the database as the crash left it: read from a copy of the H2 file (so that the
   * restart still recovers the file itself), or from PostgreSQL.
   */
  private int acknowledgedButNotStored() throws IOException, SQLException {
    Path copy = dir.resolve("after-kill");
    if (!POSTGRES) {
      Files.createDirectories(copy);
      Files.copy(dir.resolve("db.mv.db"), copy.resolve("db.mv.db"));
    }
    Set<String> stored = new HashSet<>();
    try (Connection connection = database(copy);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select dedupe_key from inbound_event where kind = 'MESSAGE'")) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    }
    int missing = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
      if (status.get(i) == 200 && !stored.contains("msg:wamid.CRASHTEST" + i)) {
        missing++;
      }
    }
    return missing;
  }

  /**
   * After a run that left customers unanswered: the jobs still in the database (by activity, whether locked, retries
   * left, with an exception) and the send limiter's row, into {@code target/crash/unfinished-work.txt} and the output.
   */
  private void describeUnfinishedWork() throws SQLException, IOException {
    StringBuilder out = new StringBuilder("Unfinished work after the restart (jobs by activity, locked, retries, failed):\n");
    try (Connection connection = database(dir);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("""
          select coalesce(d.act_id_, j.handler_type_) what, j.lock_owner_ is not null locked, j.retries_,
                 j.exception_msg_ is not null failed, count(*) jobs, min(j.duedate_) first_due, max(j.lock_exp_time_) lock_until
          from act_ru_job j left join act_ru_jobdef d on d.id_ = j.job_def_id_
          group by coalesce(d.act_id_, j.handler_type_), j.lock_owner_ is not null, j.retries_, j.exception_msg_ is not null
          order by 5 desc""")) {
        while (rs.next()) {
          out.append("  %s locked=%s retries=%d failed=%s: %d jobs, first due %s, lock until %s%n".formatted(rs.getString(1),
              rs.getBoolean(2), rs.getInt(3), rs.getBoolean(4), rs.getInt(5), rs.getTimestamp(6), rs.getTimestamp(7)));
        }
      }
      try (ResultSet rs = statement.executeQuery("select exception_msg_, count(*) from act_ru_job where exception_msg_ is not null"
          + " group by exception_msg_ order by 2 desc")) {
        while (rs.next()) {
          out.append("  exception (%d jobs): %s%n".formatted(rs.getInt(2), rs.getString(1)));
        }
      }
      try (ResultSet rs = statement.executeQuery("select phone_number_id, next_slot, bulk_next_slot from send_rate")) {
        while (rs.next()) {
          out.append("  send_rate %s: next slot %s, batches' next slot %s%n".formatted(rs.getString(1),
              Instant.ofEpochMilli(rs.getLong(2) / 1000), Instant.ofEpochMilli(rs.getLong(3) / 1000)));
        }
      }
    }
    Files.writeString(dir.resolve("unfinished-work.txt"), out);
    System.out.print(out);
  }

  /** The test's PostgreSQL schema, or the H2 file {@code db} in {@code h2Directory}. */
  private static Connection database(Path h2Directory) throws SQLException {
    return POSTGRES ? DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA, "postgres", "")
        : DriverManager.getConnection("jdbc:h2:file:" + h2Directory.toAbsolutePath() + "/db", "sa", "");
  }

  /** Reads the database after the service stopped: customers with more than one conversation or journey. */
  private int customersWithMoreThanOneJourney() throws SQLException {
    try (Connection connection = database(dir);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("""
            select count(*) from (select customer_id from conversation group by customer_id having count(*) > 1) twice""")) {
      rs.next();
      int conversations = rs.getInt(1);
      try (ResultSet journeys = statement.executeQuery("""
          select count(*) from (select business_key_ from act_hi_procinst where proc_def_key_ = 'conversation'
                                group by business_key_ having count(*) > 1) twice""")) {
        journeys.next();
        return Math.max(conversations, journeys.getInt(1));
      }
    }
  }
}
