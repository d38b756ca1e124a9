package io.tickflow.streams.integration;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowTopology;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The scripted market of {@link UpgradeIT}, and the generator of its fixtures: the changelog records that an older
 * build of the Streams app left after the script up to its upgrade point. The generator runs that build's own
 * topology, so this file uses only what every build since the fixtures' oldest has (the configuration keys, {@code
 * TickflowTopology.build}, the Avro contract), and it is launched as a single source file on the old build's class
 * path: {@code java -cp <old streams-app and schemas jars, their dependencies> UpgradeScript.java <point> <fixture>}
 * (src/test/resources/upgrade/README.md says how, for each fixture).
 *
 * <p>The script: three symbols trading every five seconds from a Monday 14:30 UTC, two of them with tick, volume and
 * range bars; sweeps (prints in one microsecond), one over an upgrade point where a tick bar has just closed; copies
 * of trades within and across the upgrade points; two price jumps held over the last upgrade point (one confirmed
 * after it, one replaced by a third level, whose held trades are then refused); a late trade; quotes; a book with a
 * depth batch open over the first upgrade point; and a trade of each symbol far later, which closes every bar.
 */
public final class UpgradeScript {

  static final String APPLICATION_ID = "upgrade-fixture";
  static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  static final List<String> SYMBOLS = List.of("ESH26", "ESM26", "NQH26");

  /** One input record: topic, key, value (Avro single-object bytes) and timestamp. */
  record Step(String topic, String key, byte[] value, Instant timestamp) {
  }

  /**
   * Where a build was upgraded: after {@code steps} steps of the script. {@code v1}: symbol state format 1, the dedup
   * store before identities (not carried over, docs/operations.md: no copy of its trades comes after this point) and
   * the book format without the last complete book; {@code v2}: format 2 and dedup identities per second; {@code v3}:
   * format 3, with the held trades of two price jumps, and identities per second.
   */
  record UpgradePoint(String name, int steps) {
  }

  private static final AvroSerializer<Trade> TRADES = new AvroSerializer<>(Trade.class);
  private static final AvroSerializer<Quote> QUOTES = new AvroSerializer<>(Quote.class);
  private static final AvroSerializer<DepthUpdate> DEPTH = new AvroSerializer<>(DepthUpdate.class);

  private final List<Step> steps = new ArrayList<>();
  private final List<UpgradePoint> points = new ArrayList<>();
  private final Map<String, Integer> sequences = new HashMap<>();

  private UpgradeScript() {
  }

  /** The settings of every run of the script, old builds' and today's. */
  static Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    settings.put(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m,5m");
    settings.put(StreamsAppConfig.BARS_ACTIVITY_CONFIG, "ES*=T4,ES*=V12,ES*=R8");
    settings.put(StreamsAppConfig.VALIDATION_PRICE_JUMP_PERCENT_CONFIG, "10");
    settings.put(StreamsAppConfig.VALIDATION_PRICE_JUMP_CONFIRMATIONS_CONFIG, "3");
    return settings;
  }

  /** The script's steps, in order. */
  static List<Step> steps() {
    return script().steps;
  }

  /** The upgrade points, oldest build first. */
  static List<UpgradePoint> upgradePoints() {
    return script().points;
  }

  private static UpgradeScript script() {
    UpgradeScript script = new UpgradeScript();
    script.market();
    return script;
  }

  private void market() {
    book(0, DepthAction.INSERT, BookSide.BID, 5000.0, 10, false);
    book(0, DepthAction.INSERT, BookSide.ASK, 5000.25, 12, true);
    for (int second = 0; second < 90; second += 5) {
      regular(second);
      if (second == 10) {
        trade("ESH26", second * 1000L + 300, 5000.75, 2); // a sweep: two prints in one microsecond
        trade("ESH26", second * 1000L + 300, 5000.75, 3);
      }
      if (second == 20) {
        repeat(steps.size() - 3); // a copy of a trade seconds old
      }
      if (second % 15 == 0) {
        quotes(second);
      }
    }
    // A batch of the book open over the first upgrade point.
    book(88, DepthAction.UPDATE, BookSide.BID, 5000.0, 7, false);
    book(88, DepthAction.INSERT, BookSide.BID, 4999.75, 4, false);
    points.add(new UpgradePoint("v1", steps.size()));
    book(89, DepthAction.DELETE, BookSide.ASK, 5000.25, 0, true);
    int secondMinute = steps.size();
    for (int second = 90; second < 180; second += 5) {
      regular(second);
      if (second % 15 == 0) {
        quotes(second);
      }
    }
    // A sweep of seven prints in one microsecond: the sixth completes a tick bar at the upgrade point, the seventh
    // opens the next one, whose start must be its own (one microsecond later) though no bar of the series is open.
    for (int print = 0; print < 6; print++) {
      trade("ESH26", 178_000, 5001.0, 1);
    }
    points.add(new UpgradePoint("v2", steps.size()));
    trade("ESH26", 178_000, 5001.0, 1);
    for (int print = 0; print < 3; print++) {
      trade("ESH26", 179_000, 5001.25, 1); // the end of that bar, before the next upgrade point
    }
    // Copies of trades of the second minute and more, sent again after the upgrade (a reconnect's backfill).
    List<Step> backfill =
        List.of(steps.get(secondMinute + 1), steps.get(secondMinute + 9), steps.get(steps.size() - 2));
    jumps();
    points.add(new UpgradePoint("v3", steps.size()));
    steps.addAll(backfill);
    repeat(steps.size() - 7); // a copy of a held trade
    trade("ESH26", 190_000, 5600.5, 1); // a confirmation of the new level
    trade("ESM26", 190_000, 4400.0, 1); // a third level: the held trades of the second are refused
    trade("NQH26", 30_000, 18000.0, 1); // late: its minute closed with the grace
    for (int second = 195; second < 330; second += 5) {
      trade("ESH26", second * 1000L, 5600.0 + (second % 20) * 0.25, 1 + second % 3);
      trade("ESM26", second * 1000L, 4400.0 + (second % 15) * 0.25, 2);
      trade("NQH26", second * 1000L, 18000.0 + (second % 10) * 0.25, 1);
    }
    book(300, DepthAction.UPDATE, BookSide.ASK, 5001.0, 3, true);
    quotes(300);
    for (String symbol : SYMBOLS) {
      trade(symbol, 900_000, symbol.startsWith("NQ") ? 18000.0 : symbol.equals("ESH26") ? 5600.0 : 4400.0, 1);
    }
  }

  /** A trade of each symbol at a second, prices moving by ticks around their level. */
  private void regular(int second) {
    trade("ESH26", second * 1000L, 5000.0 + (second % 20) * 0.25, 1 + second % 3);
    trade("ESM26", second * 1000L, 5010.0 - (second % 15) * 0.25, 2);
    trade("NQH26", second * 1000L, 18000.0 + (second % 10) * 0.25, 1);
  }

  /** Two jumps, each held for two trades: ESH26 to 5600 (from about 5000), ESM26 to 5700 (from about 5010). */
  private void jumps() {
    trade("ESH26", 180_000, 5600.0, 1);
    trade("ESM26", 180_000, 5700.0, 2);
    trade("NQH26", 180_000, 18000.5, 1);
    trade("ESH26", 185_000, 5600.25, 1);
    trade("ESM26", 185_000, 5700.25, 2);
    trade("NQH26", 185_000, 18000.25, 1);
  }

  private void quotes(int second) {
    Instant at = T0.plusSeconds(second);
    for (String symbol : SYMBOLS) {
      double mid = symbol.startsWith("NQ") ? 18000.0 : 5000.0;
      add(TickflowTopics.RAW_QUOTES, symbol, QUOTES.serialize(TickflowTopics.RAW_QUOTES, new Quote(symbol, "",
          mid + second * 0.01, 10L + second, mid + 0.25 + second * 0.01, 12L, at, at.plusMillis(1), DataSource.LIVE)),
          at);
    }
  }

  private void book(int second, DepthAction action, BookSide side, double price, long quantity, boolean end) {
    Instant at = T0.plusSeconds(second);
    add(TickflowTopics.RAW_DEPTH, "ESH26", DEPTH.serialize(TickflowTopics.RAW_DEPTH, new DepthUpdate("ESH26", "",
        side, price, quantity, 1, action, end, at, at.plusMillis(1), DataSource.LIVE)), at);
  }

  private void trade(String symbol, long millis, double price, long size) {
    Instant at = T0.plusMillis(millis);
    int sequence = sequences.merge(symbol, 1, Integer::sum);
    Trade trade = new Trade(symbol, "", price, size, sequence % 2 == 0 ? AggressorSide.BID : AggressorSide.ASK, at,
        at.plusMillis(1), sequence, DataSource.LIVE);
    add(TickflowTopics.RAW_TRADES, symbol, TRADES.serialize(TickflowTopics.RAW_TRADES, trade), at);
  }

  private void repeat(int step) {
    steps.add(steps.get(step));
  }

  private void add(String topic, String key, byte[] value, Instant timestamp) {
    steps.add(new Step(topic, key, value, timestamp));
  }

  /**
   * Runs the script up to an upgrade point on the build of the class path (TopologyTestDriver, in-memory stores) and
   * writes every record it sent to a changelog topic, one a line: topic suffix (after the application id and a dash),
   * partition, timestamp, key, value and headers ({@code name=value} pairs joined by commas), bytes in hex, {@code -}
   * for null (or no headers), {@code .} for empty. TopologyTestDriver has one partition a topic.
   *
   * @param args the upgrade point ({@code v1}, {@code v2}, {@code v3}) and the fixture file to write
   */
  public static void main(String[] args) throws IOException {
    UpgradePoint point = upgradePoints().stream().filter(p -> p.name().equals(args[0])).findFirst().orElseThrow();
    Map<String, Object> settings = settings();
    settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, "in_memory");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("upgrade-fixture").toString());
    StreamsAppConfig config = new StreamsAppConfig(settings);
    try (TopologyTestDriver driver = new TopologyTestDriver(TickflowTopology.build(config),
        config.streamsProperties(), T0);
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
      for (Step step : steps().subList(0, point.steps())) {
        driver.createInputTopic(step.topic(), new StringSerializer(), new ByteArraySerializer())
            .pipeInput(new TestRecord<>(step.key(), step.value(), step.timestamp()));
      }
      for (String topic : new TreeSet<>(driver.producedTopicNames())) {
        if (topic.endsWith("-changelog")) {
          TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
          for (TestRecord<byte[], byte[]> record : changelog.readRecordsToList()) {
            out.println(String.join(" ", topic.substring(APPLICATION_ID.length() + 1), "0",
                Long.toString(record.timestamp()), hex(record.key()), hex(record.value()), headers(record)));
          }
        }
      }
    }
  }

  private static String headers(TestRecord<byte[], byte[]> record) {
    StringJoiner headers = new StringJoiner(",");
    for (Header header : record.headers()) {
      headers.add(header.key() + "=" + hex(header.value()));
    }
    return headers.length() == 0 ? "-" : headers.toString();
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "-" : bytes.length == 0 ? "." : HexFormat.of().formatHex(bytes);
  }
}
