package io.atende.platform;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The failed logins of each client in the database ({@code login_failure}), so that every node sharing it throttles
 * a client by all of its failures, wherever they happened. Failures older than the window are deleted as new ones
 * come in.
 */
class LoginFailures {

  /** A client's failures since a moment: how many and the oldest (null when none). */
  record Recent(int count, Instant oldest) {}

  private final JdbcClient jdbc;

  LoginFailures(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Recent since(String client, Instant since) {
    return jdbc.sql("select count(*), min(failed_at) from login_failure where client = ? and failed_at > ?")
        .params(cut(client), Timestamp.from(since))
        .query((rs, n) -> new Recent(rs.getInt(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
        .single();
  }

  /** Records a failure and forgets every client's failures from before {@code forgetBefore}. */
  void record(String client, Instant at, Instant forgetBefore) {
    jdbc.sql("insert into login_failure (client, failed_at) values (?, ?)").params(cut(client), Timestamp.from(at)).update();
    jdbc.sql("delete from login_failure where failed_at <= ?").param(Timestamp.from(forgetBefore)).update();
  }

  private static String cut(String client) {
    return client == null ? "" : Columns.fit(client, 64);
  }
}
