package io.atende.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/** Which database the service runs on: the embedded H2, or PostgreSQL (or another). */
final class Databases {

  private Databases() {}

  /** Whether the data source is the embedded H2 database. */
  static boolean isH2(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return "H2".equals(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("Cannot tell which database this is", e);
    }
  }
}
