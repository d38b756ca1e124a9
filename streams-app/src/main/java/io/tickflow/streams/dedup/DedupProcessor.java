package io.tickflow.streams.dedup;

import io.tickflow.schemas.Trade;
import io.tickflow.streams.TickflowStores;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.PipelineSensors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a trade already seen within the dedup horizon, so that the overlap of a backfill with live data, a
 * reconnect or a re-imported file counts once. A trade's identity is (symbol, event time, price, size, side,
 * sequence); seen identities live in a window store keyed by identity at the trade's event time, whose retention (the
 * horizon) bounds it. Duplicates are counted as rejected with reason {@code duplicate}, not dead-lettered: they are
 * copies of data already accepted.
 */
public final class DedupProcessor implements Processor<String, Trade, String, Trade> {

  private static final Logger log = LoggerFactory.getLogger(DedupProcessor.class);
  private static final byte[] SEEN = new byte[0];
  private static final Duration MIN_HORIZON = Duration.ofSeconds(1);

  private final String storeName;
  private ProcessorContext<String, Trade> context;
  private WindowStore<Bytes, byte[]> seen;
  private PipelineSensors sensors;

  public DedupProcessor(String storeName) {
    this.storeName = storeName;
  }

  /**
   * The store of seen identities.
   *
   * @param name store name
   * @param horizon how long an identity is remembered, in event time; at least one second
   * @param inMemory in-memory store (else RocksDB)
   * @throws IllegalArgumentException when the horizon is shorter than one second
   */
  public static StoreBuilder<WindowStore<Bytes, byte[]>> storeBuilder(String name, Duration horizon, boolean inMemory) {
    if (horizon.compareTo(MIN_HORIZON) < 0) {
      throw new IllegalArgumentException("Dedup horizon must be at least " + MIN_HORIZON + ", was " + horizon);
    }
    Duration windowSize = Duration.ofMillis(1);
    WindowBytesStoreSupplier supplier = inMemory
        ? Stores.inMemoryWindowStore(name, horizon, windowSize, false)
        : Stores.persistentWindowStore(name, horizon, windowSize, false);
    return Stores.windowStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(TickflowStores.WINDOW_CHANGELOG);
  }

  @Override
  public void init(ProcessorContext<String, Trade> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.sensors = new PipelineSensors(context.metrics(), "trades");
  }

  @Override
  public void process(Record<String, Trade> record) {
    Trade trade = record.value();
    Bytes identity = identity(trade);
    long eventMillis = record.timestamp();
    if (seen.fetch(identity, eventMillis) != null) {
      sensors.rejected(Rejection.DUPLICATE);
      log.debug("Duplicate trade dropped: {}", trade);
      return;
    }
    seen.put(identity, SEEN, eventMillis);
    context.forward(record);
  }

  /** (symbol, event time, price, size, side, sequence) as bytes. */
  static Bytes identity(Trade trade) {
    byte[] symbol = trade.getSymbol().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(symbol.length + 8 + 4 + 8 + 8 + 4 + 1);
    buffer.put(symbol).putLong(trade.getEventTime().getEpochSecond()).putInt(trade.getEventTime().getNano())
        .putLong(Double.doubleToLongBits(trade.getPrice())).putLong(trade.getSize()).putInt(trade.getSequence())
        .put((byte) trade.getSide().ordinal());
    return Bytes.wrap(buffer.array());
  }
}
