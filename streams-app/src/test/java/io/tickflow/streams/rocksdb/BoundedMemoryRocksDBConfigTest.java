package io.tickflow.streams.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The setter on real RocksDB databases, opened and closed in the order Kafka Streams' RocksDBStore uses. */
class BoundedMemoryRocksDBConfigTest {

  private static final long MB = 1024L * 1024;
  private static final String CAPACITY = "rocksdb.block-cache-capacity";
  private static final String USAGE = "rocksdb.block-cache-usage";
  private static final String ACTIVE_ENTRIES = "rocksdb.num-entries-active-mem-table";

  @TempDir
  Path dir;

  @BeforeAll
  static void loadRocksDb() {
    RocksDB.loadLibrary();
  }

  @Test
  void shouldShareOneCacheAmongTheStoresOfAnInstanceAndNotWithAnother() throws Exception {
    Map<String, Object> first = instance("app", dir.resolve("first"), 64 * MB, 32 * MB);
    Map<String, Object> second = instance("app", dir.resolve("second"), 48 * MB, 24 * MB);
    try (Store quotes = Store.open("quotes", first, dir.resolve("q"));
         Store books = Store.open("books", first, dir.resolve("b"));
         Store other = Store.open("quotes", second, dir.resolve("o"))) {
      long otherBefore = other.property(USAGE);

      quotes.write(0, 2_000, 1_000);

      assertThat(quotes.property(CAPACITY)).isEqualTo(64 * MB);
      assertThat(books.property(CAPACITY)).isEqualTo(64 * MB);
      assertThat(other.property(CAPACITY)).isEqualTo(48 * MB);
      long usage = usage(first).orElseThrow();
      assertThat(usage).as("2 MB written to memtables counted against the cache").isGreaterThanOrEqualTo(2 * MB);
      assertThat(quotes.property(USAGE)).isEqualTo(usage);
      assertThat(books.property(USAGE)).as("the store not written reports the shared cache").isEqualTo(usage);
      assertThat(other.property(USAGE)).isEqualTo(otherBefore).isEqualTo(usage(second).orElseThrow());
    }
  }

  /**
   * How far memtables go over their share depends on how fast flushes run (a store being flushed keeps writing to
   * its active memtable), so the test asserts that each store was made to flush, not a size.
   */
  @Test
  void shouldKeepTheStoresWithinTheBudgetWhenTheyHoldMoreThanIt() throws Exception {
    Map<String, Object> configs = instance("app", dir, 16 * MB, 8 * MB);
    try (Store quotes = Store.open("quotes", configs, dir.resolve("q"));
         Store books = Store.open("books", configs, dir.resolve("b"))) {
      quotes.write(0, 32_000, 1_000);
      books.write(0, 32_000, 1_000);
      long quotesActive = quotes.property(ACTIVE_ENTRIES);
      long booksActive = books.property(ACTIVE_ENTRIES);
      quotes.flush();
      books.flush();
      quotes.readAll(32_000);
      books.readAll(32_000);

      long usage = usage(configs).orElseThrow();
      assertThat(List.of(quotesActive, booksActive)).as("flushed at the budget's 8 MB of memtables, not at their own "
          + "64 MB: the active memtable holds fewer than the 32,000 entries written").allMatch(entries -> entries < 32_000);
      assertThat(usage).as("64 MB read back through a 16 MB cache").isBetween(12 * MB, 16 * MB);
    }
  }

  @Test
  void shouldReleaseTheBudgetAfterTheLastStoreOfTheInstanceCloses() throws Exception {
    Map<String, Object> configs = instance("app", dir, 32 * MB, 16 * MB);
    Store quotes = Store.open("quotes", configs, dir.resolve("q"));
    try (Store books = Store.open("books", configs, dir.resolve("b"))) {
      quotes.close();
      assertThat(usage(configs)).isPresent();
      books.releaseBudget();
      assertThat(usage(configs)).isEmpty();
      books.write(0, 1_000, 1_000);
    }

    try (Store reopened = Store.open("quotes", configs, dir.resolve("q"))) {
      reopened.write(0, 1_000, 1_000);
      assertThat(usage(configs).orElseThrow()).isGreaterThanOrEqualTo(MB);
    }
  }

  /**
   * Kafka Streams' RocksDBStore (4.3) calls the setter's close only for a store that opened: when RocksDB.open fails
   * after setConfig, it closes the store's options and rethrows, and its close() then returns at once.
   */
  @Test
  void shouldReleaseTheBudgetAfterTheLastStoreOfTheInstanceClosesWhenAnotherFailedToOpen() throws Exception {
    Map<String, Object> configs = instance("app", dir, 32 * MB, 16 * MB);
    StateStoreContext context = kafkaContext(configs);
    KeyValueStore<Bytes, byte[]> quotes = kafkaStore("quotes", context);
    KeyValueStore<Bytes, byte[]> books = Stores.persistentKeyValueStore("books").get();

    try (RocksDB lock = lockStoreDirectory("books", context)) {
      assertThatThrownBy(() -> books.init(context, books)).isInstanceOf(ProcessorStateException.class)
          .hasMessageContaining("Error opening store books");
    }
    books.close();
    assertThat(usage(configs)).as("quotes is open").isPresent();
    quotes.close();

    assertThat(usage(configs)).isEmpty();
  }

  @Test
  void shouldHoldNoBudgetForAnInstanceWhoseOnlyStoreFailedToOpen() throws Exception {
    Map<String, Object> configs = instance("app", dir, 32 * MB, 16 * MB);
    StateStoreContext context = kafkaContext(configs);
    KeyValueStore<Bytes, byte[]> books = Stores.persistentKeyValueStore("books").get();

    try (RocksDB lock = lockStoreDirectory("books", context)) {
      assertThatThrownBy(() -> books.init(context, books)).isInstanceOf(ProcessorStateException.class);
    }

    assertThat(usage(configs)).isEmpty();
  }

  @Test
  void shouldReportTheInstancesLimitAndWhatItsStoresHoldWhenAskedFromItsStreamsProperties() throws Exception {
    Map<String, Object> configs = instance("app", dir, 32 * MB, 16 * MB);
    BoundedMemoryRocksDBConfig.Budget budget = BoundedMemoryRocksDBConfig.budget(configs).orElseThrow();
    long beforeStores = budget.usedBytes();

    try (Store quotes = Store.open("quotes", configs, dir.resolve("q"))) {
      quotes.write(0, 2_000, 1_000);

      assertThat(budget.usedBytes()).isGreaterThanOrEqualTo(2 * MB).isEqualTo(quotes.property(USAGE));
    }
    assertThat(budget.limitBytes()).isEqualTo(32 * MB);
    assertThat(beforeStores).isZero();
    assertThat(budget.usedBytes()).as("released with the last store").isZero();
  }

  @Test
  void shouldFindTheBudgetUnderKafkaStreamsDefaultStateDirWhenNoneIsGiven() throws Exception {
    Map<String, Object> configs = instance("budget-default-dir-test", dir, 32 * MB, 16 * MB);
    configs.put(StreamsConfig.STATE_DIR_CONFIG, StreamsConfig.configDef().defaultValues()
        .get(StreamsConfig.STATE_DIR_CONFIG));
    Map<String, Object> withoutStateDir = new HashMap<>(configs);
    withoutStateDir.remove(StreamsConfig.STATE_DIR_CONFIG);

    try (Store quotes = Store.open("quotes", configs, dir.resolve("q"))) {
      quotes.write(0, 1_000, 1_000);

      assertThat(BoundedMemoryRocksDBConfig.budget(withoutStateDir).orElseThrow().usedBytes())
          .isEqualTo(quotes.property(USAGE)).isPositive();
    }
  }

  @Test
  void shouldHaveNoBudgetWhenThePropertiesInstallNone() {
    Properties theirs = new Properties();
    theirs.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    theirs.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Setter");
    BoundedMemoryRocksDBConfig.install(theirs, 64 * MB, 16 * MB);

    assertThat(BoundedMemoryRocksDBConfig.budget(theirs)).isEmpty();
    assertThat(BoundedMemoryRocksDBConfig.budget(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app"))).isEmpty();
  }

  @Test
  void shouldRejectPropertiesWithABudgetButNoApplicationId() {
    Properties properties = new Properties();
    BoundedMemoryRocksDBConfig.install(properties, 64 * MB, 16 * MB);

    assertThatThrownBy(() -> BoundedMemoryRocksDBConfig.budget(properties))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Missing required configuration \"application.id\"");
  }

  @Test
  void shouldFailNamingTheMissingLimitWhenNotInstalledByTickflow() {
    Map<String, Object> configs = new HashMap<>(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app",
        StreamsConfig.STATE_DIR_CONFIG, dir.toString()));

    assertThatThrownBy(() -> new BoundedMemoryRocksDBConfig().setConfig("quotes", new Options(), configs))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tickflow.rocksdb.memory.bytes is missing: io.tickflow.streams.rocksdb.BoundedMemoryRocksDBConfig"
            + " takes its limits from Tickflow's rocksdb.memory.mb, through StreamsAppConfig#streamsProperties()");
  }

  @Test
  void shouldInstallItselfWithTheLimitsUnlessTheUserNamesASetter() {
    Properties ours = new Properties();
    BoundedMemoryRocksDBConfig.install(ours, 64 * MB, 16 * MB);
    Properties theirs = new Properties();
    theirs.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Setter");
    BoundedMemoryRocksDBConfig.install(theirs, 64 * MB, 16 * MB);

    assertThat(ours).containsExactlyInAnyOrderEntriesOf(Map.of(
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName(),
        BoundedMemoryRocksDBConfig.TOTAL_BYTES_CONFIG, 64 * MB, BoundedMemoryRocksDBConfig.MEMTABLE_BYTES_CONFIG, 16 * MB));
    assertThat(theirs).containsOnly(Map.entry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Setter"));
  }

  @Test
  void shouldRejectMemtablesNotSmallerThanTheBudget() {
    assertThatThrownBy(() -> BoundedMemoryRocksDBConfig.install(new Properties(), 16 * MB, 16 * MB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memtable bytes must be above 0 and below the total 16777216, was 16777216");
  }

  /** What Kafka Streams passes a setter: its application configs. */
  private static Map<String, Object> instance(String applicationId, Path stateDir, long total, long memtables) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    BoundedMemoryRocksDBConfig.install(properties, total, memtables);
    Map<String, Object> configs = new HashMap<>();
    properties.forEach((key, value) -> configs.put((String) key, value));
    return configs;
  }

  /** The context Kafka Streams gives the stores of task 0_0 of the instance these setter configs describe. */
  private static StateStoreContext kafkaContext(Map<String, Object> configs) {
    Properties properties = new Properties();
    properties.putAll(configs);
    File stateDir = new File((String) configs.get(StreamsConfig.STATE_DIR_CONFIG));
    return new MockProcessorContext<>(properties, new TaskId(0, 0), stateDir).getStateStoreContext();
  }

  /** Kafka Streams' own RocksDB store, opened as a task opens it. */
  private static KeyValueStore<Bytes, byte[]> kafkaStore(String name, StateStoreContext context) {
    KeyValueStore<Bytes, byte[]> store = Stores.persistentKeyValueStore(name).get();
    store.init(context, store);
    return store;
  }

  /**
   * Opens the directory Kafka Streams keeps the store in, so that its RocksDB.open finds it locked, as when another
   * instance or a thread not yet done with it holds it.
   */
  private static RocksDB lockStoreDirectory(String store, StateStoreContext context) throws Exception {
    File directory = new File(new File(context.stateDir(), "rocksdb"), store);
    assertThat(directory.mkdirs()).isTrue();
    try (Options options = new Options().setCreateIfMissing(true)) {
      return RocksDB.open(options, directory.getPath());
    }
  }

  private static OptionalLong usage(Map<String, Object> configs) {
    return BoundedMemoryRocksDBConfig.usage((String) configs.get(StreamsConfig.APPLICATION_ID_CONFIG),
        (String) configs.get(StreamsConfig.STATE_DIR_CONFIG));
  }

  /** A RocksDB database configured as Kafka Streams configures a store: its own table config, then the setter. */
  private static final class Store implements AutoCloseable {
    private final String name;
    private final BoundedMemoryRocksDBConfig setter;
    private final Options options;
    private final RocksDB db;
    private boolean released;

    private Store(String name, BoundedMemoryRocksDBConfig setter, Options options, RocksDB db) {
      this.name = name;
      this.setter = setter;
      this.options = options;
      this.db = db;
    }

    static Store open(String name, Map<String, Object> configs, Path path) throws RocksDBException {
      Options options = new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
      BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
      setter.setConfig(name, options, configs);
      return new Store(name, setter, options, RocksDB.open(options, path.toString()));
    }

    /** Writes keys from {@code first}, {@code count} values of {@code size} random bytes. */
    void write(int first, int count, int size) throws RocksDBException {
      Random random = new Random(first);
      for (int key = first; key < first + count; key++) {
        byte[] value = new byte[size];
        random.nextBytes(value);
        db.put(key(key), value);
      }
    }

    void readAll(int count) throws RocksDBException {
      for (int key = 0; key < count; key++) {
        assertThat(db.get(key(key))).isNotNull();
      }
    }

    void flush() throws RocksDBException {
      try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
        db.flush(wait);
      }
    }

    long property(String name) throws RocksDBException {
      return db.getLongProperty(name);
    }

    /** The setter's close, which Kafka Streams calls before closing the database (and still writing to it). */
    void releaseBudget() {
      setter.close(name, options);
      released = true;
    }

    @Override
    public void close() {
      if (!released) {
        releaseBudget();
      }
      db.close();
      options.close();
    }

    private static byte[] key(int key) {
      return ByteBuffer.allocate(Integer.BYTES).putInt(key).array();
    }
  }
}
