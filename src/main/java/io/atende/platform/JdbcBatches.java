package io.atende.platform;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * One statement for many rows: a JDBC batch sends them to the database together (one round trip instead of one per
 * row), which is what lets a batch send record a page of recipients without a round trip per recipient and statement
 * (README "Batch sends"). Used by the stores' {@code …All} methods, in the caller's transaction.
 */
public final class JdbcBatches {

  /**
   * Begins the text of a statement that also exists as a one-row statement elsewhere: PostgreSQL keeps one plan per
   * statement text and connection, so the page's statement gets a plan of its own, made under the page's
   * {@link IndexedLookups} (a plan the one-row statement got while its table was small may read the whole table).
   */
  public static final String OWN_PLAN = "/* batch page */ ";

  /** Rows per {@code in (…)} list: well below what either database takes in one statement. */
  public static final int IN_LIST = 500;

  private JdbcBatches() {}

  /** Runs {@code sql} once per row; the rows each statement changed, in the rows' order. */
  public static <T> int[] update(JdbcTemplate jdbc, String sql, List<T> rows, Function<T, Object[]> params) {
    if (rows.isEmpty()) {
      return new int[0];
    }
    List<Object[]> args = new ArrayList<>(rows.size());
    rows.forEach(r -> args.add(params.apply(r)));
    return jdbc.batchUpdate(sql, args);
  }

  /** Inserts one row per element and answers the generated {@code id} of each, in the rows' order. */
  public static <T> List<Long> insertReturningIds(JdbcTemplate jdbc, String sql, List<T> rows, Function<T, Object[]> params) {
    if (rows.isEmpty()) {
      return List.of();
    }
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.batchUpdate(connection -> connection.prepareStatement(sql, new String[] {"id"}), new BatchPreparedStatementSetter() {
      @Override
      public void setValues(PreparedStatement ps, int i) throws SQLException {
        Object[] values = params.apply(rows.get(i));
        for (int p = 0; p < values.length; p++) {
          StatementCreatorUtils.setParameterValue(ps, p + 1, SqlTypeValue.TYPE_UNKNOWN, values[p]);
        }
      }

      @Override
      public int getBatchSize() {
        return rows.size();
      }
    }, keys);
    List<Long> ids = keys.getKeyList().stream().map(k -> ((Number) k.values().iterator().next()).longValue()).toList();
    if (ids.size() != rows.size()) {
      throw new IllegalStateException("Inserted " + rows.size() + " rows but got " + ids.size() + " generated ids");
    }
    return ids;
  }

  /** The elements in lists of at most {@link #IN_LIST}, for {@code in (:ids)} queries. */
  public static <T> List<List<T>> chunks(Collection<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    List<T> chunk = new ArrayList<>();
    for (T t : all) {
      chunk.add(t);
      if (chunk.size() == IN_LIST) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }
}
