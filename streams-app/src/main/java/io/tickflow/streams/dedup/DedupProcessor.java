package io.tickflow.streams.dedup;

import io.tickflow.bars.TradeTick;
import io.tickflow.streams.CheckpointFileWindowStore;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.TickflowStores;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.PipelineSensors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 *
 * <p>A store lookup per trade would cost most of the stage (a RocksDB miss per new trade). So the processor keeps,
 * per symbol, a watermark no lower than the latest event time of any identity the store holds for it: a trade
 * strictly after its symbol's watermark cannot be a copy and skips the lookup, which in live data is nearly every
 * trade. The watermark is learned from the store the first time a symbol shows up after {@link #init} (one backward
 * range query: identities of a symbol sort by event time), so it holds after restarts and restores too.
 */
public final class DedupProcessor implements Processor<String, Trade, String, Trade> {

  private static final Logger log = LoggerFactory.getLogger(DedupProcessor.class);
  private static final byte[] SEEN = new byte[0];
  private static final Duration MIN_HORIZON = Duration.ofSeconds(1);
  /** Identity bytes after the symbol: seconds, nanos, price, size, sequence, side. */
  private static final int FIXED_IDENTITY_BYTES = 8 + 4 + 8 + 8 + 4 + 1;

  private final String storeName;
  private ProcessorContext<String, Trade> context;
  private WindowStore<Bytes, byte[]> seen;
  private PipelineSensors sensors;
  private final Map<String, Watermark> watermarks = new HashMap<>();

  /** The latest event time, UTC microseconds, of the identities stored for one symbol; mutable, one per symbol. */
  private static final class Watermark {
    private long micros;

    Watermark(long micros) {
      this.micros = micros;
    }
  }

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
        : CheckpointFileWindowStore.supplier(Stores.persistentWindowStore(name, horizon, windowSize, false));
    return Stores.windowStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(TickflowStores.WINDOW_CHANGELOG);
  }

  @Override
  public void init(ProcessorContext<String, Trade> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.sensors = new PipelineSensors(context.metrics(), "trades");
    watermarks.clear();
  }

  @Override
  public void process(Record<String, Trade> record) {
    Trade trade = record.value();
    Bytes identity = identity(trade);
    long eventMillis = record.timestamp();
    long eventMicros = TradeTick.toMicros(trade.getEventTime());
    Watermark watermark = watermarks.computeIfAbsent(trade.getSymbol(), this::storedWatermark);
    boolean surelyNew = eventMicros >= 0 && eventMicros > watermark.micros;
    if (!surelyNew && seen.fetch(identity, eventMillis) != null) {
      sensors.rejected(Rejection.DUPLICATE);
      log.debug("Duplicate trade dropped: {}", trade);
      return;
    }
    seen.put(identity, SEEN, eventMillis);
    watermark.micros = Math.max(watermark.micros, eventMicros);
    context.forward(record);
  }

  /**
   * The latest event time among the stored identities of a symbol with a non-negative epoch second (trades before
   * 1970 always take the lookup). Those identities are the symbol's bytes, a zero byte (the top byte of the second)
   * and the rest, and sort by event time: the first of a backward range query is the latest. Identities of symbols
   * that extend this one with a zero byte would fall in the range too, which can only raise the watermark: safe.
   */
  private Watermark storedWatermark(String symbol) {
    byte[] symbolBytes = symbol.getBytes(StandardCharsets.UTF_8);
    byte[] from = Arrays.copyOf(symbolBytes, symbolBytes.length + 1);
    byte[] to = Arrays.copyOf(symbolBytes, symbolBytes.length + FIXED_IDENTITY_BYTES);
    Arrays.fill(to, symbolBytes.length + 1, to.length, (byte) 0xFF);
    try (KeyValueIterator<Windowed<Bytes>, byte[]> latest = seen.backwardFetch(Bytes.wrap(from), Bytes.wrap(to),
        Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
      if (!latest.hasNext()) {
        return new Watermark(Long.MIN_VALUE);
      }
      byte[] stored = latest.next().key.key().get();
      ByteBuffer time = ByteBuffer.wrap(stored, stored.length - FIXED_IDENTITY_BYTES, 12);
      return new Watermark(time.getLong() * 1_000_000L + time.getInt() / 1_000);
    }
  }

  /** (symbol, event time, price, size, side, sequence) as bytes. */
  static Bytes identity(Trade trade) {
    byte[] symbol = trade.getSymbol().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(symbol.length + FIXED_IDENTITY_BYTES);
    buffer.put(symbol).putLong(trade.getEventTime().getEpochSecond()).putInt(trade.getEventTime().getNano())
        .putLong(Double.doubleToLongBits(trade.getPrice())).putLong(trade.getSize()).putInt(trade.getSequence())
        .put((byte) trade.getSide().ordinal());
    return Bytes.wrap(buffer.array());
  }
}
