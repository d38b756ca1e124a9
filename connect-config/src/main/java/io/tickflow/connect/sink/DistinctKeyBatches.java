package io.tickflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import io.debezium.sink.SinkConnectorConfig.PrimaryKeyMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Splits a batch into consecutive batches in none of which a primary key appears twice: the n-th record of a key
 * goes into the n-th batch. Written one after the other, they leave the table as the records written one by one
 * would: a bar's last version, a tick's first (its table keeps a stored tick).
 *
 * <p>Debezium writes a batch as multi-row {@code INSERT ... ON CONFLICT DO UPDATE} statements, which PostgreSQL
 * refuses when two rows of one statement have the same key ("cannot affect row a second time", SQLSTATE 21000: not
 * a record's fault, so the task fails, and again on every restart). Debezium's reduction buffer is meant to keep
 * one record per key, but 3.0 keys it, with {@code primary.key.mode=record_value}, by the whole value: two versions
 * of a bar, or a tick re-sent with another receive time, in one batch stopped the sink. Rows named by the record key
 * (instruments) are split the same way rather than trust the buffer with them.
 */
final class DistinctKeyBatches {

  private DistinctKeyBatches() {
  }

  /**
   * How the row of a record is named: by the primary key's value fields ({@code primary.key.mode=record_value}), or by
   * the record key ({@code record_key}); null when the table's key is not taken from the record (nothing to split).
   */
  static Function<SinkRecord, Object> rowKey(JdbcSinkConnectorConfig config) {
    if (config.getPrimaryKeyMode() == PrimaryKeyMode.RECORD_VALUE) {
      return byValueFields(keyFields(config));
    }
    return config.getPrimaryKeyMode() == PrimaryKeyMode.RECORD_KEY ? SinkRecord::key : null;
  }

  /** The value fields making the table's primary key; empty when the key is not taken from the value. */
  static List<String> keyFields(JdbcSinkConnectorConfig config) {
    return config.getPrimaryKeyMode() == PrimaryKeyMode.RECORD_VALUE
        ? List.copyOf(config.getPrimaryKeyFields()) : List.of();
  }

  /** Rows named by these value fields. */
  static Function<SinkRecord, Object> byValueFields(List<String> keyFields) {
    return record -> key(record.value(), keyFields);
  }

  /**
   * The records in batches of distinct row keys, each record after the records of its row before it.
   *
   * @param rowKey a record's row key ({@link #rowKey}); null keeps the batch whole
   */
  static List<List<SinkRecord>> split(List<SinkRecord> records, Function<SinkRecord, Object> rowKey) {
    if (rowKey == null) {
      return List.of(records);
    }
    List<List<SinkRecord>> batches = new ArrayList<>();
    Map<Object, Integer> seen = new HashMap<>(records.size() * 2);
    for (SinkRecord record : records) {
      int earlier = seen.merge(rowKey.apply(record), 1, Integer::sum) - 1;
      if (earlier == batches.size()) {
        batches.add(new ArrayList<>());
      }
      batches.get(earlier).add(record);
    }
    return batches;
  }

  // A value that is not a Struct has no key here (Debezium refuses it): such values share one, which at worst
  // writes them in more batches.
  private static List<Object> key(Object value, List<String> keyFields) {
    Object[] key = new Object[keyFields.size()];
    if (value instanceof Struct) {
      Struct struct = (Struct) value;
      for (int i = 0; i < key.length; i++) {
        Field field = struct.schema().field(keyFields.get(i));
        key[i] = field == null ? null : asKey(struct.get(field));
      }
    }
    return Arrays.asList(key);
  }

  // PostgreSQL's double precision equality takes -0.0 for 0.0, Double.equals does not.
  private static Object asKey(Object value) {
    return value instanceof Double ? (Double) value + 0.0 : value;
  }
}
