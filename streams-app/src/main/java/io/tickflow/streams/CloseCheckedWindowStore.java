package io.tickflow.streams;

import org.apache.kafka.common.utils.Bytes;
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
 * the query service answers 503 to the exception instead ({@link CloseCheck}).
 *
 * <p>Not covered: a RocksDB segment that the stream thread drops for retention during a read is still skipped from
 * there on. It holds the oldest bars only, past the retention by then: a read newest first (the REST API's) ends early
 * at its old end; a read oldest first may return the dropped segment's first bars and not the rest.
 */
public final class CloseCheckedWindowStore extends ForwardingWindowStore {

  private final CloseCheck check = new CloseCheck(this);

  private CloseCheckedWindowStore(WindowStore<Bytes, byte[]> inner) {
    super(inner);
  }

  /** {@code supplier}'s stores, wrapped. */
  public static WindowBytesStoreSupplier supplier(WindowBytesStoreSupplier supplier) {
    return new WrappingWindowSupplier(supplier, CloseCheckedWindowStore::new);
  }

  @Override
  public byte[] fetch(Bytes key, long time) {
    return check.value(() -> super.fetch(key, time));
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    return check.windows(() -> super.fetch(key, timeFrom, timeTo));
  }

  @Override
  public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
    return check.windows(() -> super.backwardFetch(key, timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    return check.range(() -> super.fetch(keyFrom, keyTo, timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom,
                                                                  long timeTo) {
    return check.range(() -> super.backwardFetch(keyFrom, keyTo, timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
    return check.range(() -> super.fetchAll(timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
    return check.range(() -> super.backwardFetchAll(timeFrom, timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return check.range(super::all);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
    return check.range(super::backwardAll);
  }

  @Override
  public void close() {
    check.countClose();
    super.close();
  }
}
