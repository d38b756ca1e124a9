package io.tickflow.db;

import java.util.Arrays;
import java.util.Locale;

/**
 * How bars and ticks are laid out in time: TimescaleDB hypertables, or plain PostgreSQL range partitions. Each has
 * its own migration location next to the common one; both give the same tables, columns and {@code bars_1h} view,
 * so the same queries work on either.
 */
public enum TimeSeriesBackend {
  /** Plain PostgreSQL: declarative range partitions by time, a DEFAULT partition and BRIN indexes. */
  NATIVE,
  /** TimescaleDB: hypertables, compression segmented by symbol, retention and a continuous aggregate. */
  TIMESCALEDB;

  /** What the operator asked for. */
  public enum Request {
    AUTO, TIMESCALEDB, NATIVE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static String[] labels() {
      return Arrays.stream(values()).map(Request::label).toArray(String[]::new);
    }
  }

  /** The name recorded in the schema's storage_backend table. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Flyway location of this layout's migrations. */
  public String location() {
    return "classpath:db/migration/" + label();
  }

  /** The CREATE TABLE suffix that partitions a table by the given time column (none for hypertables). */
  String partitionClause(String timeColumn) {
    return this == NATIVE ? "PARTITION BY RANGE (" + timeColumn + ")" : "";
  }

  /** The layout recorded under a label, as written by the migrations. */
  static TimeSeriesBackend fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  /**
   * Chooses the layout. A schema keeps the layout it was first migrated with; otherwise TimescaleDB is used when
   * asked for or, under {@code auto}, whenever the database can run it.
   *
   * @throws IllegalStateException when the request contradicts the schema's recorded layout, or asks for
   *     TimescaleDB where it cannot be used
   */
  public static TimeSeriesBackend choose(Request request, DatabaseCapabilities database) {
    if (database.recorded().isPresent()) {
      TimeSeriesBackend recorded = database.recorded().get();
      if (request != Request.AUTO && !request.name().equals(recorded.name())) {
        throw new IllegalStateException("The schema was migrated with the " + recorded.label()
            + " layout; " + MigrateConfig.TIMESERIES_CONFIG + "=" + request.label()
            + " cannot change it (use auto or " + recorded.label() + ", or migrate into a new schema)");
      }
      return recorded;
    }
    switch (request) {
      case NATIVE:
        return NATIVE;
      case TIMESCALEDB:
        if (!database.timescaleUsable()) {
          throw new IllegalStateException(MigrateConfig.TIMESERIES_CONFIG + "=timescaledb, but " + database
              .timescaleProblem() + "; use " + MigrateConfig.TIMESERIES_CONFIG + "=native or auto");
        }
        return TIMESCALEDB;
      default:
        return database.timescaleUsable() ? TIMESCALEDB : NATIVE;
    }
  }
}
