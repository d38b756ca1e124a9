package io.tickflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's JDBC sink task and keeps a bad record from stopping it. Debezium (3.0) writes each batch
 * synchronously but turns any failure into a failed task, and does not use Connect's errant record reporter, so
 * one row the database refuses (a violated constraint, an out-of-range timestamp) would stop the sink. Here a
 * batch that fails because of its data is split in halves and retried until the refused records are isolated;
 * those go to the connector's dead-letter queue with Connect's error headers, everything else is written.
 * Retrying is safe because the writes are idempotent upserts. Records of one primary key are written in successive
 * batches ({@link DistinctKeyBatches}), as one statement may not upsert a row twice. A failure of the database
 * itself (connection, deadlock) is retried as a whole by Connect; any other failure stops the task.
 *
 * <p>Records whose value is missing, has the wrong schema ({@link TickflowSinkConfig#VALUE_SCHEMA_CONFIG}) or
 * holds a NaN or infinite number are dead-lettered before the database sees them. Every record handed to
 * {@link #put} is written or dead-lettered before {@code put} returns, so Connect's own offset tracking is exact;
 * a record is dead-lettered once even when Connect hands its batch again after a database outage.
 */
public class DeadLetteringJdbcSinkTask extends SinkTask {

  private static final Logger log = LoggerFactory.getLogger(DeadLetteringJdbcSinkTask.class);

  private Map<String, String> props;
  private String valueSchema;
  private Function<SinkRecord, Object> rowKey;
  private ErrantRecordReporter reporter;
  private JdbcSinkConnectorTask delegate;
  private long written;
  private long deadLettered;
  private Instant unavailableSince;
  // Records of a batch that Connect hands again after a retriable failure, that are already in the dead-letter
  // topic: dead-lettering them again would count them twice.
  private final Set<String> deadLetteredBeforeRetry = new HashSet<>();

  @Override
  public String version() {
    return new TickflowJdbcSinkConnector().version();
  }

  @Override
  public void start(Map<String, String> props) {
    requireUtc(ZoneId.systemDefault());
    this.props = Map.copyOf(props);
    valueSchema = new TickflowSinkConfig(props).valueSchema();
    rowKey = DistinctKeyBatches.rowKey(requireValidSettings());
    reporter = context.errantRecordReporter();
    if (reporter == null) {
      log.warn("No dead-letter queue or error log configured: a record the database refuses will fail the task");
    }
    try {
      delegate = startDelegate();
    } catch (RetriableException e) {
      // Connect fails a task whose start throws, retriable or not: put() starts the delegate once the database
      // is back, and its retriable failures make Connect retry.
    }
  }

  /**
   * Debezium binds timestamps as local date-times that the JDBC layer reads in the JVM's default time zone (and
   * its UNNEST writer sends them as timestamp arrays read in the session's zone, which the driver sets to the
   * JVM's): in any zone but UTC every stored instant would be shifted by that zone's offset.
   *
   * @throws ConnectException when the zone is not UTC
   */
  static void requireUtc(ZoneId zone) {
    ZoneRules rules = zone.getRules();
    if (!rules.isFixedOffset() || rules.getOffset(Instant.EPOCH).getTotalSeconds() != 0) {
      throw new ConnectException("The Connect worker runs in time zone " + zone + ", where the JDBC sink would "
          + "shift every timestamp by the zone's offset: start the worker with -Duser.timezone=UTC (e.g. "
          + "KAFKA_OPTS=-Duser.timezone=UTC)");
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    List<SinkRecord> accepted = new ArrayList<>(records.size());
    for (SinkRecord record : records) {
      // Checked only after a retried batch: the key is a new string per record, a cost on every record otherwise.
      if (!deadLetteredBeforeRetry.isEmpty() && deadLetteredBeforeRetry.contains(coordinates(record))) {
        continue;
      }
      String problem = problem(record);
      if (problem == null) {
        accepted.add(record);
      } else {
        deadLetter(record, new DataException(problem));
      }
    }
    for (List<SinkRecord> batch : DistinctKeyBatches.split(accepted, rowKey)) {
      write(batch);
    }
    deadLetteredBeforeRetry.clear();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
      delegate = null;
    }
    log.info("Sink task stopped: {} records written, {} dead-lettered", written, deadLettered);
  }

  private void write(List<SinkRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Throwable failure = attempt(batch);
    if (failure == null) {
      written += batch.size();
      available();
      return;
    }
    SinkFailure kind = SinkFailure.of(failure);
    if (kind == SinkFailure.TRANSIENT) {
      throw unavailable("Writing " + batch.size() + " records failed; Connect retries them", failure);
    }
    if (kind == SinkFailure.FATAL) {
      throw fatal("Writing " + batch.size() + " records failed", failure);
    }
    if (batch.size() == 1) {
      deadLetter(batch.get(0), new DataException("Refused by the database: " + rootCause(failure).getMessage(),
          failure));
      return;
    }
    log.debug("A record of a batch of {} was refused; retrying the halves to isolate it", batch.size());
    int half = batch.size() / 2;
    write(batch.subList(0, half));
    write(batch.subList(half, batch.size()));
  }

  // Debezium's task keeps a failure to itself and throws it at the next put, so an empty put asks for it (3.0 has
  // no getter for it). A failed delegate is replaced.
  private Throwable attempt(List<SinkRecord> batch) {
    if (delegate == null) {
      delegate = startDelegate();
    }
    delegate.put(batch);
    try {
      delegate.put(List.of());
      return null;
    } catch (ConnectException e) {
      delegate.stop();
      delegate = null;
      return e.getCause() == null ? e : e.getCause();
    }
  }

  private JdbcSinkConnectorTask startDelegate() {
    requireValidSettings();
    JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
    task.initialize(context);
    try {
      task.start(props);
    } catch (RuntimeException e) {
      if (SinkFailure.of(e) == SinkFailure.TRANSIENT) {
        throw unavailable("Cannot start the JDBC sink: " + e.getMessage(), e);
      }
      throw fatal("Cannot start the JDBC sink", e);
    }
    return task;
  }

  /**
   * Debezium's task logs each invalid setting and fails with "check the logs for details": the same check here puts
   * them in the task's status, where the demo and the REST API show them.
   */
  private JdbcSinkConnectorConfig requireValidSettings() {
    List<String> problems = new ArrayList<>();
    JdbcSinkConnectorConfig config = new JdbcSinkConnectorConfig(props);
    if (!config.validateAndRecord(JdbcSinkConnectorConfig.ALL_FIELDS, problems::add)) {
      throw new ConnectException("Cannot start the JDBC sink: invalid settings: " + String.join("; ", problems));
    }
    return config;
  }

  // The task's status shows this message first: it says what to do where the causes are known.
  private static ConnectException fatal(String action, Throwable failure) {
    return new ConnectException(SinkFailure.remedy(failure).orElse(action + ": " + rootCause(failure).getMessage()),
        failure);
  }

  // Connect logs every retry with its stack trace; this says once what is going on, and when it is over.
  private RetriableException unavailable(String message, Throwable failure) {
    if (unavailableSince == null) {
      unavailableSince = Instant.now();
      log.warn("Database unavailable ({}): records wait in Kafka and are written when it is back",
          rootCause(failure).getMessage());
    }
    return new RetriableException(message, failure);
  }

  private void available() {
    if (unavailableSince != null) {
      log.info("Database available again after {} ms: writing resumed",
          Duration.between(unavailableSince, Instant.now()).toMillis());
      unavailableSince = null;
    }
  }

  private String problem(SinkRecord record) {
    if (record.value() == null) {
      return "Record has no value";
    }
    String actual = record.valueSchema() == null ? null : record.valueSchema().name();
    if (!valueSchema.isEmpty() && !valueSchema.equals(actual)) {
      return "Expected a value of schema " + valueSchema + ", got " + actual;
    }
    return record.value() instanceof Struct ? nonFiniteNumber((Struct) record.value()) : null;
  }

  // PostgreSQL stores NaN and infinities in double precision columns, where no check refuses them: a CHECK added
  // by a migration would have to be validated on every stored row, which older TimescaleDB refuses on compressed
  // chunks.
  private static String nonFiniteNumber(Struct value) {
    for (Field field : value.schema().fields()) {
      Object number = value.get(field);
      if (number instanceof Double && !Double.isFinite((Double) number)
          || number instanceof Float && !Float.isFinite((Float) number)) {
        return "Field " + field.name() + " is " + number + ": only finite numbers are stored";
      }
    }
    return null;
  }

  private void deadLetter(SinkRecord record, Throwable reason) {
    if (reporter == null) {
      throw new ConnectException("Record " + coordinates(record) + " refused and no dead-letter queue is set",
          reason);
    }
    log.warn("Dead-lettering record {}: {}", coordinates(record), reason.getMessage());
    reporter.report(record, reason);
    deadLetteredBeforeRetry.add(coordinates(record));
    deadLettered++;
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String coordinates(SinkRecord record) {
    return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
  }
}
