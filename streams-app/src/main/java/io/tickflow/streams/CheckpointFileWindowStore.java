package io.tickflow.streams;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

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
public final class CheckpointFileWindowStore extends ForwardingWindowStore {

  private CheckpointFileWindowStore(WindowStore<Bytes, byte[]> inner) {
    super(inner);
  }

  /** {@code supplier}'s stores, wrapped. */
  public static WindowBytesStoreSupplier supplier(WindowBytesStoreSupplier supplier) {
    return new WrappingWindowSupplier(supplier, CheckpointFileWindowStore::new);
  }

  @Override
  public boolean managesOffsets() {
    return false;
  }
}
