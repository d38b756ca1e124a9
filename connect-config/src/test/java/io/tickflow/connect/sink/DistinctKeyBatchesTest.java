package io.tickflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DistinctKeyBatchesTest {

  private static final Schema PRINT = SchemaBuilder.struct().name("Print").field("symbol", Schema.STRING_SCHEMA)
      .field("price", Schema.FLOAT64_SCHEMA).field("size", Schema.INT64_SCHEMA).build();
  private static final Function<SinkRecord, Object> KEY = DistinctKeyBatches.byValueFields(List.of("symbol", "price"));

  @Test
  void shouldKeepABatchOfDistinctKeysWhole() {
    List<SinkRecord> records = List.of(print(0, "ES", 1.0, 1), print(1, "ES", 2.0, 1), print(2, "NQ", 1.0, 1));

    assertThat(DistinctKeyBatches.split(records, KEY)).containsExactly(records);
  }

  @Test
  void shouldPutTheNthRecordOfAKeyInTheNthBatchKeepingTheOrder() {
    // Versions of one key (ES 1.0) and of another (NQ 1.0) differing outside the key, as revised bars or a tick
    // re-sent with another receive time: one multi-row upsert may not hold two of them.
    SinkRecord es1 = print(0, "ES", 1.0, 1);
    SinkRecord nq1 = print(1, "NQ", 1.0, 1);
    SinkRecord es2 = print(2, "ES", 1.0, 2);
    SinkRecord other = print(3, "ES", 1.25, 1);
    SinkRecord es3 = print(4, "ES", 1.0, 3);
    SinkRecord nq2 = print(5, "NQ", 1.0, 2);

    assertThat(DistinctKeyBatches.split(List.of(es1, nq1, es2, other, es3, nq2), KEY))
        .containsExactly(List.of(es1, nq1, other), List.of(es2, nq2), List.of(es3));
  }

  @Test
  void shouldTakeNegativeZeroForTheSameKeyAsZeroAsPostgresqlDoes() {
    SinkRecord zero = print(0, "ES-NQ", 0.0, 1);
    SinkRecord negativeZero = print(1, "ES-NQ", -0.0, 1);

    assertThat(DistinctKeyBatches.split(List.of(zero, negativeZero), KEY))
        .containsExactly(List.of(zero), List.of(negativeZero));
  }

  @Test
  void shouldNotSplitWhenTheKeyIsNotTakenFromTheRecord() {
    List<SinkRecord> records = List.of(print(0, "ES", 1.0, 1), print(1, "ES", 1.0, 2));

    assertThat(DistinctKeyBatches.split(records, null)).containsExactly(records);
  }

  @Test
  void shouldSplitByTheRecordKeyWhenItNamesTheRow() {
    // Two definitions of one instrument in one poll: keyed alike, whatever their values.
    SinkRecord es1 = print(0, "ES", 1.0, 1);
    SinkRecord es2 = print(1, "ES", 2.0, 1);
    SinkRecord nq = print(2, "NQ", 1.0, 1);
    Function<SinkRecord, Object> byRecordKey = DistinctKeyBatches.rowKey(
        new JdbcSinkConnectorConfig(SinkConnectorDefinition.instruments().config()));

    assertThat(DistinctKeyBatches.split(List.of(es1, es2, nq), byRecordKey))
        .containsExactly(List.of(es1, nq), List.of(es2));
  }

  @Test
  void shouldTakeTheKeyFieldsOfTheShippedConnectors() {
    assertThat(DistinctKeyBatches.keyFields(new JdbcSinkConnectorConfig(SinkConnectorDefinition.bars().config())))
        .containsExactlyInAnyOrder("symbol", "timeframe", "windowStart");
    assertThat(DistinctKeyBatches.keyFields(new JdbcSinkConnectorConfig(SinkConnectorDefinition.ticks().config())))
        .containsExactlyInAnyOrder("symbol", "eventTime", "price", "size", "side", "sequence");
    assertThat(DistinctKeyBatches.keyFields(
        new JdbcSinkConnectorConfig(SinkConnectorDefinition.instruments().config()))).isEmpty();
  }

  private static SinkRecord print(long offset, String symbol, double price, long size) {
    Struct value = new Struct(PRINT).put("symbol", symbol).put("price", price).put("size", size);
    return new SinkRecord("prints", 0, Schema.STRING_SCHEMA, symbol, PRINT, value, offset);
  }
}
