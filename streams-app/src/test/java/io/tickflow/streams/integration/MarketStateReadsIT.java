package io.tickflow.streams.integration;

import static org.awaitility.Awaitility.await;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.ReadUnderClose;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive queries of the key-value stores of a running instance while its tasks close (see
 * {@code MarketStateReadsTest} for the Kafka Streams code behind each case).
 */
class MarketStateReadsIT extends RealBrokerTest {

  private static final List<String> SYMBOLS = List.of("ESZ26", "NQZ26", "RTYZ26", "YMZ26");
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  @TempDir
  Path stateDir;

  /** One partition: one task, whose store holds every symbol (a listing over two would fail at the second store). */
  @BeforeEach
  void emptyTopics() {
    StreamsRig.recreateTopics(broker, 1);
  }

  @Test
  void shouldFailASymbolListingWhoseInMemoryStoreClosesUnderIt() throws Exception {
    Map<String, Object> settings = StreamsRig.appSettings(broker, "closing-listing", stateDir);
    settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, StreamsAppConfig.STORE_IN_MEMORY);
    StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings));
    ReadUnderClose.assertFails(app, () -> {
      StreamsRig.produce(broker, SYMBOLS.stream().map(symbol -> trade(symbol, T0)).toList());
      await().atMost(StreamsRig.READ_TIMEOUT).ignoreException(InvalidStateStoreException.class)
          .until(() -> app.reader().symbols(), listed -> listed.containsAll(SYMBOLS));
      return StoreLookup.of(app.streams()).<String, Object>keyValueStore(TickflowStores.SYMBOL_STATE).all();
    }, "ESZ26", TickflowStores.SYMBOL_STATE);
  }

  private static Trade trade(String symbol, Instant at) {
    return new Trade(symbol, "", 100.0, 1L, AggressorSide.ASK, at, at.plusMillis(1), 0, DataSource.LIVE);
  }
}
