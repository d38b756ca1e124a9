package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.client.DtcClient;
import io.tickflow.dtc.client.DtcClientConfig;
import io.tickflow.dtc.client.DtcClientListener;
import io.tickflow.dtc.client.MarketDataAdapter;
import io.tickflow.dtc.client.MarketDataListener;
import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.DtcMessageWriter;
import io.tickflow.dtc.codec.DtcStreamDecoder;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevel;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevelFloat;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelNoTimestamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Depth snapshot batches as the server sends them, in binary and JSON, through the client's decoder and adapter
 * into a symbol's stream: which levels clear the book and which end the batch.
 */
class DepthSnapshotBatchTest {

  private static final int BID = 1;
  private static final int ASK = 2;
  private static final int INSERT_UPDATE = 1;
  private static final int FINAL_UPDATE_UNSET = 0;
  private static final int FINAL_UPDATE_TRUE = 1;
  private static final int FINAL_UPDATE_FALSE = 2;
  private static final int BEGIN_BATCH = 3;
  private static final double DATE_TIME = 1_700_000_010;
  private static final Instant NOW = Instant.parse("2026-01-05T15:00:00Z");

  private final DtcSourceConnectorConfig config = new DtcSourceConnectorConfig(Map.of(
      DtcSourceConnectorConfig.HOST_CONFIG, "127.0.0.1", DtcSourceConnectorConfig.SYMBOLS_CONFIG, "ESZ6@CME"));
  private final SymbolStream stream = new SymbolStream(new SymbolSpec("ESZ6", "CME"), null, new DtcRecords(config),
      new TaskMetrics(), new RecordingRequester(), Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(5),
      () -> 0L);
  private final List<SourceRecord> out = new ArrayList<>();
  private final DtcClient client = new DtcClient(DtcClientConfig.of("127.0.0.1", 1), new DtcClientListener() {
  });
  private final MarketDataAdapter adapter = new MarketDataAdapter(client, new MarketDataListener() {
    @Override
    public void onDepth(MarketEvents.Depth depth) {
      stream.onDepth(depth, NOW, out);
    }
  });
  private final DtcMessageWriter writer = new DtcMessageWriter();

  @AfterEach
  void tearDown() {
    client.close();
  }

  @ParameterizedTest
  @EnumSource(value = DtcEncoding.class, names = {"BINARY", "JSON"})
  void shouldKeepTheSnapshotsLevelsWhenAnUpdateArrivesInTheMiddleOfItsBatch(DtcEncoding encoding) {
    writer.encoding(encoding);
    snapshotLevel(BID, 99.75, 1, 0);
    update(BID, 99.5);
    snapshotLevel(ASK, 100, 0, 0);
    snapshotLevel(ASK, 100.25, 0, 1);

    assertThat(received()).containsExactly("CLEAR UNKNOWN 0.0 false", "INSERT BID 99.75 false",
        "UPDATE BID 99.5 false", "INSERT ASK 100.0 false", "INSERT ASK 100.25 true");
  }

  @ParameterizedTest
  @EnumSource(value = DtcEncoding.class, names = {"BINARY", "JSON"})
  void shouldClearTheBookAgainWhenANewSnapshotStartsBeforeTheOpenOneEnded(DtcEncoding encoding) {
    writer.encoding(encoding);
    snapshotLevel(BID, 99.75, 1, 0);
    snapshotLevel(ASK, 100, 0, 0);
    snapshotLevel(BID, 99.5, 1, 0); // the server re-sent the book, e.g. after depth was requested again
    snapshotLevel(ASK, 99.75, 0, 1);

    assertThat(received()).containsExactly("CLEAR UNKNOWN 0.0 false", "INSERT BID 99.75 false",
        "INSERT ASK 100.0 false", "CLEAR UNKNOWN 0.0 false", "INSERT BID 99.5 false", "INSERT ASK 99.75 true");
  }

  @ParameterizedTest
  @EnumSource(value = DtcEncoding.class, names = {"BINARY", "JSON"})
  void shouldKeepTheFloatSnapshotsLevelsWhenAnUpdateArrivesInTheMiddleOfItsBatch(DtcEncoding encoding) {
    writer.encoding(encoding);
    floatSnapshotLevel(BID, 99.75f, BEGIN_BATCH);
    floatUpdate(BID, 99.5f);
    floatSnapshotLevel(ASK, 100.25f, FINAL_UPDATE_TRUE);

    assertThat(received()).containsExactly("CLEAR UNKNOWN 0.0 false", "INSERT BID 99.75 false",
        "UPDATE BID 99.5 false", "INSERT ASK 100.25 true");
  }

  @ParameterizedTest
  @EnumSource(value = DtcEncoding.class, names = {"BINARY", "JSON"})
  void shouldClearTheBookAgainWhenANewFloatSnapshotBeginsBeforeTheOpenOneEnded(DtcEncoding encoding) {
    writer.encoding(encoding);
    floatSnapshotLevel(BID, 99.75f, BEGIN_BATCH);
    floatSnapshotLevel(ASK, 100f, FINAL_UPDATE_FALSE);
    floatSnapshotLevel(BID, 99.5f, BEGIN_BATCH);
    floatSnapshotLevel(ASK, 99.75f, FINAL_UPDATE_TRUE);

    assertThat(received()).containsExactly("CLEAR UNKNOWN 0.0 false", "INSERT BID 99.75 false",
        "INSERT ASK 100.0 false", "CLEAR UNKNOWN 0.0 false", "INSERT BID 99.5 false", "INSERT ASK 99.75 true");
  }

  @ParameterizedTest
  @EnumSource(value = DtcEncoding.class, names = {"BINARY", "JSON"})
  void shouldEndASnapshotWithoutBatchFlagsAtTheFirstUpdate(DtcEncoding encoding) {
    writer.encoding(encoding);
    floatSnapshotLevel(BID, 99.75f, FINAL_UPDATE_UNSET);
    floatSnapshotLevel(ASK, 100f, FINAL_UPDATE_UNSET);
    floatUpdate(BID, 99.5f);
    floatUpdate(ASK, 100.25f);

    assertThat(received()).containsExactly("CLEAR UNKNOWN 0.0 false", "INSERT BID 99.75 false",
        "INSERT ASK 100.0 false", "UPDATE BID 99.5 true", "UPDATE ASK 100.25 true");
  }

  private void snapshotLevel(int side, double price, int first, int last) {
    writer.end(writer.begin(new MarketDepthSnapshotLevel()).symbolId(1).side(side).price(price).quantity(7)
        .isFirstMessageInBatch(first).isLastMessageInBatch(last).dateTime(DATE_TIME).numOrders(1));
  }

  private void update(int side, double price) {
    writer.end(writer.begin(new MarketDepthUpdateLevel()).symbolId(1).side(side).price(price).quantity(7)
        .updateType(INSERT_UPDATE).dateTime(DATE_TIME).numOrders(1));
  }

  private void floatSnapshotLevel(int side, float price, int finalUpdateInBatch) {
    writer.end(writer.begin(new MarketDepthSnapshotLevelFloat()).symbolId(1).side(side).price(price).quantity(7)
        .numOrders(1).finalUpdateInBatch(finalUpdateInBatch));
  }

  /** An update that leaves FinalUpdateInBatch unset: complete by itself, as from a server that does not batch. */
  private void floatUpdate(int side, float price) {
    writer.end(writer.begin(new MarketDepthUpdateLevelNoTimestamp()).symbolId(1).side(side).price(price)
        .quantity(7).numOrders(1).updateType(INSERT_UPDATE));
  }

  /** Decodes the bytes written as the client does and returns action, side, price and end of batch of each record. */
  private List<String> received() {
    final DtcStreamDecoder decoder = new DtcStreamDecoder(DtcFlyweight.MAX_MESSAGE_LENGTH, 4096);
    decoder.encoding(writer.encoding());
    decoder.append(ByteBuffer.wrap(writer.array(), 0, writer.length()));
    decoder.poll((buffer, offset, length) -> {
      adapter.onMessage(buffer.getShort(offset + DtcFlyweight.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
          buffer, offset, length);
      return true;
    });
    return out.stream().map(r -> (Struct) r.value()).map(v -> v.getString("action") + " " + v.getString("side")
        + " " + v.getFloat64("price") + " " + v.getBoolean("endOfBatch")).toList();
  }
}
