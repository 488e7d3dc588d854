package io.atende.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 database rebuilt at the first start after the service was killed (kill -9, the out-of-memory killer,
 * a power cut). H2 2.3 writes each table and each index to the file as a map of its own, each as it is at its own
 * moment (upstream issue h2database#2080): a kill while H2 writes, with transactions committing meanwhile, can leave a
 * committed row in its table but not in one of the table's indexes, or an index entry whose row the table lacks. Seen
 * here: 64 kills of a program committing from six threads with a checkpoint every few milliseconds left an index entry
 * without its row once and a committed row missing from an index once; and, likely from it, a crash test whose
 * restarted service sent nothing after its first seconds, 310 jobs never picked up (a broken index of due jobs makes
 * every job acquisition fail). H2 cannot rebuild an
 * index in place, so the database is written out as SQL ({@code SCRIPT}, which reads every table through its rows)
 * and read into a new file ({@code RUNSCRIPT}) that replaces the old one before anything else opens it; the old file is
 * kept beside it as {@code <name>.mv.db.before-repair} (the last one only). The service knows it was killed by the file
 * {@code <name>.in-use}, written at start and removed once the data source has closed the database.
 *
 * <p>The data source depends on this bean ({@link H2CrashRepairFirst}): it runs before the database is opened and is
 * closed after it. Several application contexts of one JVM on one database file (tests) share the mark. PostgreSQL,
 * an in-memory or a server H2 are left alone, and so is everything with {@code atende.h2.repair-after-crash=false}.
 */
@Component(H2CrashRepair.BEAN)
class H2CrashRepair implements InitializingBean, DisposableBean {

  static final String BEAN = "h2CrashRepair";

  private static final Logger log = LoggerFactory.getLogger(H2CrashRepair.class);
  /** Application contexts of this JVM using each database file (the mark is removed when the last one closes). */
  private static final Map<Path, Integer> USERS = new HashMap<>();

  private final Optional<Path> database;
  private final String options;
  private final String user;
  private final String password;

  H2CrashRepair(@Value("${spring.datasource.url:}") String url, @Value("${spring.datasource.username:sa}") String user,
      @Value("${spring.datasource.password:}") String password, @Value("${atende.h2.repair-after-crash:true}") boolean enabled) {
    this.database = enabled ? databaseFile(url) : Optional.empty();
    int semicolon = url.indexOf(';');
    this.options = semicolon < 0 ? "" : url.substring(semicolon);
    this.user = user;
    this.password = password;
  }

  /** The database's path without {@code .mv.db}, for an embedded H2 database in a file. */
  static Optional<Path> databaseFile(String url) {
    if (url == null || !url.startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    int semicolon = rest.indexOf(';');
    String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    } else if (!(path.startsWith("/") || path.startsWith(".") || path.startsWith("~"))) {
      return Optional.empty(); // mem:, tcp:, ssl:, zip: and the like
    }
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return Optional.of(Path.of(path).toAbsolutePath().normalize());
  }

  @Override
  public void afterPropertiesSet() throws SQLException, IOException {
    if (database.isEmpty()) {
      return;
    }
    Path db = database.get();
    synchronized (USERS) {
      Integer users = USERS.get(db);
      if (users != null) {
        USERS.put(db, users + 1); // open in this JVM already: the mark is that context's
        return;
      }
      Path mark = sibling(db, ".in-use");
      if (Files.exists(mark) && Files.exists(sibling(db, ".mv.db"))) {
        try {
          repair(db);
        } catch (SQLException | IOException | RuntimeException e) {
          // the service still starts, on the file as the stop left it (as it did before there was a repair)
          log.error("H2: the database {} could not be rebuilt after the stop without closing it ({}); starting on it as it"
              + " is. An index of it may miss rows or name rows it lacks", sibling(db, ".mv.db"), e.toString());
          deleteLeftovers(db);
        }
      }
      Files.createDirectories(mark.getParent());
      Files.writeString(mark, "Atende (process " + ProcessHandle.current().pid() + ") has had this database open since "
          + Instant.now() + "; if it is not running, it was killed and rebuilds the database at its next start\n");
      USERS.put(db, 1);
    }
  }

  @Override
  public void destroy() throws IOException {
    if (database.isEmpty()) {
      return;
    }
    synchronized (USERS) {
      if (USERS.merge(database.get(), -1, Integer::sum) <= 0) {
        USERS.remove(database.get());
        Files.deleteIfExists(sibling(database.get(), ".in-use"));
      }
    }
  }

  /** Writes the database out as SQL and reads it into a new file, which takes the old one's place. */
  void repair(Path db) throws SQLException, IOException {
    long started = System.nanoTime();
    Path file = sibling(db, ".mv.db");
    Path script = sibling(db, "-repair.sql");
    Path rebuilt = sibling(db, "-repair");
    Path rebuiltFile = sibling(rebuilt, ".mv.db");
    log.warn("H2: the service was stopped without closing the database {} (killed?): rebuilding it from its rows, as"
        + " a kill can leave an index of H2 without rows its table has (h2database#2080)", file);
    deleteLeftovers(db);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + db + options, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("SCRIPT TO '" + quoted(script) + "'");
      statement.execute("SHUTDOWN");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + rebuilt + options, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("RUNSCRIPT FROM '" + quoted(script) + "'");
      try {
        int requeued = requeueMessagesWhoseConversationWasLost(connection);
        if (requeued > 0) {
          log.warn("H2: {} customer message(s) recorded by a transaction the kill kept only in part (their conversation"
              + " lost) are removed and their notifications processed again", requeued);
        }
      } catch (SQLException e) {
        // the rebuilt indexes still matter more: the database goes on rebuilt, these messages as the kill left them
        log.error("H2: messages whose conversation the kill lost could not be mended ({}); the rebuild goes on without it",
            e.toString());
      }
      statement.execute("SHUTDOWN");
    }
    // the old file is copied aside, then the new one renamed over it in one step: a kill at any point leaves the mark
    // and a whole database in place (the old or the new), and the next start rebuilds again from it
    Files.copy(file, sibling(db, ".mv.db.before-repair"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(rebuiltFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    deleteLeftovers(db);
    log.warn("H2: database {} rebuilt in {} ms; the file as the stop left it is {}", file,
        Duration.ofNanos(System.nanoTime() - started).toMillis(), sibling(db, ".mv.db.before-repair"));
  }

  /**
   * A kill can also keep part of a committed transaction and lose the rest, each table's map being written as it was at
   * its own moment (h2database#2080). Seen in the crash test: a customer's first message recorded and its notification
   * marked done, while the conversation the same transaction opened (and the journey with it) were lost; the next
   * conversation then took the lost one's id, so the message would have shown in another customer's conversation and
   * the customer would never have been answered. Such a message (a customer's, naming a conversation the database
   * lacks) is removed with the rows that hang on it, and its notification is set to be processed again, as if the kill
   * had come before it; unless the lost conversation had already answered (a message of ours in it): then its messages
   * are only detached from it, so that no answer goes twice. Returns how many were set to be processed again; a
   * database without the tables (not migrated yet) has none.
   */
  static int requeueMessagesWhoseConversationWasLost(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet tables = statement.executeQuery("select count(*) from information_schema.tables where table_schema = 'PUBLIC'"
            + " and table_name in ('CHAT_MESSAGE', 'CONVERSATION', 'INBOUND_EVENT')")) {
      if (!tables.next() || tables.getInt(1) < 3) {
        return 0;
      }
    }
    record Orphan(long id, String waMessageId) {}
    List<Orphan> orphans = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
        select m.id, m.wa_message_id from chat_message m
        where m.direction = 'IN' and m.conversation_id is not null and m.wa_message_id is not null
          and not exists (select 1 from conversation c where c.id = m.conversation_id)
          and not exists (select 1 from chat_message o where o.conversation_id = m.conversation_id and o.direction = 'OUT')""")) {
      while (rows.next()) {
        orphans.add(new Orphan(rows.getLong(1), rows.getString(2)));
      }
    }
    for (Orphan orphan : orphans) {
      for (String dependent : MESSAGE_DEPENDENTS) {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + dependent + " where message_id = ?")) {
          delete.setLong(1, orphan.id());
          delete.executeUpdate();
        } catch (SQLException e) {
          // a table of a later migration, absent from this database: nothing hangs there
          if (!"42S02".equals(e.getSQLState()) && e.getErrorCode() != 42102) {
            throw e;
          }
        }
      }
      try (PreparedStatement delete = connection.prepareStatement("delete from chat_message where id = ?")) {
        delete.setLong(1, orphan.id());
        delete.executeUpdate();
      }
      try (PreparedStatement again = connection.prepareStatement("""
          update inbound_event set status = 'PENDING', processed_at = null, next_attempt_at = current_timestamp
          where kind = 'MESSAGE' and dedupe_key = ?""")) {
        again.setString(1, "msg:" + orphan.waMessageId());
        again.executeUpdate();
      }
    }
    // a lost conversation that had already answered: processed again it would send its answers twice, so its messages
    // only leave it (a later conversation may take its id, and must not show them)
    try (Statement statement = connection.createStatement()) {
      int detached = statement.executeUpdate("""
          update chat_message m set conversation_id = null
          where m.conversation_id is not null and not exists (select 1 from conversation c where c.id = m.conversation_id)""");
      if (detached > 0) {
        log.warn("H2: {} message(s) named a conversation the kill lost after it had answered; they are kept without it", detached);
      }
    }
    return orphans.size();
  }

  /** Tables whose rows belong to one chat message ({@code message_id}), removed with it. */
  private static final List<String> MESSAGE_DEPENDENTS = List.of("media_fetch", "media_content", "answer_queue", "message_pricing");

  /** The script and the new file of a rebuild that did not finish (or did: then only the script is left). */
  private static void deleteLeftovers(Path db) throws IOException {
    Path rebuilt = sibling(db, "-repair");
    Files.deleteIfExists(sibling(db, "-repair.sql"));
    Files.deleteIfExists(sibling(rebuilt, ".mv.db"));
    Files.deleteIfExists(sibling(rebuilt, ".trace.db"));
  }

  private static Path sibling(Path db, String suffix) {
    return db.resolveSibling(db.getFileName() + suffix);
  }

  private static String quoted(Path path) {
    return path.toString().replace("'", "''");
  }
}
