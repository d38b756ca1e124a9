package io.tickflow.streams.rocksdb;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Caps the native memory of all RocksDB stores of one Kafka Streams instance (every store, partition and window
 * segment): they share one block cache, and their memtables are counted against it, as in Kafka Streams' "bounded
 * memory" example. {@link #install} adds it to the Streams properties; Kafka Streams creates one per store.
 *
 * <p>Kafka's example never closes the shared objects, since the next store needs them; here each instance's budget
 * counts its open stores and is closed after the last one (see {@link MemoryBudgets}).
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

  /** Streams property: capacity of the shared cache in bytes, memtables included. Set by {@link #install}. */
  static final String TOTAL_BYTES_CONFIG = "tickflow.rocksdb.memory.bytes";
  /** Streams property: bytes of the cache the memtables may take. Set by {@link #install}. */
  static final String MEMTABLE_BYTES_CONFIG = "tickflow.rocksdb.memtable.bytes";

  private MemoryBudgets.Instance instance;

  /**
   * Makes the RocksDB stores of the Streams instance these properties configure share a budget of the given sizes,
   * unless the properties name a {@code rocksdb.config.setter} of their own, which then wins.
   *
   * @param totalBytes native memory of the instance's RocksDB stores: block cache and memtables
   * @param memtableBytes the part of it memtables may take before stores are made to flush them
   * @throws IllegalArgumentException unless {@code 0 < memtableBytes < totalBytes}
   */
  public static void install(Map<Object, Object> streamsProperties, long totalBytes, long memtableBytes) {
    new MemoryBudget.Limits(totalBytes, memtableBytes); // fails now, not at the first store's open
    if (streamsProperties.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
        BoundedMemoryRocksDBConfig.class.getName()) == null) {
      streamsProperties.put(TOTAL_BYTES_CONFIG, totalBytes);
      streamsProperties.put(MEMTABLE_BYTES_CONFIG, memtableBytes);
    }
  }

  /**
   * Bytes the budget of a Streams instance holds now (blocks read and memtables written), or empty while none of its
   * RocksDB stores is open. For monitoring and tests.
   *
   * @param stateDir the instance's {@code state.dir}
   */
  public static OptionalLong usage(String applicationId, String stateDir) {
    return MemoryBudgets.usage(MemoryBudgets.Instance.of(applicationId, stateDir));
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    MemoryBudget.Limits limits = new MemoryBudget.Limits(bytes(configs, TOTAL_BYTES_CONFIG),
        bytes(configs, MEMTABLE_BYTES_CONFIG));
    MemoryBudgets.Instance owner = MemoryBudgets.Instance.of(
        (String) configs.get(StreamsConfig.APPLICATION_ID_CONFIG), (String) configs.get(StreamsConfig.STATE_DIR_CONFIG));
    MemoryBudgets.acquire(owner, limits).applyTo(options);
    this.instance = owner;
  }

  /** Leaves the shared cache to the instance's other stores; the last store's close releases it. */
  @Override
  public void close(String storeName, Options options) {
    MemoryBudgets.release(instance);
  }

  private static long bytes(Map<String, Object> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      throw new ConfigException(key + " is missing: " + BoundedMemoryRocksDBConfig.class.getName() + " takes its "
          + "limits from Tickflow's rocksdb.memory.mb, through StreamsAppConfig#streamsProperties()");
    }
    return (Long) ConfigDef.parseType(key, value, ConfigDef.Type.LONG);
  }
}
