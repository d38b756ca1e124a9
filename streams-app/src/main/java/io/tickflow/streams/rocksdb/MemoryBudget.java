package io.tickflow.streams.rocksdb;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * The native memory shared by every RocksDB store of one Kafka Streams instance: one LRU block cache of the whole
 * budget, against which a write buffer manager counts the memtables, as in Kafka Streams' "bounded memory" example.
 * Knows the stores that use it by their options. Not thread-safe: {@link MemoryBudgets} guards it.
 */
final class MemoryBudget implements AutoCloseable {

  /**
   * Share of the cache kept for index and filter blocks (inserted with high priority), so that data blocks do not
   * evict the blocks every read needs first; RocksDB's own suggestion for a cache that holds them.
   */
  private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;
  /** Let RocksDB choose the number of cache shards from the capacity. */
  private static final int AUTO_SHARD_BITS = -1;

  private final Limits limits;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;
  /** The options of the stores using the budget, by identity: Kafka Streams gives each store its own. */
  private final Set<Options> stores = Collections.newSetFromMap(new IdentityHashMap<>());

  MemoryBudget(Limits limits) {
    this.limits = limits;
    // Not a strict limit: with one, a read that finds the cache full of pinned blocks fails instead of overshooting.
    this.cache = new LRUCache(limits.totalBytes(), AUTO_SHARD_BITS, false, INDEX_FILTER_BLOCK_RATIO);
    this.writeBufferManager = new WriteBufferManager(limits.memtableBytes(), cache);
  }

  Limits limits() {
    return limits;
  }

  /**
   * Makes a store's options use this budget. Changes Kafka Streams' own table config rather than a new one: Kafka
   * Streams reads the block cache back from it for its RocksDB metrics.
   */
  void applyTo(Options options) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    // Index and filter blocks in the cache too, or they grow outside the budget with every SST file.
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBufferManager);
    options.setTableFormatConfig(table);
  }

  void addStore(Options options) {
    stores.add(options);
  }

  void removeStore(Options options) {
    stores.remove(options);
  }

  /**
   * Forgets the stores that failed to open. Kafka Streams' RocksDBStore does not call the setter's close for a store
   * whose RocksDB.open failed after setConfig (its close() returns early for a store never opened), but it does close
   * that store's options then; an open store's options stay open until after the setter's close. A store whose
   * directory it failed to create (an IOException after setConfig, before RocksDB.open) is told apart by nothing:
   * Kafka Streams 4.3.1 leaves its options open, and they hold the budget (and their own native references to the
   * cache) until the JVM exits.
   */
  void removeFailedStores() {
    stores.removeIf(options -> !options.isOwningHandle());
  }

  /** Returns true when no store uses this budget any more. */
  boolean unused() {
    return stores.isEmpty();
  }

  /** Bytes the cache holds now: data, index and filter blocks, and the memtables' reservations. */
  long usage() {
    return cache.getUsage();
  }

  /**
   * Releases the Java handles. The stores' native options hold their own references to the cache and the write
   * buffer manager, so a store still closing keeps them until its database is closed.
   */
  @Override
  public void close() {
    writeBufferManager.close();
    cache.close();
  }

  /**
   * The sizes of a budget.
   *
   * @param totalBytes capacity of the shared cache, memtables included
   * @param memtableBytes the part of it memtables may take before the write buffer manager makes stores flush
   */
  record Limits(long totalBytes, long memtableBytes) {
    Limits {
      if (memtableBytes <= 0 || memtableBytes >= totalBytes) {
        throw new IllegalArgumentException("memtable bytes must be above 0 and below the total " + totalBytes
            + ", was " + memtableBytes);
      }
    }
  }
}
