package io.tickflow.streams.dedup;

import io.tickflow.bars.TradeTick;
import io.tickflow.streams.CheckpointFileWindowStore;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.TickflowStores;
import io.tickflow.streams.WrappingStoreBuilder;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.metrics.PipelineSensors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 * sequence). Duplicates are counted as rejected with reason {@code duplicate}, not dead-lettered: they are copies of
 * data already accepted.
 *
 * <p>Seen identities live in a window store whose retention (the horizon) bounds it, grouped by symbol and event
 * second: the key is the symbol's bytes and the epoch second (eight bytes, big-endian), the window starts at that
 * second, and the value is the rest of each identity ({@value #TAIL_BYTES} bytes: nanoseconds, price, size,
 * sequence, side), appended ({@link AppendAtCommitWindowStore}): a trade costs no store write of its own.
 *
 * <p>A lookup per trade would cost most of the stage. So the processor keeps, per symbol, a watermark no lower than
 * the latest event time of any identity the store holds for it: a trade strictly after its symbol's watermark cannot
 * be a copy and skips the lookup, which in live data is nearly every trade; one tied with the latest accepted trade
 * is compared with the trades at that time only. The watermark is learned from the store
 * the first time a symbol shows up after {@link #init} (one backward range query: a symbol's keys sort by second), so
 * it holds after restarts and restores too.
 *
 * <p>The store's retention runs on its newest window, the latest trade of the whole partition; a symbol whose history
 * is written more than half the horizon behind it (one instrument's file caught up after another's) has its
 * identities stored in a later window ({@link #windowMs}), so that they are not expired on arrival.
 */
public final class DedupProcessor implements Processor<String, Trade, String, Trade> {

  private static final Logger log = LoggerFactory.getLogger(DedupProcessor.class);
  private static final Duration MIN_HORIZON = Duration.ofSeconds(1);
  private static final int SECOND_BYTES = 8;
  /** Identity bytes after the symbol and second: nanoseconds, price, size, sequence, side. */
  static final int TAIL_BYTES = 4 + 8 + 8 + 4 + 1;

  private final String storeName;
  /** A second older than the newest window by more than this is stored in a later window (see {@link #windowMs}). */
  private final long relocateAfterMs;
  /** The newest window time stored or seen in the store; {@code Long.MIN_VALUE} while unknown. */
  private long newestWindowMs;
  private ProcessorContext<String, Trade> context;
  private WindowStore<Bytes, byte[]> seen;
  private PipelineSensors sensors;
  private final Map<String, SymbolSeen> symbols = new HashMap<>();

  /**
   * A symbol's bytes, its watermark (UTC microseconds) and, once a trade this processor accepted set the watermark,
   * the identity tails of the accepted trades at exactly that time: a trade tied with the latest one (several prints of
   * one sweep) can only be a copy of one of those. Mutable, one per symbol.
   */
  private static final class SymbolSeen {
    private final byte[] symbol;
    /** True once an identity of the symbol was stored in a later window than its second ({@link #windowMs}). */
    private boolean relocated;
    private long watermarkMicros;
    private boolean exact;
    private final List<byte[]> atWatermark = new ArrayList<>(4);

    SymbolSeen(byte[] symbol, long watermarkMicros) {
      this.symbol = symbol;
      this.watermarkMicros = watermarkMicros;
    }

    boolean isTiedWithLatest(long eventMicros) {
      return exact && eventMicros == watermarkMicros;
    }

    boolean tiedWith(byte[] tail) {
      for (byte[] seen : atWatermark) {
        if (Arrays.equals(seen, tail)) {
          return true;
        }
      }
      return false;
    }

    void accepted(long eventMicros, byte[] tail) {
      if (eventMicros > watermarkMicros) {
        watermarkMicros = eventMicros;
        exact = true;
        atWatermark.clear();
      }
      if (isTiedWithLatest(eventMicros)) {
        atWatermark.add(tail);
      }
    }
  }

  /**
   * @param storeName the store of seen identities, from {@link #storeBuilder}
   * @param horizon the store's retention
   */
  public DedupProcessor(String storeName, Duration horizon) {
    this.storeName = storeName;
    this.relocateAfterMs = horizon.toMillis() / 2;
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
    Duration windowSize = Duration.ofSeconds(1);
    WindowBytesStoreSupplier supplier = inMemory
        ? Stores.inMemoryWindowStore(name, horizon, windowSize, false)
        : CheckpointFileWindowStore.supplier(Stores.persistentWindowStore(name, horizon, windowSize, false));
    return new WrappingStoreBuilder<>(Stores.windowStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(TickflowStores.wrappedWindowChangelog(horizon)), AppendAtCommitWindowStore::new);
  }

  @Override
  public void init(ProcessorContext<String, Trade> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.sensors = new PipelineSensors(context.metrics(), Pipeline.TRADES);
    symbols.clear();
    newestWindowMs = Long.MIN_VALUE;
    try (KeyValueIterator<Windowed<Bytes>, byte[]> newest = seen.backwardFetchAll(Instant.EPOCH,
        Instant.ofEpochMilli(Long.MAX_VALUE))) {
      if (newest.hasNext()) {
        newestWindowMs = newest.next().key.window().start();
      }
    }
  }

  @Override
  public void process(Record<String, Trade> record) {
    Trade trade = record.value();
    long second = trade.getEventTime().getEpochSecond();
    long eventMicros = TradeTick.toMicros(trade.getEventTime());
    SymbolSeen symbol = symbols.computeIfAbsent(trade.getSymbol(), this::learn);
    Bytes key = key(symbol.symbol, second);
    byte[] tail = tail(trade);
    boolean duplicate;
    if (eventMicros >= 0 && eventMicros > symbol.watermarkMicros) {
      duplicate = false;
    } else if (symbol.isTiedWithLatest(eventMicros)) {
      duplicate = symbol.tiedWith(tail);
    } else {
      duplicate = isStored(symbol, key, second * 1_000L, tail);
    }
    if (duplicate) {
      sensors.rejected(Reason.DUPLICATE);
      log.debug("Duplicate trade dropped: {}", trade);
      return;
    }
    long windowMs = windowMs(second * 1_000L);
    seen.put(key, tail, windowMs);
    symbol.relocated |= windowMs != second * 1_000L;
    newestWindowMs = Math.max(newestWindowMs, windowMs);
    if (eventMicros >= 0) {
      symbol.accepted(eventMicros, tail);
    }
    context.forward(record);
  }

  /**
   * A symbol's bytes and the end of the latest second with identities stored for it (trades before 1970 always take
   * the lookup). Its keys are the symbol's bytes, a zero byte (the top byte of a second since 1970) and the rest, and
   * sort by second: the first of a backward range query is the latest. The symbol check refuses control characters
   * before this stage, so no other symbol's keys fall in the range.
   */
  private SymbolSeen learn(String symbol) {
    byte[] symbolBytes = symbol.getBytes(StandardCharsets.UTF_8);
    byte[] from = Arrays.copyOf(symbolBytes, symbolBytes.length + SECOND_BYTES);
    byte[] to = Arrays.copyOf(symbolBytes, symbolBytes.length + SECOND_BYTES + 8); // and the chunk id
    Arrays.fill(to, symbolBytes.length + 1, to.length, (byte) 0xFF);
    try (KeyValueIterator<Windowed<Bytes>, byte[]> latest = seen.backwardFetch(Bytes.wrap(from), Bytes.wrap(to),
        Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
      if (!latest.hasNext()) {
        return new SymbolSeen(symbolBytes, Long.MIN_VALUE);
      }
      Windowed<Bytes> newest = latest.next().key;
      long second = ByteBuffer.wrap(newest.key().get(), symbolBytes.length, SECOND_BYTES).getLong();
      SymbolSeen seenBefore = new SymbolSeen(symbolBytes, second * 1_000_000L + 999_999L);
      seenBefore.relocated = newest.window().start() != second * 1_000L;
      newestWindowMs = Math.max(newestWindowMs, newest.window().start());
      return seenBefore;
    }
  }

  /**
   * The window an event second's identities are stored in: the second itself, unless it is more than half the
   * horizon older than the newest window. The store's retention runs on its newest window, that is on the latest
   * trade of any symbol in the partition, while each symbol's bars keep their own clock: the history of one
   * instrument written after a newer one's (files caught up one after the other) would be expired on arrival, and its
   * copies within the bars' grace counted twice. Such a second goes to the first window {@code second + k * half the
   * horizon} at or after the newest window minus half the horizon, so it is remembered for at least half the horizon of
   * the partition's time; {@link #isStored} looks for it in each window it can be in.
   */
  private long windowMs(long secondMs) {
    long behind = newestWindowMs - relocateAfterMs - secondMs;
    if (newestWindowMs == Long.MIN_VALUE || behind <= 0) {
      return secondMs;
    }
    return secondMs + Math.floorDiv(behind + relocateAfterMs - 1, relocateAfterMs) * relocateAfterMs;
  }

  /**
   * True when an identity of the second is stored: in the second's own window, or, for a second far enough behind
   * or of a symbol already relocated, in each later window of its {@link #windowMs} steps that can still be live. The
   * steps searched reach past the newest window, as the newest learned at {@link #init} can be short of the real one
   * by a RocksDB segment (half the retention).
   */
  private boolean isStored(SymbolSeen symbol, Bytes key, long secondMs, byte[] tail) {
    if (contains(seen.fetch(key, secondMs), tail)) {
      return true;
    }
    if (newestWindowMs == Long.MIN_VALUE || !symbol.relocated && secondMs >= newestWindowMs - relocateAfterMs) {
      return false; // never relocated: the newest window was no newer when it was stored
    }
    long oldest = newestWindowMs - 3 * relocateAfterMs;
    long step = Math.max(1, Math.floorDiv(oldest - secondMs + relocateAfterMs - 1, relocateAfterMs));
    for (long windowMs = secondMs + step * relocateAfterMs; windowMs <= newestWindowMs + 2 * relocateAfterMs;
         windowMs += relocateAfterMs) {
      if (contains(seen.fetch(key, windowMs), tail)) {
        return true;
      }
    }
    return false;
  }

  /** The store key of a symbol's identities in one event second. */
  static Bytes key(byte[] symbol, long second) {
    return Bytes.wrap(ByteBuffer.allocate(symbol.length + SECOND_BYTES).put(symbol).putLong(second).array());
  }

  /** The identity's bytes after its symbol and second. */
  static byte[] tail(Trade trade) {
    return ByteBuffer.allocate(TAIL_BYTES).putInt(trade.getEventTime().getNano())
        .putLong(Double.doubleToLongBits(trade.getPrice())).putLong(trade.getSize()).putInt(trade.getSequence())
        .put((byte) trade.getSide().ordinal()).array();
  }

  /** True when {@code tails} (identity tails end to end, or null) holds {@code tail}. */
  static boolean contains(byte[] tails, byte[] tail) {
    if (tails == null) {
      return false;
    }
    for (int from = 0; from + TAIL_BYTES <= tails.length; from += TAIL_BYTES) {
      if (Arrays.equals(tails, from, from + TAIL_BYTES, tail, 0, TAIL_BYTES)) {
        return true;
      }
    }
    return false;
  }
}
