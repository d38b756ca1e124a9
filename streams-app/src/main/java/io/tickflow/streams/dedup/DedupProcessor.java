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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a trade already seen within the dedup horizon, so that the overlap of a backfill with live data, a
 * reconnect or a re-imported file counts once. A trade's identity is (symbol, event time, price, size, side,
 * sequence). Duplicates are counted as rejected with reason {@code duplicate}, not dead-lettered: they are copies of
 * data already accepted.
 *
 * <p>Seen identities live in a window store whose retention (the horizon) bounds it, grouped by symbol and event
 * minute ({@link Layout#MINUTE}): the key is the symbol's bytes, 0xFF and the epoch minute, each chunk's window is the
 * latest second appended to it (so the store's retention keeps every identity for the horizon), and the value is the
 * rest of each identity ({@value #TAIL_BYTES} bytes: second of the minute, nanoseconds,
 * price, size, sequence, side), appended ({@link AppendAtCommitWindowStore}): a trade costs no store write of its
 * own, and a commit writes one record per symbol and minute it saw. Minutes rather than seconds because each record
 * costs a RocksDB insert and a changelog record: a catch-up (a replay, a file import, a backfill) covers many event
 * seconds of a symbol per commit, and the profile of the topology benchmark put a fifth of the stream thread in those
 * inserts with seconds.
 *
 * <p>A lookup per trade would cost most of the stage. So the processor keeps, per symbol, a watermark no lower than
 * the latest event time of any identity the store holds for it: a trade strictly after its symbol's watermark cannot
 * be a copy and skips the lookup, which in live data is nearly every trade; one tied with the latest accepted trade
 * is compared with the trades at that time only. The watermark is learned from the store
 * the first time a symbol shows up after {@link #init} (a backward range query per layout: a symbol's keys sort by
 * time), so it holds after restarts and restores too.
 *
 * <p>The store's retention runs on its newest window, the latest trade of the whole partition; a symbol whose history
 * is written more than half the horizon behind it (one instrument's file caught up after another's) has its
 * identities stored in a later window ({@link #windowMs}), so that they are not expired on arrival.
 */
public final class DedupProcessor implements Processor<String, Trade, String, Trade> {

  private static final Logger log = LoggerFactory.getLogger(DedupProcessor.class);
  private static final Duration MIN_HORIZON = Duration.ofSeconds(1);
  private static final int TIME_BYTES = 8;
  /** Identity bytes after the symbol and the second, as the {@link Layout#SECOND} layout stored them. */
  private static final int SECOND_TAIL_BYTES = 4 + 8 + 8 + 4 + 1;
  /** Identity bytes after the symbol and the minute: the second of the minute, then as {@link #SECOND_TAIL_BYTES}. */
  static final int TAIL_BYTES = 1 + SECOND_TAIL_BYTES;
  /** The byte after the symbol in {@link Layout#MINUTE} keys: never in UTF-8, so no symbol's bytes start with it. */
  private static final byte MINUTE_MARK = (byte) 0xFF;

  /**
   * How identities are keyed in the store: {@link #MINUTE} is written; {@link #SECOND}, the layout of earlier builds,
   * is only read, for the identities a store kept from them (none once a horizon has passed since the upgrade).
   */
  enum Layout {
    /** Symbol, 0xFF, epoch minute; tails start with the second of the minute. */
    MINUTE(60, 1),
    /** Symbol, epoch second (its top byte zero since 1970, so these keys sort before a symbol's minute keys). */
    SECOND(1, 0);

    private final int spanSeconds;
    private final int markBytes;

    Layout(int spanSeconds, int markBytes) {
      this.spanSeconds = spanSeconds;
      this.markBytes = markBytes;
    }

    /** The store key of a symbol's identities in the span holding {@code second}. */
    Bytes key(byte[] symbol, long second) {
      ByteBuffer key = ByteBuffer.allocate(symbol.length + markBytes + TIME_BYTES).put(symbol);
      if (markBytes > 0) {
        key.put(MINUTE_MARK);
      }
      return Bytes.wrap(key.putLong(Math.floorDiv(second, spanSeconds)).array());
    }

    /** The first second of the span holding {@code second}, in epoch milliseconds. */
    long startMs(long second) {
      return Math.floorDiv(second, spanSeconds) * spanSeconds * 1_000L;
    }

    /** The last second of the span holding {@code second}, in epoch milliseconds. */
    long lastMs(long second) {
      return startMs(second) + (spanSeconds - 1) * 1_000L;
    }

    /** The last microsecond of the span a stored key names. */
    long endMicros(Bytes key, int symbolLength) {
      return endMicros(ByteBuffer.wrap(key.get(), symbolLength + markBytes, TIME_BYTES).getLong() * spanSeconds);
    }

    /** The last microsecond of the span holding {@code second}. */
    long endMicros(long second) {
      return (Math.floorDiv(second, spanSeconds) + 1) * spanSeconds * 1_000_000L - 1;
    }

    /**
     * The first and last possible chunk keys of a symbol in this layout (a range query's bounds): after the symbol, the
     * mark, then zero bytes; the mark (or for {@link #SECOND} a zero byte: seconds since 1970), then 0xFF to the chunk
     * id's end.
     */
    Bytes[] range(byte[] symbol) {
      byte[] from = Arrays.copyOf(symbol, symbol.length + markBytes + TIME_BYTES);
      byte[] to = Arrays.copyOf(symbol, symbol.length + markBytes + TIME_BYTES + 8); // and the chunk id
      if (markBytes > 0) {
        from[symbol.length] = MINUTE_MARK;
      }
      to[symbol.length] = from[symbol.length];
      Arrays.fill(to, symbol.length + 1, to.length, (byte) 0xFF);
      return new Bytes[] {Bytes.wrap(from), Bytes.wrap(to)};
    }

    /** The identity's bytes after its symbol and span. */
    byte[] tail(Trade trade) {
      ByteBuffer tail = ByteBuffer.allocate(markBytes + SECOND_TAIL_BYTES);
      if (markBytes > 0) {
        tail.put((byte) Math.floorMod(trade.getEventTime().getEpochSecond(), spanSeconds));
      }
      return tail.putInt(trade.getEventTime().getNano()).putLong(Double.doubleToLongBits(trade.getPrice()))
          .putLong(trade.getSize()).putInt(trade.getSequence()).put((byte) trade.getSide().ordinal()).array();
    }
  }

  private final String storeName;
  /** A second older than the newest window by more than this is stored in a later window (see {@link #windowMs}). */
  private final long relocateAfterMs;
  /** The newest window time stored or seen in the store; {@code Long.MIN_VALUE} while unknown. */
  private long newestWindowMs;
  /**
   * The newest window read at {@link #init}: the store's record of it, or, for a store written by a build before that
   * record, the latest window of its latest segment; {@code Long.MIN_VALUE} for an empty store. Where an older build
   * ran on the store after this one had recorded, the record is older, and the store's first record (RocksDB: of its
   * latest segment, by key) bounds it: the real newest can then be later by up to a segment (half the horizon).
   */
  private long newestAtInitMs;
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
    /** The last second with identities stored in the {@link Layout#SECOND} layout; {@code Long.MIN_VALUE} if none. */
    private long secondLayoutUntil = Long.MIN_VALUE;
    private long watermarkMicros = Long.MIN_VALUE;
    private boolean exact;
    private final List<byte[]> atWatermark = new ArrayList<>(4);

    SymbolSeen(byte[] symbol) {
      this.symbol = symbol;
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
    // The window size only gives each window the end that nothing here reads; a second keeps it within any horizon.
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
    long recorded = AppendAtCommitWindowStore.newestWindow(seen);
    long first = firstWindow();
    if (recorded == Long.MIN_VALUE && first != Long.MIN_VALUE) {
      // A store written before the newest-window record: placed by its first record, history caught up before the
      // newest symbol shows up would be forgotten up to half the horizon early. So its latest segment is read once, and
      // the store records the newest at the next commit, for the starts after it.
      newestWindowMs = newestFrom(first);
      seen.put(AppendAtCommitWindowStore.NEWEST_WINDOW_KEY, AppendAtCommitWindowStore.NEWEST_WINDOW_VALUE,
          newestWindowMs);
    } else {
      newestWindowMs = Math.max(recorded, first);
    }
    newestAtInitMs = newestWindowMs;
  }

  /**
   * The window of the store's first record: the latest window (in-memory), or a window of the latest segment, the
   * first by key (RocksDB); {@code Long.MIN_VALUE} for an empty store.
   */
  private long firstWindow() {
    try (KeyValueIterator<Windowed<Bytes>, byte[]> records = seen.backwardFetchAll(Instant.EPOCH,
        Instant.ofEpochMilli(Long.MAX_VALUE))) {
      return records.hasNext() ? records.next().key.window().start() : Long.MIN_VALUE;
    }
  }

  /** The latest window of the records in windows from {@code fromMs} on: RocksDB reads its latest segment for them. */
  private long newestFrom(long fromMs) {
    long newest = fromMs;
    try (KeyValueIterator<Windowed<Bytes>, byte[]> records = seen.fetchAll(Instant.ofEpochMilli(fromMs),
        Instant.ofEpochMilli(Long.MAX_VALUE))) {
      while (records.hasNext()) {
        newest = Math.max(newest, records.next().key.window().start());
      }
    }
    return newest;
  }

  @Override
  public void process(Record<String, Trade> record) {
    Trade trade = record.value();
    long second = trade.getEventTime().getEpochSecond();
    long eventMicros = TradeTick.toMicros(trade.getEventTime());
    SymbolSeen symbol = symbols.computeIfAbsent(trade.getSymbol(), this::learn);
    byte[] tail = Layout.MINUTE.tail(trade);
    boolean duplicate;
    if (eventMicros >= 0 && eventMicros > symbol.watermarkMicros) {
      duplicate = false;
    } else if (symbol.isTiedWithLatest(eventMicros)) {
      duplicate = symbol.tiedWith(tail);
    } else {
      duplicate = isStored(Layout.MINUTE, symbol.symbol, second, tail)
          || second <= symbol.secondLayoutUntil && isStored(Layout.SECOND, symbol.symbol, second,
              Layout.SECOND.tail(trade));
    }
    if (duplicate) {
      sensors.rejected(Reason.DUPLICATE);
      log.debug("Duplicate trade dropped: {}", trade);
      return;
    }
    long windowMs = windowMs(second * 1_000L);
    seen.put(Layout.MINUTE.key(symbol.symbol, second), tail, windowMs);
    newestWindowMs = Math.max(newestWindowMs, windowMs);
    if (eventMicros >= 0) {
      symbol.accepted(eventMicros, tail);
    }
    context.forward(record);
  }

  /**
   * A symbol's bytes and the end of the latest span with identities stored for it, in either layout (trades before
   * 1970 always take the lookup).
   */
  private SymbolSeen learn(String name) {
    SymbolSeen symbol = new SymbolSeen(name.getBytes(StandardCharsets.UTF_8));
    for (Layout layout : Layout.values()) {
      long endMicros = latestEndMicros(layout, symbol.symbol);
      if (endMicros == Long.MIN_VALUE) {
        continue;
      }
      symbol.watermarkMicros = Math.max(symbol.watermarkMicros, endMicros);
      if (layout == Layout.SECOND) {
        symbol.secondLayoutUntil = Math.floorDiv(endMicros, 1_000_000L);
      }
    }
    return symbol;
  }

  /**
   * The end of the symbol's latest span stored in the layout ({@code Long.MIN_VALUE} if none). The store returns the
   * latest windows first (RocksDB: the latest segment first, by key within it), and a relocated chunk's window is
   * later than its span ({@link #windowMs}): an older span relocated can come before the latest one. So the chunks are
   * read until the latest span found ends no earlier than the span holding the current chunk's window: every chunk
   * after it has an earlier window, or (RocksDB, same segment) an earlier span (keys sort as unsigned bytes, so by span
   * for spans since 1970: TimestampRule keeps earlier trades from this stage), and no identity later than its window.
   * Without relocation that is the first chunk. The symbol check refuses control characters before this stage, so no
   * other symbol's keys fall in the layout's range.
   */
  private long latestEndMicros(Layout layout, byte[] symbol) {
    long endMicros = Long.MIN_VALUE;
    Bytes[] range = layout.range(symbol);
    try (KeyValueIterator<Windowed<Bytes>, byte[]> chunks = seen.backwardFetch(range[0], range[1], Instant.EPOCH,
        Instant.ofEpochMilli(Long.MAX_VALUE))) {
      while (chunks.hasNext()) {
        Windowed<Bytes> chunk = chunks.next().key;
        long chunkEndMicros = layout.endMicros(chunk.key(), symbol.length);
        long windowEndMicros = layout.endMicros(Math.floorDiv(chunk.window().start(), 1_000L));
        endMicros = Math.max(endMicros, chunkEndMicros);
        newestWindowMs = Math.max(newestWindowMs, chunk.window().start());
        if (endMicros >= windowEndMicros) {
          break;
        }
      }
    }
    return endMicros;
  }

  /**
   * The window time an identity of an event second is appended with: the second, unless it is more than half the
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
   * True when an identity is stored in the layout: in a chunk of its span's key whose window (the latest second of
   * its identities, {@link AppendAtCommitWindowStore}) is in the span, or, for a span that may have been relocated, in
   * each later range of its {@link #windowMs} steps that can still be live. A span was relocated only if it started
   * more than half the horizon before the newest window of the time: the newest this processor has seen, or, for what
   * was stored before {@link #init}, the store's newest then, no later than {@link #newestAtInitMs} but by less than
   * half the horizon (a RocksDB segment) where an older build wrote after the record: so before
   * {@link #newestAtInitMs}. For the same reason the steps searched reach past the newest window.
   */
  private boolean isStored(Layout layout, byte[] symbol, long second, byte[] tail) {
    Bytes key = layout.key(symbol, second);
    long startMs = layout.startMs(second);
    long spanMs = layout.lastMs(second) - startMs;
    if (isStoredIn(key, startMs, startMs + spanMs, tail)) {
      return true;
    }
    if (newestWindowMs == Long.MIN_VALUE
        || startMs >= newestWindowMs - relocateAfterMs && startMs >= newestAtInitMs) {
      return false; // never relocated: the newest window was no newer when it was stored
    }
    long oldest = newestWindowMs - 3 * relocateAfterMs;
    long step = Math.max(1, Math.floorDiv(oldest - startMs + relocateAfterMs - 1, relocateAfterMs));
    for (long windowMs = startMs + step * relocateAfterMs; windowMs <= newestWindowMs + 2 * relocateAfterMs;
         windowMs += relocateAfterMs) {
      if (isStoredIn(key, windowMs, windowMs + spanMs, tail)) {
        return true;
      }
    }
    return false;
  }

  /** True when the chunks of the key in windows starting from {@code fromMs} to {@code toMs} hold the tail. */
  private boolean isStoredIn(Bytes key, long fromMs, long toMs, byte[] tail) {
    try (WindowStoreIterator<byte[]> chunks = seen.fetch(key, fromMs, toMs)) {
      return contains(chunks, tail);
    }
  }

  /**
   * True when the chunks, end to end, hold {@code tail} among their identities of its length. A commit's bytes are
   * split into chunks at a size that is no multiple of an identity's, so one may end inside an identity that the next
   * one (the same commit's, next in key order) completes: those bytes are carried over.
   */
  static boolean contains(Iterator<KeyValue<Long, byte[]>> chunks, byte[] tail) {
    byte[] carry = new byte[tail.length];
    int carried = 0;
    while (chunks.hasNext()) {
      byte[] chunk = chunks.next().value;
      int from = Math.min(chunk.length, carried == 0 ? 0 : tail.length - carried);
      if (carried > 0) {
        System.arraycopy(chunk, 0, carry, carried, from);
        carried += from;
        if (carried < tail.length) {
          continue;
        }
        if (Arrays.equals(carry, tail)) {
          return true;
        }
      }
      for (; from + tail.length <= chunk.length; from += tail.length) {
        if (Arrays.equals(chunk, from, from + tail.length, tail, 0, tail.length)) {
          return true;
        }
      }
      carried = chunk.length - from;
      System.arraycopy(chunk, from, carry, 0, carried);
    }
    return false;
  }
}
