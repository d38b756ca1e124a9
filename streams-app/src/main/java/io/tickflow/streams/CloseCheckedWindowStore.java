package io.tickflow.streams;

import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A window store whose reads fail with {@link InvalidStateStoreException} when the store closes under them, instead of
 * coming back short.
 *
 * <p>Why: a task's stores close under interactive queries at a rebalance, a migration, a revival or a stop, and Kafka
 * Streams' window stores then end the iterators open on them as if the range held nothing more (4.3:
 * {@code SegmentIterator#hasNext} skips the segments that throw {@link InvalidStateStoreException},
 * {@code InMemoryWindowStore#close} empties its open iterators), and a one-window read of a closed RocksDB store
 * finds no segment and answers null. The read API would present the bars read before the close as all there are;
 * the query service answers 503 to the exception instead. A read whose store closed since it began fails even if the
 * store has opened again (a revived task reuses its stores).
 *
 * <p>Not covered: a RocksDB segment that the stream thread drops for retention during a read is still skipped from
 * there on. It holds the oldest bars only, past the retention by then: a read newest first (the REST API's) ends early
 * at its old end; a read oldest first may return the dropped segment's first bars and not the rest.
 */
public final class CloseCheckedWindowStore extends ForwardingWindowStore {

  /** Closes so far: written by the stream thread that closes the store only, read by the readers. */
  private volatile int closes;

  private CloseCheckedWindowStore(WindowStore<Bytes, byte[]> inner) {
    super(inner);
  }

  /** {@code supplier}'s stores, wrapped. */
  public static WindowBytesStoreSupplier supplier(WindowBytesStoreSupplier supplier) {
    return new WrappingWindowSupplier(supplier, CloseCheckedWindowStore::new);
  }

  @Override
  public byte[] fetch(Bytes key, long time) {
    int closesBefore = closes;
    byte[] value = super.fetch(key, time);
    if (value == null) {
      requireOpenSince(closesBefore);
    }
    return value;
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    return checkedWindows(() -> super.fetch(key, timeFrom, timeTo));
  }

  @Override
  public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
    return checkedWindows(() -> super.backwardFetch(key, timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    return checked(() -> super.fetch(keyFrom, keyTo, timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom,
                                                                  long timeTo) {
    return checked(() -> super.backwardFetch(keyFrom, keyTo, timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
    return checked(() -> super.fetchAll(timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
    return checked(() -> super.backwardFetchAll(timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return checked(super::all);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
    return checked(super::backwardAll);
  }

  /** Counts the close before the store below closes, so that a reader that sees the close sees the count. */
  @Override
  public void close() {
    closes++;
    super.close();
  }

  private WindowStoreIterator<byte[]> checkedWindows(Supplier<WindowStoreIterator<byte[]>> read) {
    int closesBefore = closes;
    return new CheckedWindowIterator(read.get(), closesBefore);
  }

  private KeyValueIterator<Windowed<Bytes>, byte[]> checked(Supplier<KeyValueIterator<Windowed<Bytes>, byte[]>> read) {
    int closesBefore = closes;
    return new CheckedIterator<>(read.get(), closesBefore);
  }

  private void requireOpenSince(int closesBefore) {
    if (closes != closesBefore || !isOpen()) {
      throw new InvalidStateStoreException("Store " + name() + " closed while being read: the read may miss entries");
    }
  }

  /** Ends only while the store has stayed open since the read began. */
  private class CheckedIterator<K> implements KeyValueIterator<K, byte[]> {

    private final KeyValueIterator<K, byte[]> inner;
    private final int closesBefore;

    CheckedIterator(KeyValueIterator<K, byte[]> inner, int closesBefore) {
      this.inner = inner;
      this.closesBefore = closesBefore;
    }

    @Override
    public boolean hasNext() {
      if (inner.hasNext()) {
        return true;
      }
      requireOpenSince(closesBefore);
      return false;
    }

    @Override
    public KeyValue<K, byte[]> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.next();
    }

    @Override
    public K peekNextKey() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.peekNextKey();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private final class CheckedWindowIterator extends CheckedIterator<Long> implements WindowStoreIterator<byte[]> {

    CheckedWindowIterator(WindowStoreIterator<byte[]> inner, int closesBefore) {
      super(inner, closesBefore);
    }
  }
}
