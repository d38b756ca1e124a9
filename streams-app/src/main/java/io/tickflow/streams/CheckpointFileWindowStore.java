package io.tickflow.streams;

import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A persistent window store whose changelog offsets Kafka Streams keeps in a checkpoint file next to it, as it did for
 * every store before 4.3, instead of in the store itself.
 *
 * <p>Why: since Kafka Streams 4.3 (KIP-1035) a RocksDB window store records its committed changelog offset inside its
 * segments, and a store that holds no segment yet (no bar of a timeframe has closed, no trade reached a partition)
 * has nowhere to record it. After a clean stop such a store reports no committed offset, which under exactly-once
 * makes Kafka Streams declare the whole task corrupted, wipe every store of it (the symbol states and the dedup
 * identities included) and restore them all from their changelogs: minutes for a day of ticks, at every restart in
 * the first week of weekly bars. A store that declares it does not manage its offsets gets Kafka Streams' checkpoint
 * file instead, which records "no offset" for a store without data and, under exactly-once, is written at a clean
 * close only, so a crash still wipes the task as before. {@code CleanRestartIT} holds the restart to no restore.
 */
public final class CheckpointFileWindowStore extends WrappedStateStore<WindowStore<Bytes, byte[]>, Bytes, byte[]>
    implements WindowStore<Bytes, byte[]> {

  private CheckpointFileWindowStore(WindowStore<Bytes, byte[]> inner) {
    super(inner);
  }

  /** {@code supplier}'s stores, wrapped. */
  public static WindowBytesStoreSupplier supplier(WindowBytesStoreSupplier supplier) {
    return new Supplier(supplier);
  }

  @Override
  public boolean managesOffsets() {
    return false;
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStartTimestamp) {
    wrapped().put(key, value, windowStartTimestamp);
  }

  @Override
  public byte[] fetch(Bytes key, long time) {
    return wrapped().fetch(key, time);
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    return wrapped().fetch(key, timeFrom, timeTo);
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, Instant timeFrom, Instant timeTo) {
    return wrapped().fetch(key, timeFrom, timeTo);
  }

  @Override
  public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
    return wrapped().backwardFetch(key, timeFrom, timeTo);
  }

  @Override
  public WindowStoreIterator<byte[]> backwardFetch(Bytes key, Instant timeFrom, Instant timeTo) {
    return wrapped().backwardFetch(key, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom,
                                                          Instant timeTo) {
    return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom,
                                                                  long timeTo) {
    return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom,
                                                                  Instant timeTo) {
    return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
    return wrapped().fetchAll(timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(Instant timeFrom, Instant timeTo) {
    return wrapped().fetchAll(timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
    return wrapped().backwardFetchAll(timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(Instant timeFrom, Instant timeTo) {
    return wrapped().backwardFetchAll(timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
    return wrapped().backwardAll();
  }

  /** Supplies the wrapped store under the same name, scope and window settings. */
  private record Supplier(WindowBytesStoreSupplier inner) implements WindowBytesStoreSupplier {

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public WindowStore<Bytes, byte[]> get() {
      return new CheckpointFileWindowStore(inner.get());
    }

    @Override
    public String metricsScope() {
      return inner.metricsScope();
    }

    @Override
    public long segmentIntervalMs() {
      return inner.segmentIntervalMs();
    }

    @Override
    public long windowSize() {
      return inner.windowSize();
    }

    @Override
    public boolean retainDuplicates() {
      return inner.retainDuplicates();
    }

    @Override
    public long retentionPeriod() {
      return inner.retentionPeriod();
    }
  }
}
