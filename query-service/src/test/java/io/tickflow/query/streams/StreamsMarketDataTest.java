package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.marketstate.TradingDates;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.streams.ProcessingTasks;
import io.tickflow.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange read for the market hours, over a real Kafka Streams client that cannot answer (no broker needed):
 * whatever the client throws (the {@code InvalidStateStoreException} family, here {@code StreamsNotStartedException}
 * before the start and {@code UnknownStateStoreException} while rebalancing, the topology having no definitions store;
 * and a stopped client's {@code IllegalStateException}), the exchange is unknown for this check, and the stale-feed
 * check goes on with the other symbols. The topology has no global store: with one, {@code start()}
 * would wait for a broker.
 */
class StreamsMarketDataTest {

  @TempDir
  Path stateDir;

  private final StreamsBinding binding = new StreamsBinding();
  private final StreamsMarketData data = new StreamsMarketData(binding, 10_000,
      Duration.ofSeconds(2), List.of("1m"), 5, new TradingDates(new StreamsAppConfig(Map.of())));
  private KafkaStreams streams;

  @BeforeEach
  void create() {
    streams = BrokerlessStreams.create("streams-market-data-test", stateDir);
    binding.bind(streams, new ProcessingTasks(), new HostInfo("localhost", 8080));
  }

  @AfterEach
  void close() {
    streams.close(Duration.ofSeconds(5));
  }

  @Test
  void shouldTakeTheExchangeAsUnknownWhileTheClientIsNotStarted() {
    assertThat(data.exchangeOf("ESZ6")).isEmpty();
  }

  @Test
  void shouldTakeTheExchangeAsUnknownWhileTheClientIsRebalancing() {
    streams.start();

    assertThat(streams.state()).isEqualTo(KafkaStreams.State.REBALANCING);
    assertThat(data.exchangeOf("ESZ6")).isEmpty();
  }

  /** The reads behind the REST API fail (503 there) rather than answer "unknown symbol" or an empty list. */
  @Test
  void shouldFailTheReadsAsUnavailableWhileTheClientIsRebalancing() {
    streams.start();

    assertThatThrownBy(() -> data.symbols(ReadMode.STANDBY_ALLOWED)).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> data.latestQuote("ESZ6", ReadMode.ACTIVE)).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> data.book("ESZ6", ReadMode.ACTIVE)).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> data.instrument("ESZ6")).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(data::instruments).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void shouldTakeTheExchangeAsUnknownOnceTheClientHasStopped() {
    streams.close(Duration.ofSeconds(5));

    assertThat(data.exchangeOf("ESZ6")).isEmpty();
  }
}
