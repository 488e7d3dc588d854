package io.atende.benchmark;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the service's database transactions as the database sees them, on H2 and PostgreSQL alike: every
 * {@code commit()} of a transaction that ran a statement, and every statement run in auto-commit (its own
 * transaction). A transaction that wrote (any statement other than a {@code select}) is a flush on a durable
 * database: a WAL {@code fsync} on PostgreSQL, a write of the file on H2 in {@code every-commit} mode ({@code WRITE_DELAY
 * 0}); on H2 by default the file is written by the grouped checkpoints, counted apart ("h2-checkpoint"). Counted by the
 * part of the service whose thread committed (as {@link CpuSplit} names them), so a lever can be aimed.
 *
 * <p>Installed as a bean post-processor that wraps the pool ({@code DataSource}) before anything else wraps it.
 * Statements of the benchmark's own polling count under "benchmark".
 */
final class CommitCounter implements BeanPostProcessor {

  /** Counts by part: writing commits, read-only commits, rollbacks. */
  record Counts(long writing, long readOnly, long rollbacks) {}

  private final Map<String, LongAdder[]> byPart = new ConcurrentHashMap<>();
  /** Writing commits by part and the transaction's first writing statement: what each flush was for. */
  private final Map<String, LongAdder> byFirstWrite = new ConcurrentHashMap<>();

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    // after initialization (the pool's properties are bound by then), and added before the service's own
    // post-processors, so it wraps the pool itself, inside the service's lazy-connection proxy
    if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())
        && !(bean instanceof org.springframework.jdbc.datasource.DelegatingDataSource)) {
      return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class, AutoCloseable.class},
          (proxy, method, args) -> {
            Object result = invoke(dataSource, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
          });
    }
    return bean;
  }

  /** A snapshot of the counts so far, by part and in all ("all"). */
  Map<String, Counts> snapshot() {
    Map<String, Counts> counts = new LinkedHashMap<>();
    long w = 0;
    long r = 0;
    long b = 0;
    for (Map.Entry<String, LongAdder[]> part : byPart.entrySet()) {
      Counts c = new Counts(part.getValue()[0].sum(), part.getValue()[1].sum(), part.getValue()[2].sum());
      counts.put(part.getKey(), c);
      w += c.writing();
      r += c.readOnly();
      b += c.rollbacks();
    }
    counts.put("all", new Counts(w, r, b));
    return counts;
  }

  static Map<String, Counts> since(Map<String, Counts> before, Map<String, Counts> now) {
    Map<String, Counts> delta = new LinkedHashMap<>();
    now.forEach((part, c) -> {
      Counts b = before.getOrDefault(part, new Counts(0, 0, 0));
      delta.put(part, new Counts(c.writing() - b.writing(), c.readOnly() - b.readOnly(), c.rollbacks() - b.rollbacks()));
    });
    return delta;
  }

  /** Writing commits by part and first writing statement, most first; a snapshot. */
  Map<String, Long> firstWrites() {
    Map<String, Long> counts = new LinkedHashMap<>();
    byFirstWrite.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .forEach(e -> counts.put(e.getKey(), e.getValue().sum()));
    return counts;
  }

  private void count(int kind, String firstWrite) {
    String part = part();
    if (kind == 0) {
      byFirstWrite.computeIfAbsent(part + " | " + abbreviate(firstWrite), k -> new LongAdder()).increment();
    }
    byPart.computeIfAbsent(part,
        p -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()})[kind].increment();
  }

  private static String abbreviate(String sql) {
    String line = sql == null ? "?" : sql.replaceAll("\\s+", " ").trim();
    return line.length() <= 70 ? line : line.substring(0, 70) + "…";
  }

  private static String part() {
    String thread = Thread.currentThread().getName();
    if (thread.startsWith("JobExecutor")) {
      return "job acquisition";
    }
    String part = CpuSplit.part(thread);
    if (part.startsWith("other")) {
      part = "other: " + thread.replaceAll("[-_#]?\\d+$", "").replaceAll("[-_#]?\\d+$", "");
    }
    return part;
  }

  /** One connection's transaction: whether a statement ran since the last end, and whether one wrote. */
  private final class Tx {
    boolean autoCommit;
    boolean ran;
    boolean wrote;
    String firstWrite;

    void ran(String sql) {
      boolean writes = sql == null || !sql.stripLeading().toLowerCase(Locale.ROOT).startsWith("select");
      if (autoCommit) {
        count(writes ? 0 : 1, sql);
      } else {
        ran = true;
        if (writes && !wrote) {
          firstWrite = sql;
        }
        wrote |= writes;
      }
    }

    void ended(boolean committed) {
      if (ran) {
        count(committed ? (wrote ? 0 : 1) : 2, firstWrite);
      }
      ran = false;
      wrote = false;
      firstWrite = null;
    }
  }

  private Connection connection(Connection target) throws java.sql.SQLException {
    Tx tx = new Tx();
    tx.autoCommit = target.getAutoCommit();
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "commit" -> {
          Object result = invoke(target, method, args);
          tx.ended(true);
          return result;
        }
        case "rollback" -> {
          Object result = invoke(target, method, args);
          if (args == null || args.length == 0) {
            tx.ended(false);
          }
          return result;
        }
        case "setAutoCommit" -> {
          Object result = invoke(target, method, args);
          boolean on = (Boolean) args[0];
          if (on && !tx.autoCommit) {
            tx.ended(true); // JDBC: switching auto-commit on commits the open transaction
          }
          tx.autoCommit = on;
          return result;
        }
        default -> {
          Object result = invoke(target, method, args);
          if (result instanceof Statement statement) {
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
            return statement(statement, sql, tx);
          }
          return result;
        }
      }
    });
  }

  private Statement statement(Statement target, String preparedSql, Tx tx) {
    Class<?> type = target instanceof CallableStatement ? CallableStatement.class
        : target instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    InvocationHandler handler = (proxy, method, args) -> {
      Object result = invoke(target, method, args);
      if (method.getName().startsWith("execute")) {
        tx.ran(preparedSql != null ? preparedSql : args != null && args.length > 0 && args[0] instanceof String s ? s : null);
      }
      return result;
    };
    return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
