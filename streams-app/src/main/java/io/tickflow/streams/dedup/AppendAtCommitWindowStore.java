package io.tickflow.streams.dedup;

import io.tickflow.streams.ForwardingWindowStore;
import io.tickflow.streams.StoreOwner;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * A window store whose {@link #put} appends the value's bytes to what the key's window holds, and which writes the
 * appended bytes to the store below only when Kafka Streams prepares a commit: per key and window, one record per
 * commit (more for more than {@value #MAX_CHUNK_BYTES} bytes), stored under the key followed by an eight-byte chunk
 * id, so that a commit never reads or rewrites what an earlier one stored. Chunk ids count up from a random start
 * drawn at each {@link #init}: two chunks of one window get the same id (and the later one replaces the earlier) with
 * a probability of about one in 2<sup>64</sup> per pair, where reading the last id back would cost a RocksDB seek per
 * window and commit.
 *
 * <p>Why: the dedup stage remembers the identity of every trade. Written one by one, each identity cost a store
 * write and a changelog record: the second record produced per trade, with its share of the producer's and the
 * broker's work. Appended per (symbol, second) and written at commit, live data writes about one record per symbol
 * and commit. The pre-commit hook is the one {@code WriteAtCommitStore} uses: Kafka Streams' state manager calls
 * {@code flushCache()} on the stores at the start of every commit, before the producer is flushed, so the appended
 * bytes reach the changelog in the same transaction as the outputs of the records that appended them.
 *
 * <p>Reads: {@link #fetch(Bytes, long)} returns every stored chunk of the key's window, in order, then the bytes
 * appended since the last commit (to the thread that appends: the task's stream thread). The other reads return the
 * store below: the chunks as of the last commit, under their chunk keys. A key must not be another key followed by
 * exactly eight bytes, or their chunks would mix; the dedup stage's keys are a symbol without control characters
 * followed by eight bytes of time.
 */
public final class AppendAtCommitWindowStore extends ForwardingWindowStore {

  /** Largest chunk written at once: far below the producer's default request size of 1 MiB. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final int CHUNK_ID_BYTES = 8;
  private static final SecureRandom CHUNK_ID_STARTS = new SecureRandom();

  private record Window(Bytes key, long time) {
  }

  /** Bytes appended to one window since the last commit. */
  private static final class Appended {
    private byte[] bytes = new byte[64];
    private int length;

    void append(byte[] value) {
      if (length + value.length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + value.length));
      }
      System.arraycopy(value, 0, bytes, length, value.length);
      length += value.length;
    }
  }

  private final Map<Window, Appended> pending = new HashMap<>();
  private final StoreOwner owner;
  private long nextChunkId;
  /**
   * The stored chunks of the window the owner fetched last, joined, until the next commit or abort: a copied file
   * asks for the same busy second once per trade.
   */
  private Window storedWindow;
  private byte[] storedBytes;

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
    super.init(context, root);
  }

  /** Appends {@code value} to the window; null (a delete) is refused: this store only grows until retention. */
  @Override
  public void put(Bytes key, byte[] value, long windowStartTimestamp) {
    if (value == null) {
      throw new UnsupportedOperationException("store " + name() + " appends; it cannot delete a window");
    }
    owner.requireCaller();
    pending.computeIfAbsent(new Window(key, windowStartTimestamp), w -> new Appended()).append(value);
  }

  /** Everything appended to the window: its stored chunks in order, then the pending bytes; null when none. */
  @Override
  public byte[] fetch(Bytes key, long time) {
    Window window = new Window(key, time);
    boolean byOwner = owner.isCaller();
    byte[] stored = byOwner && window.equals(storedWindow) ? storedBytes : stored(window);
    Appended appended = null;
    if (byOwner) {
      storedWindow = window;
      storedBytes = stored;
      appended = pending.get(window);
    }
    byte[] all = appended == null ? stored : concat(stored, appended.bytes, appended.length);
    return all.length == 0 ? null : all;
  }

  private byte[] stored(Window window) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (KeyValueIterator<Windowed<Bytes>, byte[]> chunks = chunks(window.key(), window.time())) {
      while (chunks.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> chunk = chunks.next();
        if (isChunkOf(chunk.key.key(), window.key())) {
          all.writeBytes(chunk.value);
        }
      }
    }
    return all.toByteArray();
  }

  /** Writes each window's pending bytes below as new chunks, then lets the stores below flush their caches. */
  @Override
  public void flushCache() {
    pending.forEach(this::writeChunks);
    pending.clear();
    forgetStored();
    super.flushCache();
  }

  /** Drops the pending bytes with the caches below: the task's uncommitted work is being thrown away. */
  @Override
  public void clearCache() {
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
    storedWindow = null;
    storedBytes = null;
  }

  private void writeChunks(Window window, Appended appended) {
    for (int from = 0; from < appended.length; from += MAX_CHUNK_BYTES) {
      int to = Math.min(appended.length, from + MAX_CHUNK_BYTES);
      wrapped().put(chunkKey(window.key(), nextChunkId++), Arrays.copyOfRange(appended.bytes, from, to),
          window.time());
    }
  }

  /** The stored chunks of a window: the keys from the window's key and eight zero bytes to it and eight 0xFF. */
  private KeyValueIterator<Windowed<Bytes>, byte[]> chunks(Bytes key, long time) {
    return wrapped().fetch(chunkKey(key, 0), chunkKey(key, -1), time, time);
  }

  private static boolean isChunkOf(Bytes stored, Bytes key) {
    return stored.get().length == key.get().length + CHUNK_ID_BYTES;
  }

  private static Bytes chunkKey(Bytes key, long id) {
    byte[] bytes = Arrays.copyOf(key.get(), key.get().length + CHUNK_ID_BYTES);
    ByteBuffer.wrap(bytes, key.get().length, CHUNK_ID_BYTES).putLong(id);
    return Bytes.wrap(bytes);
  }

  private static byte[] concat(byte[] head, byte[] tail, int tailLength) {
    byte[] joined = Arrays.copyOf(head, head.length + tailLength);
    System.arraycopy(tail, 0, joined, head.length, tailLength);
    return joined;
  }
}
