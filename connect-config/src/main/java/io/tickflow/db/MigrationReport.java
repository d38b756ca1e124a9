package io.tickflow.db;

import java.util.List;

/**
 * What {@code tickflow db migrate} did.
 *
 * @param schema the schema migrated
 * @param backend the time-series layout in use
 * @param fromVersion schema version before the run ("none" for a new schema)
 * @param toVersion schema version after the run
 * @param migrationsApplied number of migrations executed by this run (0 when already up to date)
 * @param partitions partitions created or dropped by the maintenance that follows (native layout only)
 */
public record MigrationReport(String schema, TimeSeriesBackend backend, String fromVersion, String toVersion,
                              int migrationsApplied, List<PartitionChange> partitions) {

  public MigrationReport {
    partitions = List.copyOf(partitions);
  }

  /** One line per fact, for the command line. */
  public String summary() {
    StringBuilder text = new StringBuilder()
        .append("schema ").append(schema).append(": ").append(backend.label()).append(" layout, version ")
        .append(fromVersion).append(" -> ").append(toVersion).append(" (").append(migrationsApplied)
        .append(" migrations applied)");
    partitions.forEach(change -> text.append(System.lineSeparator()).append(change.action()).append(' ')
        .append(change.partition()));
    return text.toString();
  }
}
