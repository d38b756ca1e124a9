package io.tickflow.connect.sink;

import com.mchange.v2.resourcepool.ResourcePoolException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.DataException;

/**
 * What a failed write says about its cause, from the exception chain and PostgreSQL's SQLSTATE classes: the data
 * of some record (dead-letter it), a passing condition of the database (retry the batch), or a problem of the
 * deployment (fail the task, so an operator sees it).
 */
enum SinkFailure {
  /** A record the database refuses: data exception (22) or integrity constraint violation (23). */
  RECORD,
  /** Connection (08), rollback (40), resources (53), operator intervention (57), system (58), lock (55P03). */
  TRANSIENT,
  /** Anything else: missing table, permissions, authentication, a bug. */
  FATAL;

  private static final Set<String> RECORD_CLASSES = Set.of("22", "23");
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String INVALID_AUTHORIZATION_CLASS = "28";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  // Hibernate's words when the connection died while it read the database's metadata at start: it logs the SQL
  // error and throws this without it.
  private static final String NO_METADATA = "Unable to determine Dialect without JDBC metadata";
  // c3p0 (Debezium's pool) takes the database for down after failed attempts and then refuses a connection at once
  // with a ResourcePoolException, without the driver's error: an outage too. Refused credentials are told apart
  // first (remedy), from the driver's error under the pool's first failures.
  // Debezium's words when the table is missing and schema.evolution=none forbids creating it.
  private static final Pattern MISSING_TABLE =
      Pattern.compile("(?:Could not find table: |Cannot create table )(\\S+)");

  /**
   * Classifies a failure by the first cause that tells, except that credentials the database refused fail the
   * task whatever wraps them (the connection pool reports them as a connection failure, which would be retried
   * for ever).
   */
  static SinkFailure of(Throwable failure) {
    if (remedy(failure).isPresent()) {
      return FATAL;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataException) {
        return RECORD;
      }
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
          || cause instanceof IOException || cause instanceof ResourcePoolException
          || String.valueOf(cause.getMessage()).startsWith(NO_METADATA)) {
        return TRANSIENT;
      }
      if (cause instanceof SQLException) {
        SinkFailure bySqlState = bySqlState((SQLException) cause);
        if (bySqlState != null) {
          return bySqlState;
        }
      }
    }
    return FATAL;
  }

  /**
   * What an operator has to do about a fatal failure whose cause is a usual deployment mistake: tables not
   * migrated, wrong credentials, missing privileges. Empty for anything else.
   */
  static Optional<String> remedy(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Matcher missingTable = MISSING_TABLE.matcher(String.valueOf(cause.getMessage()));
      if (missingTable.find()) {
        return Optional.of("Table " + missingTable.group(1) + " does not exist (the sink never creates tables): "
            + "run tickflow db migrate against this database, with db.schema naming the schema of "
            + "collection.name.format");
      }
      String state = cause instanceof SQLException ? ((SQLException) cause).getSQLState() : null;
      if (state != null && state.startsWith(INVALID_AUTHORIZATION_CLASS)) {
        return Optional.of("The database refused the connection (" + cause.getMessage() + "): check "
            + "connection.url, connection.username and connection.password");
      }
      if (INSUFFICIENT_PRIVILEGE.equals(state)) {
        return Optional.of("The database user may not write the table (" + cause.getMessage() + "): grant it "
            + "INSERT, UPDATE and SELECT on the tables of the schema, or use the user that ran tickflow db migrate");
      }
    }
    return Optional.empty();
  }

  // Batched statements report the cause of the failed entry as the next exception.
  private static SinkFailure bySqlState(SQLException exception) {
    for (SQLException current = exception; current != null; current = current.getNextException()) {
      String state = current.getSQLState();
      if (state == null || state.length() != 5) {
        continue;
      }
      String stateClass = state.substring(0, 2);
      if (RECORD_CLASSES.contains(stateClass)) {
        return RECORD;
      }
      if (TRANSIENT_CLASSES.contains(stateClass) || LOCK_NOT_AVAILABLE.equals(state)) {
        return TRANSIENT;
      }
      return FATAL;
    }
    return null;
  }
}
