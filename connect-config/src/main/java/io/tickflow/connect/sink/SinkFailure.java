package io.tickflow.connect.sink;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
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

  /** Classifies a failure by the first cause that tells. */
  static SinkFailure of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataException) {
        return RECORD;
      }
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
          || cause instanceof IOException) {
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
