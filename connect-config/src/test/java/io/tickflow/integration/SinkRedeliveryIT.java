package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.converter.AvroConverter;
import io.tickflow.connect.sink.DeadLetteringJdbcSinkTask;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.SinkRows;
import io.tickflow.testing.TcpRelay;
import io.tickflow.testing.TestPostgres;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random bars and ticks through the shipped sink task into a real PostgreSQL, delivered as a Connect worker delivers
 * them: batches interleaving two partitions, the same batch again after a retriable failure, everything after the
 * last committed offsets again after a task restart (a prefix of what was written, in other batches), the database
 * connection dropped in the middle of a batch or down for a whole one. The task is driven directly, not in a
 * worker, because a worker chooses its batches and redeliveries itself: here the seed chooses them, so a failure can
 * be replayed ({@code -Dsink.seed=...}). What a worker adds around {@code put} is taken as it is: Connect's own
 * converter turns the contract's bytes into the records, and its dead-letter reporter is replaced by a list.
 *
 * <p>The model: the {@code bars} table holds the last valid bar of every key in log order, the {@code ticks} table
 * the first valid version of every trade identity (exact duplicates once, prints differing only by sequence
 * each), every record that must not land is dead-lettered with a reason, at most once per task instance that was
 * handed it, and nothing else is.
 */
@Tag("integration")
class SinkRedeliveryIT {

  private static final long SEED = Long.getLong("sink.seed", new Random().nextLong());
  private static final int PARTITIONS = 2;
  private static final List<String> SYMBOLS = List.of("ESZ6", "NQZ6", "CLF7", "ESZ6-ESH7");
  private static final List<String> TIMEFRAMES = List.of("1m", "5m", "1h", "T100", "V500", "R8");
  // Refused records are few: isolating one costs Debezium's task a restart per halving of its batch.
  private static final int REFUSED_ONE_IN = 100;
  private static final Instant BASE = Instant.parse("2026-11-23T14:30:00Z");
  private static final String BARS_TOPIC = "tickflow.bars.final";
  private static final String TICKS_TOPIC = "tickflow.trades";
  private static final Function<Bar, Object> BAR_KEY = bar -> List.of(bar.getSymbol(), bar.getTimeframe(),
      bar.getWindowStart());
  // The table's identity of a trade: PostgreSQL takes -0.0 for 0.0.
  private static final Function<Trade, Object> TICK_KEY = trade -> List.of(trade.getSymbol(), trade.getEventTime(),
      trade.getPrice() + 0.0, trade.getSize(), trade.getSide(), trade.getSequence());

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("it_redelivery");
  private final Random random = new Random(SEED);
  private final AvroConverter converter = new AvroConverter();
  private final ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
  private TcpRelay relay;

  @BeforeEach
  void migrate() throws SQLException {
    System.out.println("SinkRedeliveryIT seed " + SEED + " (replay with -Dsink.seed=" + SEED + ")");
    DbMigrate.migrate(new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, postgres.url(),
        MigrateConfig.SCHEMA_CONFIG, schema)));
    URI server = URI.create(postgres.url().substring("jdbc:".length()));
    relay = new TcpRelay(server.getHost(), server.getPort());
    relay.up();
  }

  @AfterEach
  void cleanUp() throws SQLException {
    faults.shutdownNow();
    relay.close();
    postgres.dropSchema(schema);
  }

  @Test
  void shouldHoldTheModelsRowsThroughRedeliveriesRestartsAndDroppedConnections() throws Exception {
    Log<Bar> bars = barLog();
    Log<Trade> ticks = tickLog();

    Connect barsSink = new Connect(SinkConnectorDefinition.bars(), bars.records);
    Connect ticksSink = new Connect(SinkConnectorDefinition.ticks(), ticks.records);
    while (!barsSink.done() || !ticksSink.done()) {
      (random.nextBoolean() ? barsSink : ticksSink).step();
    }
    barsSink.stop();
    ticksSink.stop();

    assertThat(SinkRows.rows(postgres, schema, "bars", SinkRows.BAR_COLUMNS, "symbol, timeframe, window_start"))
        .as("seed %d", SEED).containsExactlyInAnyOrderElementsOf(bars.expectedRows(true));
    assertThat(SinkRows.rows(postgres, schema, "ticks", SinkRows.TICK_COLUMNS, "symbol, event_time, sequence"))
        .as("seed %d", SEED).containsExactlyInAnyOrderElementsOf(ticks.expectedRows(false));
    barsSink.assertDeadLetters(bars.refused);
    ticksSink.assertDeadLetters(ticks.refused);
    // Every task instance, and every Debezium task replaced after a failure, closed its connection pool.
    await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(thread -> thread.getName().startsWith("C3P0PooledConnectionPoolManager")));
  }

  @Test
  void shouldWriteEveryVersionOfAKeyThatOneBatchHolds() throws Exception {
    // Two versions of a bar, a tick re-sent with another receive time, a tick at -0.0 after one at 0.0: in one
    // multi-row upsert, PostgreSQL refused them (SQLSTATE 21000, "cannot affect row a second time") and the task
    // failed, before the task wrote the versions of a key in batches of their own.
    Bar bar = bar();
    Trade tick = Trade.newBuilder(trade()).setSymbol("ESZ6-ESH7").setPrice(0.0).build();
    List<Bar> bars = List.of(bar, revised(bar));
    List<Trade> ticks = List.of(tick, Trade.newBuilder(tick).setReceiveTime(tick.getReceiveTime().plusSeconds(60))
        .setExchange("XCME").build(), Trade.newBuilder(tick).setPrice(-0.0).build());

    putInOneBatch(SinkConnectorDefinition.bars(), BARS_TOPIC, AvroSerde.of(Bar.class), bars, BAR_KEY);
    putInOneBatch(SinkConnectorDefinition.ticks(), TICKS_TOPIC, AvroSerde.of(Trade.class), ticks, TICK_KEY);

    assertThat(SinkRows.rows(postgres, schema, "bars", SinkRows.BAR_COLUMNS, "window_start"))
        .containsExactly(SinkRows.row(bars.get(1)));
    assertThat(SinkRows.rows(postgres, schema, "ticks", SinkRows.TICK_COLUMNS, "event_time"))
        .containsExactly(SinkRows.row(tick));
  }

  private <T extends SpecificRecord> void putInOneBatch(SinkConnectorDefinition definition, String topic,
      AvroSerde<T> serde, List<T> values, Function<T, Object> key) {
    Log<T> log = new Log<>(key);
    values.forEach(value -> append(log, topic, "ESZ6", serde.serializer().serialize(topic, value), value));
    Connect sink = new Connect(definition, log.records);
    sink.put(log.records.get(Math.floorMod("ESZ6".hashCode(), PARTITIONS)));
    sink.stop();
    sink.assertDeadLetters(Set.of());
  }

  // ---- The records: what lands, what is refused -------------------------------------------------------------

  /** A topic's records by partition, in offset order; the model's value of each, or null for a refused one. */
  private static final class Log<T extends SpecificRecord> {
    final List<List<SinkRecord>> records = new ArrayList<>();
    final Map<String, T> landing = new HashMap<>();
    final Set<String> refused = new HashSet<>();
    private final Function<T, Object> key;

    Log(Function<T, Object> key) {
      this.key = key;
      for (int p = 0; p < PARTITIONS; p++) {
        records.add(new ArrayList<>());
      }
    }

    /** The rows of the last (or first) landing value of each key, in offset order within each partition. */
    List<String> expectedRows(boolean lastWins) {
      Map<Object, T> byKey = new LinkedHashMap<>();
      for (List<SinkRecord> partition : records) {
        for (SinkRecord record : partition) {
          T value = landing.get(coordinates(record));
          if (value != null && (lastWins || !byKey.containsKey(key.apply(value)))) {
            byKey.put(key.apply(value), value);
          }
        }
      }
      return byKey.values().stream().map(value -> value instanceof Bar
          ? SinkRows.row((Bar) value) : SinkRows.row((Trade) value)).toList();
    }
  }

  private Log<Bar> barLog() {
    AvroSerde<Bar> serde = AvroSerde.of(Bar.class);
    return log(BARS_TOPIC, serde, BAR_KEY, 800, this::bar, this::again, (any, i) -> refused(serde, any));
  }

  /**
   * A topic of {@code size} records: new ones, now and then {@code again} of an earlier one, and rarely a record to
   * refuse, made from an earlier one ({@code refused} gets it and its index, and returns the bytes).
   */
  private <T extends SpecificRecord> Log<T> log(String topic, AvroSerde<T> serde, Function<T, Object> key, int size,
      Supplier<T> fresh, UnaryOperator<T> again, BiFunction<T, Integer, byte[]> refused) {
    Log<T> log = new Log<>(key);
    List<T> written = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      T earlier = written.isEmpty() ? null : written.get(random.nextInt(written.size()));
      if (earlier != null && random.nextInt(REFUSED_ONE_IN) == 0) {
        log.refused.add(append(log, topic, symbol(earlier), refused.apply(earlier, i), null));
        continue;
      }
      T value = earlier == null || random.nextInt(8) != 0 ? fresh.get() : again.apply(earlier);
      append(log, topic, symbol(value), serde.serializer().serialize(topic, value), value);
      written.add(value);
    }
    return log;
  }

  private static String symbol(SpecificRecord record) {
    return record.get(record.getSchema().getField("symbol").pos()).toString();
  }

  // Refused by the task (a NaN, no value) or by the database (a check constraint), with the key of a landed bar.
  private byte[] refused(AvroSerde<Bar> serde, Bar landed) {
    Bar refused = switch (random.nextInt(4)) {
      case 0 -> Bar.newBuilder(landed).setVwap(Double.NaN).build();
      case 1 -> null;
      case 2 -> Bar.newBuilder(landed).setLow(landed.getHigh() + 1).build();
      default -> Bar.newBuilder(landed).setVolume(-1).build();
    };
    return refused == null ? null : serde.serializer().serialize(BARS_TOPIC, refused);
  }

  private Bar bar() {
    String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
    String timeframe = TIMEFRAMES.get(random.nextInt(TIMEFRAMES.size()));
    // Time bars start on their own boundaries (the same start in several timeframes); activity bars anywhere,
    // often 1 microsecond apart (a sweep's trades share a time). Some in the DEFAULT partition: two weeks back, and
    // just before the epoch (negative microseconds, within a second of it).
    Instant day = switch (random.nextInt(8)) {
      case 0, 1 -> BASE.minus(14, ChronoUnit.DAYS);
      case 2 -> Instant.parse("1969-12-31T23:58:59.999999Z");
      default -> BASE;
    };
    Instant start = switch (timeframe) {
      case "1m" -> day.plus(random.nextInt(120), ChronoUnit.MINUTES);
      case "5m" -> day.plus(5L * random.nextInt(24), ChronoUnit.MINUTES);
      case "1h" -> day.plus(random.nextInt(2), ChronoUnit.HOURS);
      default -> day.plus(random.nextInt(4), ChronoUnit.MINUTES).plus(random.nextInt(8), ChronoUnit.MICROS);
    };
    double open = price(symbol);
    double low = open - random.nextInt(8) * 0.25;
    double high = open + random.nextInt(8) * 0.25;
    long bid = random.nextInt(500);
    long ask = random.nextInt(500);
    return Bar.newBuilder().setSymbol(symbol).setTimeframe(timeframe).setWindowStart(start)
        .setWindowEnd(start.plus(1, ChronoUnit.MINUTES)).setOpen(open).setHigh(high).setLow(low)
        .setClose(low + (high - low) / 3).setVolume(bid + ask + random.nextInt(3)).setBidVolume(bid).setAskVolume(ask)
        .setTradeCount(1 + random.nextInt(90)).setVwap(low + (high - low) * random.nextDouble())
        .setFirstTradeTime(start.plus(random.nextInt(1000), ChronoUnit.MICROS))
        .setLastTradeTime(start.plus(59_000_000 + random.nextInt(1000), ChronoUnit.MICROS))
        .setIsFinal(true).setRevision(random.nextInt(30)).build();
  }

  // A revision of an earlier bar (a correction), or the same bar again.
  private Bar again(Bar earlier) {
    return random.nextBoolean() ? revised(earlier) : earlier;
  }

  private Bar revised(Bar bar) {
    return Bar.newBuilder(bar).setRevision(bar.getRevision() + 1).setClose(bar.getLow())
        .setVolume(bar.getVolume() + 1).setTradeCount(bar.getTradeCount() + 1).build();
  }

  private Log<Trade> tickLog() {
    AvroSerde<Trade> serde = AvroSerde.of(Trade.class);
    AvroSerde<Bar> barSerde = AvroSerde.of(Bar.class);
    // Refused by the task (a NaN, no value, a bar) or by the database (a negative size: an identity of its own).
    return log(TICKS_TOPIC, serde, TICK_KEY, 1500, this::trade, this::samePrint, (any, i) ->
        switch (random.nextInt(4)) {
          case 0 -> serde.serializer().serialize(TICKS_TOPIC, Trade.newBuilder(any).setPrice(Double.NaN).build());
          case 1 -> null;
          case 2 -> barSerde.serializer().serialize(TICKS_TOPIC, bar());
          default -> serde.serializer().serialize(TICKS_TOPIC, Trade.newBuilder(any).setSize(-1 - i).build());
        });
  }

  // An exact duplicate, or a print at the same time that differs only by its sequence.
  private Trade samePrint(Trade earlier) {
    return random.nextBoolean() ? earlier : Trade.newBuilder(earlier).setSequence(earlier.getSequence() + 1).build();
  }

  private Trade trade() {
    String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
    // Few distinct times, so that prints share them.
    Instant time = BASE.plus(random.nextInt(400) * 250L, ChronoUnit.MICROS);
    return Trade.newBuilder().setSymbol(symbol).setExchange("CME").setPrice(price(symbol))
        .setSize(1 + random.nextInt(5)).setSide(AggressorSide.values()[random.nextInt(3)]).setEventTime(time)
        .setReceiveTime(time.plus(random.nextInt(900), ChronoUnit.MICROS)).setSequence(random.nextInt(3))
        .setSource(DataSource.values()[random.nextInt(3)]).build();
  }

  // Small prices of either sign, zero as 0.0 or -0.0: the Streams app refuses them, but the sink takes what comes.
  private double price(String symbol) {
    if (!symbol.contains("-")) {
      return 6000 + random.nextInt(40) * 0.25;
    }
    double price = (random.nextInt(9) - 4) * 0.25;
    return price == 0 && random.nextBoolean() ? -0.0 : price;
  }

  /** Appends a record to the symbol's partition, as Connect's converter reads it; returns its coordinates. */
  private <T extends SpecificRecord> String append(Log<T> log, String topic, String symbol, byte[] bytes,
      T landing) {
    int partition = Math.floorMod(symbol.hashCode(), PARTITIONS);
    List<SinkRecord> records = log.records.get(partition);
    SchemaAndValue value = converter.toConnectData(topic, bytes);
    SinkRecord record = new SinkRecord(topic, partition, Schema.STRING_SCHEMA, symbol, value.schema(), value.value(),
        records.size());
    records.add(record);
    if (landing != null) {
      log.landing.put(coordinates(record), landing);
    }
    return coordinates(record);
  }

  private static String coordinates(SinkRecord record) {
    return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
  }

  // ---- Connect, as far as the sink task can tell ------------------------------------------------------------

  /**
   * One connector's task under a worker's delivery rules: {@code put} gets the next records of each partition
   * after its position; a retriable failure hands the same batch again (or the task restarts); offsets are committed
   * now and then; a restart starts a new task instance at the committed offsets.
   */
  private final class Connect {
    private final Map<String, String> config;
    private final List<List<SinkRecord>> log;
    private final int[] position = new int[PARTITIONS];
    private final int[] committed = new int[PARTITIONS];
    private final List<String> deadLetters = new ArrayList<>();
    private final Map<String, Set<Integer>> handedTo = new HashMap<>();
    private DeadLetteringJdbcSinkTask task;
    private int instance;
    private int faultsLeft = 6;

    Connect(SinkConnectorDefinition definition, List<List<SinkRecord>> log) {
      // Through the relay, which drops connections; a dropped connection is retried after 10 ms, not 1 s.
      String url = postgres.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + relay.port() + "/");
      this.config = definition.forDatabase(url, postgres.user(), postgres.password(), schema)
          .with(Map.of("hibernate.c3p0.acquireRetryAttempts", "1", "flush.retry.delay.ms", "10")).config();
      this.log = log;
      start();
    }

    boolean done() {
      for (int p = 0; p < PARTITIONS; p++) {
        if (position[p] < log.get(p).size()) {
          return false;
        }
      }
      return true;
    }

    void step() {
      List<SinkRecord> batch = nextBatch();
      while (true) {
        boolean fault = faultsLeft > 0 && random.nextInt(4) == 0;
        try {
          if (fault) {
            faultsLeft--;
            putWithFault(batch);
          } else {
            put(batch);
          }
          break;
        } catch (RetriableException e) {
          // A worker hands the same batch again; or the task is restarted before it does (a rebalance).
          if (random.nextInt(4) == 0) {
            restart();
            return;
          }
        }
      }
      for (SinkRecord record : batch) {
        position[record.kafkaPartition()] = (int) record.kafkaOffset() + 1;
      }
      if (random.nextBoolean()) {
        System.arraycopy(position, 0, committed, 0, PARTITIONS);
      }
      if (random.nextInt(30) == 0) {
        restart();
      }
    }

    void stop() {
      task.stop();
    }

    private void putWithFault(List<SinkRecord> batch) {
      if (random.nextBoolean()) {
        // Down for the whole batch: nothing can be written, the task must ask for a retry.
        relay.down();
        try {
          put(batch);
        } finally {
          relay.up();
        }
      } else {
        // Connections reset at some point while the batch is written; new ones succeed.
        Future<?> drop = faults.schedule(relay::drop, random.nextInt(40), TimeUnit.MILLISECONDS);
        try {
          put(batch);
        } finally {
          waitFor(drop);
        }
      }
    }

    private void put(List<SinkRecord> batch) {
      for (SinkRecord record : batch) {
        handedTo.computeIfAbsent(coordinates(record), c -> new HashSet<>()).add(instance);
      }
      task.put(batch);
    }

    private List<SinkRecord> nextBatch() {
      int size = 1 + random.nextInt(random.nextBoolean() ? 20 : 150);
      int[] next = position.clone();
      List<SinkRecord> batch = new ArrayList<>();
      while (batch.size() < size) {
        int p = random.nextInt(PARTITIONS);
        if (next[p] < log.get(p).size()) {
          batch.add(log.get(p).get(next[p]++));
        } else if (next[1 - p] < log.get(1 - p).size()) {
          batch.add(log.get(1 - p).get(next[1 - p]++));
        } else {
          break;
        }
      }
      return batch;
    }

    private void restart() {
      task.stop();
      System.arraycopy(committed, 0, position, 0, PARTITIONS);
      instance++;
      start();
    }

    private void start() {
      task = new DeadLetteringJdbcSinkTask();
      task.initialize(new Context(config, (record, error) -> {
        assertThat(error.getMessage()).as("reason of %s", coordinates(record)).isNotBlank();
        deadLetters.add(coordinates(record));
        return CompletableFuture.completedFuture(null);
      }));
      task.start(config);
    }

    /** Every refused record was dead-lettered, at most once by each task instance handed it; nothing else was. */
    void assertDeadLetters(Set<String> refused) {
      assertThat(new HashSet<>(deadLetters)).as("seed %d", SEED).isEqualTo(refused);
      Map<String, Integer> times = new HashMap<>();
      deadLetters.forEach(coordinates -> times.merge(coordinates, 1, Integer::sum));
      times.forEach((coordinates, count) -> assertThat(count).as("dead letters of %s, seed %d", coordinates, SEED)
          .isLessThanOrEqualTo(handedTo.get(coordinates).size()));
    }
  }

  private static void waitFor(Future<?> future) {
    try {
      future.get();
    } catch (Exception e) {
      throw new IllegalStateException("The connection drop failed", e);
    }
  }

  /** The part of a worker's task context the sink task uses. */
  private record Context(Map<String, String> configs, ErrantRecordReporter errantRecordReporter)
      implements SinkTaskContext {

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    // Neither task registers metrics of its own.
    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
