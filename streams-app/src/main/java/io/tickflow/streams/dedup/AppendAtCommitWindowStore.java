package io.tickflow.streams.dedup;

import io.tickflow.streams.ForwardingWindowStore;
import io.tickflow.streams.StoreOwner;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A window store whose {@link #put} appends the value's bytes to what the key holds, and which writes the appended
 * bytes to the store below only when Kafka Streams prepares a commit: per key, one record per commit (more for more
 * than {@value #MAX_CHUNK_BYTES} bytes), in the window of the latest time the key was appended with, stored under the
 * key followed by an eight-byte chunk id, so that a commit never reads or rewrites what an earlier one stored. Chunk
 * ids count up from a random start drawn at each {@link #init}: two chunks of one key and window get the same id (and
 * the later one replaces the earlier) with a probability of about one in 2<sup>64</sup> per pair, where reading the
 * last id back would cost a RocksDB seek per key and commit.
 *
 * <p>Why: the dedup stage remembers the identity of every trade. Written one by one, each identity cost a store
 * write and a changelog record: the second record produced per trade, with its share of the producer's and the
 * broker's work. Appended per (symbol, minute) and written at commit, data writes one record per symbol and minute a
 * commit saw. A chunk's window is its latest time so that the store's retention, which runs on window times, keeps
 * every identity in it for at least the retention. The pre-commit hook is the one {@code WriteAtCommitStore} uses:
 * Kafka Streams' state manager calls {@code flushCache()} on the stores at the start of every commit, before the
 * producer is flushed, so the appended bytes reach the changelog in the same transaction as the outputs of the records
 * that appended them.
 *
 * <p>The newest window: each commit that writes a window later than any before it in this run also writes a one-byte
 * record under the reserved key {@link #NEWEST_WINDOW_KEY} in that window, which {@link #newestWindow} reads back
 * after a restart. Why: RocksDB's window store returns its latest segment by key, not by window, so its first record
 * can be up to a segment (half the retention) older than its newest window, and the dedup stage places history from
 * far behind the partition by the newest window.
 *
 * <p>Reads: {@link #fetch(Bytes, long, long)} returns the key's stored chunks whose windows start in the range, in
 * order, then, to the thread that appends (the task's stream thread), the bytes appended since the last commit as one
 * more chunk in the window it will be written in, if that is in the range. The other reads return the store below:
 * the chunks as of the last commit, under their chunk keys. A key must not be another key followed by exactly eight
 * bytes, or their chunks would mix; the dedup stage's keys are a symbol without control characters followed by a mark
 * or time bytes.
 */
public final class AppendAtCommitWindowStore extends ForwardingWindowStore {

  /** The key of the newest-window records: no dedup key starts with a control character. */
  static final Bytes NEWEST_WINDOW_KEY = Bytes.wrap(new byte[] {0});
  static final byte[] NEWEST_WINDOW_VALUE = {1}; // any non-null value: null would delete the window
  /** Largest chunk written at once: far below the producer's default request size of 1 MiB. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final int CHUNK_ID_BYTES = 8;
  private static final SecureRandom CHUNK_ID_STARTS = new SecureRandom();

  /** A key's range of windows, as the owner read it last. */
  private record Range(Bytes key, long timeFrom, long timeTo) {
  }

  /** Bytes appended to one key since the last commit, and the latest window time they came with. */
  private static final class Appended {
    private byte[] bytes = new byte[64];
    private int length;
    private long latestTime = Long.MIN_VALUE;

    void append(byte[] value, long time) {
      if (length + value.length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + value.length));
      }
      System.arraycopy(value, 0, bytes, length, value.length);
      length += value.length;
      latestTime = Math.max(latestTime, time);
    }
  }

  private final Map<Bytes, Appended> pending = new HashMap<>();
  private final StoreOwner owner;
  private long nextChunkId;
  /** The latest window written since {@link #init}. */
  private long newestWritten;
  /** The latest window put under {@link #NEWEST_WINDOW_KEY} since the last commit. */
  private long newestPut;
  /**
   * The stored chunks of the range the owner fetched last, until the next commit or abort: a copied file asks for the
   * same busy minute once per trade.
   */
  private Range storedRange;
  private List<KeyValue<Long, byte[]>> storedChunks;

  public AppendAtCommitWindowStore(WindowStore<Bytes, byte[]> below) {
    super(below);
    this.owner = new StoreOwner(below.name());
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    pending.clear();
    forgetStored();
    owner.reset();
    nextChunkId = CHUNK_ID_STARTS.nextLong();
    newestWritten = Long.MIN_VALUE;
    newestPut = Long.MIN_VALUE;
    super.init(context, root);
  }

  /**
   * Appends {@code value} to the key; null (a delete) is refused: this store only grows until retention. Under
   * {@link #NEWEST_WINDOW_KEY}, has the next commit record the window as the newest if it is later than any written
   * (the owner found it in a store of a build before the record).
   */
  @Override
  public void put(Bytes key, byte[] value, long windowStartTimestamp) {
    if (value == null) {
      throw new UnsupportedOperationException("store " + name() + " appends; it cannot delete a window");
    }
    owner.requireCaller();
    if (key.equals(NEWEST_WINDOW_KEY)) {
      newestPut = Math.max(newestPut, windowStartTimestamp);
      return;
    }
    pending.computeIfAbsent(key, k -> new Appended()).append(value, windowStartTimestamp);
  }

  /**
   * The key's stored chunks whose windows start from {@code timeFrom} to {@code timeTo}, by window then chunk id, then,
   * to the appending thread, the bytes appended since the last commit under the window they will be written in, if in
   * the range.
   */
  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    Range range = new Range(key, timeFrom, timeTo);
    if (!owner.isCaller()) {
      return new ListIterator(stored(range));
    }
    if (!range.equals(storedRange)) {
      storedRange = range;
      storedChunks = stored(range);
    }
    Appended appended = pending.get(key);
    if (appended == null || appended.latestTime < timeFrom || appended.latestTime > timeTo) {
      return new ListIterator(storedChunks);
    }
    List<KeyValue<Long, byte[]>> all = new ArrayList<>(storedChunks);
    all.add(KeyValue.pair(appended.latestTime, Arrays.copyOf(appended.bytes, appended.length)));
    return new ListIterator(all);
  }

  private List<KeyValue<Long, byte[]>> stored(Range range) {
    List<KeyValue<Long, byte[]>> chunks = new ArrayList<>();
    try (KeyValueIterator<Windowed<Bytes>, byte[]> stored = wrapped().fetch(chunkKey(range.key(), 0),
        chunkKey(range.key(), -1), range.timeFrom(), range.timeTo())) {
      while (stored.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> chunk = stored.next();
        if (isChunkOf(chunk.key.key(), range.key())) {
          chunks.add(KeyValue.pair(chunk.key.window().start(), chunk.value));
        }
      }
    }
    return chunks;
  }

  /**
   * The newest window of the store as of its last commit, {@code Long.MIN_VALUE} when none was recorded (an empty
   * store, or one written by a build before the record).
   */
  static long newestWindow(WindowStore<Bytes, byte[]> store) {
    try (WindowStoreIterator<byte[]> newest = store.backwardFetch(NEWEST_WINDOW_KEY, Instant.EPOCH,
        Instant.ofEpochMilli(Long.MAX_VALUE))) {
      return newest.hasNext() ? newest.next().key : Long.MIN_VALUE;
    }
  }

  /**
   * Writes each key's pending bytes below as new chunks, and the newest window if it moved, then lets the stores below
   * flush their caches.
   */
  @Override
  public void flushCache() {
    long newest = Math.max(newestWritten, newestPut);
    for (Map.Entry<Bytes, Appended> appended : pending.entrySet()) {
      writeChunks(appended.getKey(), appended.getValue());
      newest = Math.max(newest, appended.getValue().latestTime);
    }
    if (newest > newestWritten) {
      wrapped().put(NEWEST_WINDOW_KEY, NEWEST_WINDOW_VALUE, newest);
      newestWritten = newest;
    }
    newestPut = Long.MIN_VALUE;
    pending.clear();
    forgetStored();
    super.flushCache();
  }

  /** Drops the pending bytes with the caches below: the task's uncommitted work is being thrown away. */
  @Override
  public void clearCache() {
    newestPut = Long.MIN_VALUE;
    pending.clear();
    forgetStored();
    super.clearCache();
  }

  @Override
  public void close() {
    pending.clear();
    super.close();
  }

  private void forgetStored() {
    storedRange = null;
    storedChunks = null;
  }

  private void writeChunks(Bytes key, Appended appended) {
    for (int from = 0; from < appended.length; from += MAX_CHUNK_BYTES) {
      int to = Math.min(appended.length, from + MAX_CHUNK_BYTES);
      wrapped().put(chunkKey(key, nextChunkId++), Arrays.copyOfRange(appended.bytes, from, to), appended.latestTime);
    }
  }

  private static boolean isChunkOf(Bytes stored, Bytes key) {
    return stored.get().length == key.get().length + CHUNK_ID_BYTES;
  }

  private static Bytes chunkKey(Bytes key, long id) {
    byte[] bytes = Arrays.copyOf(key.get(), key.get().length + CHUNK_ID_BYTES);
    ByteBuffer.wrap(bytes, key.get().length, CHUNK_ID_BYTES).putLong(id);
    return Bytes.wrap(bytes);
  }

  /** Chunks read into a list: a lookup reads a handful, and the list outlives the RocksDB iterator it came from. */
  private static final class ListIterator implements WindowStoreIterator<byte[]> {
    private final Iterator<KeyValue<Long, byte[]>> chunks;
    private KeyValue<Long, byte[]> next;

    ListIterator(List<KeyValue<Long, byte[]>> chunks) {
      this.chunks = chunks.iterator();
      this.next = this.chunks.hasNext() ? this.chunks.next() : null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue<Long, byte[]> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue<Long, byte[]> current = next;
      next = chunks.hasNext() ? chunks.next() : null;
      return current;
    }

    @Override
    public Long peekNextKey() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      return next.key;
    }

    @Override
    public void close() {
    }
  }
}
