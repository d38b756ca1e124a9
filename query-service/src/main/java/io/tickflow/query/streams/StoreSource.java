package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import java.util.function.Supplier;

/**
 * Where {@link StreamsMarketData} finds the stores of a read: a Kafka Streams client's partitions
 * ({@link StreamsStores}), or any other source of the topology's stores, such as a {@code TopologyTestDriver}'s.
 */
public interface StoreSource {

  /**
   * The stores holding one symbol's dataset.
   *
   * @throws io.tickflow.query.data.StoreUnavailableException when no store can answer for the symbol now
   */
  StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode);

  /** Every local store of each dataset, for reads that span symbols. */
  StoreLookup local(ReadMode mode);

  /**
   * Runs a read of the partitioned stores ({@link #ofSymbol}, {@link #local}) only while they hold the whole of what
   * they are said to hold; a source whose stores never move runs it as it is.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when they may not (starting, rebalancing,
   *     restoring) or may not have during the read
   */
  default <T> T settled(Supplier<T> read) {
    return read.get();
  }

  /** The global stores (the security definitions), which every instance holds whole. */
  StoreLookup global();
}
