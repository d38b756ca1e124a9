package io.tickflow.streams.rocksdb;

import java.util.Map;
import java.util.Optional;
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
 * counts its open stores and is closed after the last one, a store whose RocksDB failed to open included (see
 * {@link MemoryBudgets}), but not one whose directory Kafka Streams failed to create (see
 * {@link MemoryBudget#removeFailedStores}).
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

  /**
   * The budget the stores of the Streams instance these properties configure share, as {@link #install} put it there,
   * or empty when they install none ({@code rocksdb.memory.mb=0}, in-memory stores, or a setter of the user's). For
   * monitoring: the limit is the one every store of the instance applies.
   *
   * @param streamsProperties the properties the instance's {@code KafkaStreams} was built from
   * @throws ConfigException without {@code application.id}, which Kafka Streams requires too
   */
  public static Optional<Budget> budget(Map<?, ?> streamsProperties) {
    if (!streamsProperties.containsKey(TOTAL_BYTES_CONFIG)) {
      return Optional.empty();
    }
    Object applicationId = streamsProperties.get(StreamsConfig.APPLICATION_ID_CONFIG);
    if (applicationId == null) {
      throw new ConfigException("Missing required configuration \"" + StreamsConfig.APPLICATION_ID_CONFIG + "\"");
    }
    return Optional.of(new Budget(MemoryBudgets.Instance.of(applicationId.toString(), stateDir(streamsProperties)),
        bytes(streamsProperties, TOTAL_BYTES_CONFIG)));
  }

  /** The state.dir the instance's setters see: the one given, or else Kafka Streams' default, which they get then. */
  private static String stateDir(Map<?, ?> streamsProperties) {
    Object given = streamsProperties.get(StreamsConfig.STATE_DIR_CONFIG);
    return String.valueOf(given != null ? given
        : StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG));
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    MemoryBudget.Limits limits = new MemoryBudget.Limits(bytes(configs, TOTAL_BYTES_CONFIG),
        bytes(configs, MEMTABLE_BYTES_CONFIG));
    MemoryBudgets.Instance owner = MemoryBudgets.Instance.of(
        (String) configs.get(StreamsConfig.APPLICATION_ID_CONFIG), (String) configs.get(StreamsConfig.STATE_DIR_CONFIG));
    MemoryBudgets.acquire(owner, limits, options).applyTo(options);
    this.instance = owner;
  }

  /**
   * Leaves the shared cache to the instance's other stores; the last store's close releases it. Kafka Streams calls
   * this only for a store that opened: {@link MemoryBudgets} finds those that failed to open by their closed options.
   */
  @Override
  public void close(String storeName, Options options) {
    MemoryBudgets.release(instance, options);
  }

  private static long bytes(Map<?, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      throw new ConfigException(key + " is missing: " + BoundedMemoryRocksDBConfig.class.getName() + " takes its "
          + "limits from Tickflow's rocksdb.memory.mb, through StreamsAppConfig#streamsProperties()");
    }
    return (Long) ConfigDef.parseType(key, value, ConfigDef.Type.LONG);
  }

  /** The memory budget of one Kafka Streams instance, as monitoring reads it. Thread-safe. */
  public static final class Budget {

    private final MemoryBudgets.Instance instance;
    private final long limitBytes;

    private Budget(MemoryBudgets.Instance instance, long limitBytes) {
      this.instance = instance;
      this.limitBytes = limitBytes;
    }

    /** The budget's capacity in bytes ({@code rocksdb.memory.mb}), memtables included. */
    public long limitBytes() {
      return limitBytes;
    }

    /**
     * Bytes the shared cache holds now: data, index and filter blocks, and the memtables' reservations; 0 while none
     * of the instance's RocksDB stores is open (the last store's close frees it). May pass the limit for a while,
     * the cap being soft. Takes the lock stores take to open and close, for a native read.
     */
    public long usedBytes() {
      return MemoryBudgets.usage(instance).orElse(0);
    }
  }
}
