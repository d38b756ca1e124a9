package io.tickflow.connect.scid;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tickflow.connect.FakeTaskContext;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.DepthCommand;
import io.tickflow.scid.DepthRecordEncoder;
import io.tickflow.scid.IntradayRecordEncoder;
import io.tickflow.scid.RecordKind;
import io.tickflow.scid.SierraFileWriter;
import io.tickflow.scid.SyntheticDepth;
import io.tickflow.scid.SyntheticTrades;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ScidSourceTaskTest {

  private static final String SAMPLE = "/scid/ESM23-CME_seandunaway-scid_10rec.scid";
  private static final Instant START = Instant.parse("2024-05-06T13:30:00Z");

  @TempDir
  Path dir;

  private final FakeTaskContext context = new FakeTaskContext();
  private final List<ScidSourceTask> tasks = new ArrayList<>();

  @AfterEach
  void stopTasks() {
    tasks.forEach(ScidSourceTask::stop);
  }

  @Test
  void shouldPublishTheSampleAsTradesWithExactOffsets() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    final List<SourceRecord> records = drain(start(Map.of()));

    assertThat(records).hasSize(10);
    assertThat(records).extracting(r -> (Object) r.sourceOffset().get("position"))
        .containsExactly(96L, 136L, 176L, 216L, 256L, 296L, 336L, 376L, 416L, 456L);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.sourcePartition()).isEqualTo(Map.of("file", file.toAbsolutePath().toString()));
      assertThat(r.topic()).isEqualTo("tickflow.raw.trades");
      assertThat(r.key()).isEqualTo("ESM23");
      assertThat(((Struct) r.value()).getString("symbol")).isEqualTo("ESM23-CME");
    });
    assertThat(records.stream().map(r -> trade(r)).collect(Collectors.toList())).containsExactly(
        "2023-02-21T20:37:19.026Z#0 4048.0 x1 BID FILE",
        "2023-02-21T20:37:43.699Z#0 4048.0 x1 BID FILE",
        "2023-02-21T20:37:50.544Z#0 4047.5 x1 BID FILE",
        "2023-02-21T20:38:02.105Z#0 4047.75 x1 BID FILE",
        "2023-02-21T20:38:02.105Z#1 4047.75 x1 BID FILE",
        "2023-02-21T20:38:12.208Z#0 4048.0 x1 BID FILE",
        "2023-02-21T20:39:10.708Z#0 4047.0 x1 ASK FILE",
        "2023-02-21T20:40:28.608Z#0 4048.0 x1 ASK FILE",
        "2023-02-21T20:40:52.682Z#0 4048.5 x1 BID FILE",
        "2023-02-21T20:40:52.682Z#1 4048.25 x1 BID FILE");
    assertThat(records.get(0).timestamp()).isEqualTo(Instant.parse("2023-02-21T20:37:19.026Z").toEpochMilli());
    assertThat(records.get(9).sourceOffset().get("lastTime")).isEqualTo(3886173652682001L);
    assertThat(context.metric("records-read-total")).isEqualTo(10);
    assertThat(context.metric("trades-total")).isEqualTo(10);
  }

  @Test
  void shouldResumeAfterTheStoredOffsetWithoutLossOrDuplicates() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    storeOffset(file, 216L, 3886173482105000L);
    final List<SourceRecord> records = drain(start(Map.of()));
    assertThat(records).hasSize(6);
    assertThat(trade(records.get(0))).isEqualTo("2023-02-21T20:38:02.105Z#1 4047.75 x1 BID FILE");
    assertThat(context.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldMapSymbolAndPriceAndWriteQuotesWhenConfigured() throws Exception {
    copySample("ESM23-CME.scid");
    final List<SourceRecord> records = drain(start(Map.of("symbol.mapping", "ESM23-CME=ESM23",
        "price.multiplier", "ESM23=0.5", "quotes.topic", "q")));
    assertThat(records).hasSize(20);
    assertThat(records.get(0).key()).isEqualTo("ESM23");
    assertThat(((Struct) records.get(0).value()).getFloat64("price")).isEqualTo(2024.0);
    final Struct quote = (Struct) records.get(1).value();
    assertThat(records.get(1).topic()).isEqualTo("q");
    assertThat(quote.getFloat64("bidPrice")).isEqualTo(2024.0);
    assertThat(quote.getFloat64("askPrice")).isEqualTo(2024.375);
    // The quote, the record's last output, carries the offset past the record; the trade the one that resumes at it.
    assertThat(records.get(0).sourceOffset()).isEqualTo(Map.of("position", 56L, "lastTime", 0L));
    assertThat(records.get(1).sourceOffset().get("position")).isEqualTo(96L);
    assertThat(records.get(2).sourceOffset()).isEqualTo(Map.of("position", 96L,
        "lastTime", records.get(1).sourceOffset().get("lastTime")));
  }

  @Test
  void shouldPublishFloatPricesAsTheDecimalsWrittenWhenTheyHaveNoExactBinaryForm() throws Exception {
    final long raw = DateTimeEncoding.INT64_MICROS.fromUnixMicros(DateTimeEncoding.toMicros(START));
    SierraFileWriter.appendRecords(dir.resolve("CLM4-NYMEX.scid"), 1, (buffer, offset) ->
        new IntradayRecordEncoder().wrap(buffer, offset).trade(RecordKind.SINGLE_TRADE, raw, 75.43f, 75.42f, 75.44f,
            1, true));
    SierraFileWriter.appendRecords(dir.resolve("6EM4-CME.scid"), 1, (buffer, offset) ->
        new IntradayRecordEncoder().wrap(buffer, offset).trade(RecordKind.SINGLE_TRADE, raw, 10877f, 10876f, 10878f,
            1, true));
    SierraFileWriter.appendRecords(dir.resolve("CLM4-NYMEX.2024-05-06.depth"), 1, (buffer, offset) ->
        new DepthRecordEncoder().wrap(buffer, offset).rawDateTime(raw).command(DepthCommand.ADD_BID_LEVEL)
            .price(75.42f).quantity(3).numOrders(1).endOfBatch(true));

    final Map<String, Struct> byTopic = new HashMap<>();
    final List<SourceRecord> records = drain(start(Map.of("quotes.topic", "q", "price.multiplier", "6EM4-CME=0.0001")));
    records.forEach(r -> byTopic.put(r.topic() + " " + ((Struct) r.value()).getString("symbol"), (Struct) r.value()));

    // 75.43f is 75.43000030517578 in binary; the DTC connector publishes the same trade as 75.43.
    assertThat(byTopic.get("tickflow.raw.trades CLM4-NYMEX").getFloat64("price")).isEqualTo(75.43);
    assertThat(byTopic.get("q CLM4-NYMEX").getFloat64("bidPrice")).isEqualTo(75.42);
    assertThat(byTopic.get("q CLM4-NYMEX").getFloat64("askPrice")).isEqualTo(75.44);
    assertThat(byTopic.get("tickflow.raw.depth CLM4-NYMEX").getFloat64("price")).isEqualTo(75.42);
    // 10877 x 0.0001 in doubles is 1.0877000000000001.
    assertThat(byTopic.get("tickflow.raw.trades 6EM4-CME").getFloat64("price")).isEqualTo(1.0877);
    assertThat(byTopic.get("q 6EM4-CME").getFloat64("bidPrice")).isEqualTo(1.0876);
  }

  @Test
  void shouldWriteTheQuoteAgainWhenOnlyItsTradesOffsetWasCommitted() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    final Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    final List<SourceRecord> first = drain(start(Map.of("quotes.topic", "q"), clock));
    // A crash after the third trade was acknowledged, its quote not: the trade's offset is the last committed.
    final FakeTaskContext restarted = new FakeTaskContext();
    restarted.offsets.put(Map.of("file", file.toAbsolutePath().toString()), Map.copyOf(first.get(4).sourceOffset()));
    final ScidSourceTask task = new ScidSourceTask(clock);
    task.initialize(restarted);
    task.start(props(Map.of("quotes.topic", "q")));
    tasks.add(task);
    final List<SourceRecord> again = drain(task);

    assertThat(again).hasSize(first.size() - 4);
    assertThat(again.get(0).value()).isEqualTo(first.get(4).value());
    assertThat(again.get(1).topic()).isEqualTo("q");
    assertThat(again.get(1).value()).isEqualTo(first.get(5).value());
    assertThat(restarted.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldWaitForAPartiallyWrittenRecordThenReadIt() throws Exception {
    final byte[] sample = sampleBytes();
    final Path file = dir.resolve("ESM23-CME.scid");
    Files.write(file, Arrays.copyOf(sample, 56 + 40 + 25));
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(1);
    Files.write(file, Arrays.copyOfRange(sample, 56 + 40 + 25, 56 + 80), StandardOpenOption.APPEND);
    final List<SourceRecord> more = drain(task);
    assertThat(more).hasSize(1);
    assertThat(more.get(0).sourceOffset().get("position")).isEqualTo(136L);
    assertThat(context.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldCloseAFileThatStoppedGrowingAndReopenItWhenItGrows() throws Exception {
    final Path file = dir.resolve("ESM4.scid");
    final SyntheticTrades tape = new SyntheticTrades(3, START, DateTimeEncoding.INT64_MICROS, 0);
    tape.appendTo(file, 100);
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    final ScidSourceTask task = start(Map.of(), clock);
    assertThat(drain(task)).hasSize(100);
    assertThat(openHandlesTo(file)).isEqualTo(1);

    clock.advance(TailedFile.IDLE_CLOSE.plusSeconds(1));
    assertThat(drain(task)).isEmpty();
    assertThat(openHandlesTo(file)).as("handles after %s without growth", TailedFile.IDLE_CLOSE).isZero();

    tape.appendTo(file, 7);
    final List<SourceRecord> more = drain(task);
    assertThat(more).hasSize(7);
    assertThat(more.get(6).sourceOffset().get("position")).isEqualTo(56L + 107 * 40);
    assertThat(openHandlesTo(file)).isEqualTo(1);
    assertThat(context.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldReReadAFileRewrittenShorterWhileItsHandleWasClosedForIdleness() throws Exception {
    final Path file = dir.resolve("ESM4.scid");
    new SyntheticTrades(3, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(file, 100);
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    final ScidSourceTask task = start(Map.of(), clock);
    assertThat(drain(task)).hasSize(100);
    clock.advance(TailedFile.IDLE_CLOSE.plusSeconds(1));
    assertThat(drain(task)).isEmpty();
    assertThat(openHandlesTo(file)).isZero();

    // A re-download writes the file anew, with other (here fewer) records than were read.
    Files.delete(file);
    new SyntheticTrades(9, START.plusSeconds(60), DateTimeEncoding.INT64_MICROS, 0).appendTo(file, 40);
    final List<SourceRecord> again = drain(task);

    assertThat(again).hasSize(40);
    assertThat(again.get(39).sourceOffset().get("position")).isEqualTo(56L + 40 * 40);
    assertThat(context.metric("file-restarts-total")).isEqualTo(1);
  }

  @Test
  void shouldNotHoldAReadBufferPerFileWhenTheDirectoryHasManyFiles() throws Exception {
    // A Sierra Chart Data folder keeps a .scid file for every symbol ever charted, MarketDepthData one per day.
    final int files = 200;
    for (int i = 0; i < files; i++) {
      new SyntheticTrades(i, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("SYM" + i + ".scid"), 2);
    }
    final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
    final long before = direct.getMemoryUsed();

    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(2 * files);

    final long oneBuffer = (long) TailedFile.CHUNK_RECORDS * 40;
    assertThat(direct.getMemoryUsed() - before).as("direct memory held while tailing %d files", files)
        .isLessThan(4 * oneBuffer);
  }

  @Test
  void shouldPickUpRecordsAppendedWhileTailing() throws Exception {
    final Path file = dir.resolve("ESM4.scid");
    final SyntheticTrades tape = new SyntheticTrades(3, START, DateTimeEncoding.INT64_MICROS, 0);
    tape.appendTo(file, 5_000);
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(5_000);
    tape.appendTo(file, 1_234);
    final List<SourceRecord> more = drain(task);
    assertThat(more).hasSize(1_234);
    assertThat(more.get(1_233).sourceOffset().get("position")).isEqualTo(56L + 6_234 * 40);
  }

  @Test
  void shouldReReadFromTheStartWhenTheFileShrinks() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(10);
    Files.write(file, Arrays.copyOf(sampleBytes(), 56 + 3 * 40));
    final List<SourceRecord> again = drain(task);
    assertThat(again).hasSize(3);
    assertThat(again.get(0).sourceOffset().get("position")).isEqualTo(96L);
    assertThat(context.metric("file-restarts-total")).isEqualTo(1);
  }

  @Test
  void shouldReReadFromTheStartWhenTheFileIsReplaced() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(10);
    final Path replacement = dir.resolve("new.tmp");
    new SyntheticTrades(5, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("new.scid"), 12);
    Files.move(dir.resolve("new.scid"), replacement);
    Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
    final List<SourceRecord> again = drain(task);
    assertThat(again).hasSize(12);
    assertThat(context.metric("file-restarts-total")).isEqualTo(1);
  }

  @Test
  void shouldReReadFromTheStartWhenTheStoredLastTimeDoesNotMatch() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    storeOffset(file, 216L, 123L);
    assertThat(drain(start(Map.of()))).hasSize(10);
    assertThat(context.metric("file-restarts-total")).isEqualTo(1);
  }

  @Test
  void shouldRefuseABadFileAndGoOnWithTheOthersUntilItIsRepaired() throws Exception {
    copySample("ESM23-CME.scid");
    final byte[] bad = sampleBytes();
    bad[0] = 'X';
    final Path badFile = dir.resolve("BAD.scid");
    Files.write(badFile, bad);
    final ScidSourceTask task = start(Map.of());

    final List<SourceRecord> records = drain(task);
    final List<SourceRecord> letters = records.stream()
        .filter(r -> r.topic().equals("tickflow.dead-letter")).collect(Collectors.toList());
    assertThat(records).hasSize(11);
    assertThat(letters).hasSize(1);
    final Struct letter = (Struct) letters.get(0).value();
    assertThat(letter.getString("reasonCode")).isEqualTo("bad_file");
    assertThat(letter.getString("detail")).isEqualTo(badFile + " at byte 0: not a .scid file: magic is"
        + " 0x44494358, expected 0x44494353 ('SCID')");
    assertThat(context.metric("files-rejected-total")).isEqualTo(1);
    assertThat(drain(task)).as("refused until it changes").isEmpty();

    Files.write(badFile, sampleBytes());
    assertThat(drain(task)).hasSize(10);
    assertThat(context.metric("files-rejected-total")).isEqualTo(1);
  }

  /**
   * Two files with a backlog of the same hours (a restart after a stop): their trades are written merged in time, so
   * that one file's catch-up does not move the partition's stream time past bars the other still has to fill.
   */
  @Test
  void shouldWriteTheTradesOfFilesCatchingUpMergedInTime() throws Exception {
    new SyntheticTrades(1, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("ESM24-CME.scid"), 300);
    new SyntheticTrades(2, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("NQM24-CME.scid"), 300);

    final List<SourceRecord> records = drain(start(Map.of("batch.size", "100")));

    assertThat(records).hasSize(600);
    assertThat(records).extracting(SourceRecord::timestamp).isSorted();
    for (final String file : List.of("ESM24-CME.scid", "NQM24-CME.scid")) {
      assertThat(records).filteredOn(r -> r.sourcePartition().get("file").toString().endsWith(file))
          .extracting(r -> (Long) r.sourceOffset().get("position")).hasSize(300).isSorted();
    }
    assertThat(context.metric("catchup-merges-split-total")).isZero();
  }

  @Test
  void shouldWriteEveryRecordAsItComesWithACatchUpLimitOfZero() throws Exception {
    new SyntheticTrades(1, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("ESM24-CME.scid"), 300);
    new SyntheticTrades(2, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("NQM24-CME.scid"), 300);
    final ScidSourceTask task = start(Map.of("batch.size", "100", "catchup.max.held.records", "0"));

    final Set<Object> firstTwoPolls = new HashSet<>();
    for (int poll = 0; poll < 2; poll++) {
      final List<SourceRecord> batch = task.poll();
      context.commit(batch);
      batch.forEach(record -> firstTwoPolls.add(record.sourcePartition().get("file")));
    }

    assertThat(firstTwoPolls).as("files read by the first two polls, in turn").hasSize(2);
    assertThat(drain(task)).hasSize(600 - 200);
  }

  @Test
  void shouldSkipAndCountBarRecordsSoThatEveryRecordIsAccountedFor() throws Exception {
    new SyntheticTrades(9, START, DateTimeEncoding.INT64_MICROS, 100).appendTo(dir.resolve("NQ.scid"), 20_000);
    final List<SourceRecord> records = drain(start(Map.of()));
    assertThat(context.metric("bar-records-skipped-total")).isEqualTo(200);
    assertThat(records).hasSize(19_800);
    assertThat(context.metric("records-read-total")).isEqualTo(records.size()
        + context.metric("bar-records-skipped-total") + context.metric("records-rejected-total"));
  }

  @Test
  void shouldWarnOncePerFileWhenItHoldsBarsWhichPublishNothing() throws Exception {
    // An intraday bar file (Intraday Data Storage Time Unit above 1 tick): all of it is skipped.
    final Path bars = dir.resolve("NQ.scid");
    final SyntheticTrades barTape = new SyntheticTrades(9, START, DateTimeEncoding.INT64_MICROS, 1);
    barTape.appendTo(bars, 50);
    copySample("ESM23-CME.scid");
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    ((Logger) LoggerFactory.getLogger(TradeMapper.class)).addAppender(logged);
    try {
      final ScidSourceTask task = start(Map.of());
      assertThat(drain(task)).hasSize(10);
      barTape.appendTo(bars, 50);
      assertThat(drain(task)).isEmpty();
    } finally {
      ((Logger) LoggerFactory.getLogger(TradeMapper.class)).detachAppender(logged);
    }
    assertThat(context.metric("bar-records-skipped-total")).isEqualTo(100);
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
        .startsWith(bars + " holds bar records").contains("at byte 56");
  }

  @Test
  void shouldRefuseARecordWithAnImplausibleTimeToTheDeadLetterTopic() throws Exception {
    final Path file = dir.resolve("ES.scid");
    writeTradesWithAnImplausibleTimeInTheMiddle(file);
    final List<SourceRecord> records = drain(start(Map.of()));
    assertThat(records).extracting(SourceRecord::topic)
        .containsExactly("tickflow.raw.trades", "tickflow.dead-letter", "tickflow.raw.trades");
    final Struct letter = (Struct) records.get(1).value();
    assertThat(letter.getString("reasonCode")).isEqualTo("undecodable");
    assertThat(letter.getString("detail")).isEqualTo(file + " at byte 96: date-time -2209161599999958 us is"
        + " outside 1980..2100");
    assertThat(letter.getBytes("originalValue")).hasSize(40);
    assertThat(records.get(1).sourceOffset().get("position")).isEqualTo(136L);
    assertThat(context.metric("records-rejected-total")).isEqualTo(1);
  }

  @Test
  void shouldMapDepthRecordsToDepthUpdatesKeepingBatches() throws Exception {
    new SyntheticDepth(4, START).appendTo(dir.resolve("ESM4.2024-05-06.depth"), 1_000);
    final List<SourceRecord> records = drain(start(Map.of()));
    assertThat(records).hasSize(1_000);
    assertThat(records.get(0).key()).isEqualTo("ESM24");
    assertThat(records.get(0).topic()).isEqualTo("tickflow.raw.depth");
    assertThat(depth(records.get(0))).isEqualTo("UNKNOWN CLEAR 0.0 x0 orders=0 end=false");
    assertThat(depth(records.get(1))).isEqualTo("BID INSERT 3999.75 x10 orders=1 end=false");
    assertThat(depth(records.get(10))).isEqualTo("ASK INSERT 4000.25 x10 orders=1 end=true");
    assertThat(records.get(10).sourceOffset().get("position")).isEqualTo(64L + 11 * 24);
    assertThat(context.metric("depth-updates-total")).isEqualTo(1_000);
  }

  @Test
  void shouldEndABatchAtEveryRecordOfALegacyDepthFileWhichHasNoBatchFlag() throws Exception {
    final Path file = dir.resolve("ESM4.2024-05-06.depth");
    new SyntheticDepth(4, START).appendTo(file, 12);
    // The older record revision: float64 days for the DateTime, reserved (zero) bytes for Flags and NumOrders.
    final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    for (int position = 64; position < bytes.capacity(); position += 24) {
      final long micros = DateTimeEncoding.INT64_MICROS.toUnixMicros(bytes.getLong(position));
      bytes.putLong(position, DateTimeEncoding.FLOAT64_DAYS.fromUnixMicros(micros)).put(position + 9, (byte) 0)
          .putShort(position + 10, (short) 0);
    }
    Files.write(file, bytes.array());

    final List<SourceRecord> records = drain(start(Map.of()));

    assertThat(records).hasSize(12);
    assertThat(depth(records.get(0))).isEqualTo("UNKNOWN CLEAR 0.0 x0 orders=0 end=true");
    assertThat(depth(records.get(1))).isEqualTo("BID INSERT 3999.75 x10 orders=0 end=true");
    assertThat(records).allSatisfy(record -> assertThat(((Struct) record.value()).getBoolean("endOfBatch")).isTrue());
  }

  @Test
  void shouldKeyTradesDepthAndDeadLettersByTheCanonicalSymbolWhenTheFileNameSpellsItOtherwise() throws Exception {
    writeTradesWithAnImplausibleTimeInTheMiddle(dir.resolve("ESZ6-CME.scid"));
    new SyntheticDepth(4, START).appendTo(dir.resolve("ESZ6-CME.2024-05-06.depth"), 3);
    final Clock march2026 = Clock.fixed(Instant.parse("2026-03-02T14:30:00Z"), ZoneOffset.UTC);

    final List<SourceRecord> records = drain(start(Map.of(), march2026));

    assertThat(records).extracting(SourceRecord::topic).containsExactlyInAnyOrder("tickflow.raw.trades",
        "tickflow.dead-letter", "tickflow.raw.trades", "tickflow.raw.depth", "tickflow.raw.depth",
        "tickflow.raw.depth");
    assertThat(records).extracting(SourceRecord::key).containsOnly("ESZ26");
    final Struct letter = records.stream().filter(r -> r.topic().equals("tickflow.dead-letter"))
        .map(r -> (Struct) r.value()).findFirst().orElseThrow();
    assertThat(letter.getBytes("originalKey")).isEqualTo("ESZ26".getBytes(StandardCharsets.UTF_8));
    assertThat(records).filteredOn(r -> !r.topic().equals("tickflow.dead-letter"))
        .extracting(r -> ((Struct) r.value()).getString("symbol")).containsOnly("ESZ6-CME");
  }

  @Test
  void shouldKeyByTheMappedSymbolsCanonicalFormWhenAMappingAndAnAliasApply() throws Exception {
    copySample("ESM23-CME.scid");
    final List<SourceRecord> records = drain(start(Map.of("symbol.mapping", "ESM23-CME=EMINI-JUN",
        "symbol.aliases", "EMINI-JUN=ESM23")));

    assertThat(records).extracting(SourceRecord::key).hasSize(10).containsOnly("ESM23");
    assertThat(records).extracting(r -> ((Struct) r.value()).getString("symbol")).containsOnly("EMINI-JUN");
  }

  @Test
  void shouldRebuildLegacySequenceNumbersWhenResumingMidMillisecond() throws Exception {
    final Path file = dir.resolve("OLD.scid");
    new SyntheticTrades(11, START, DateTimeEncoding.FLOAT64_DAYS, 0).appendTo(file, 3_000);
    final List<SourceRecord> all = drain(start(Map.of()));
    final int resumeAt = indexOfSequenceAtLeast(all, 1);
    final FakeTaskContext resumed = new FakeTaskContext();
    resumed.commit(all.subList(0, resumeAt));
    final ScidSourceTask task = new ScidSourceTask();
    task.initialize(resumed);
    task.start(props(Map.of()));
    tasks.add(task);
    final List<SourceRecord> rest = drain(task);
    assertThat(rest).hasSize(3_000 - resumeAt);
    assertThat(rest.stream().map(ScidSourceTaskTest::trade).collect(Collectors.toList()))
        .isEqualTo(all.subList(resumeAt, 3_000).stream().map(ScidSourceTaskTest::trade)
            .collect(Collectors.toList()));
  }

  @Test
  void shouldSplitFilesAcrossTasksSoEachFileIsReadByExactlyOne() throws Exception {
    for (int i = 0; i < 10; i++) {
      new SyntheticTrades(i, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("S" + i + ".scid"), 10);
    }
    final Map<Object, Integer> readers = new HashMap<>();
    for (final List<SourceRecord> records : readByTasks(3).values()) {
      records.stream().map(SourceRecord::sourcePartition).distinct()
          .forEach(partition -> readers.merge(partition, 1, Integer::sum));
    }
    assertThat(readers).hasSize(10);
    assertThat(readers.values()).containsOnly(1);
  }

  /** A task's catch-up merge orders only what it writes: a Kafka partition's instruments must be one task's. */
  @Test
  void shouldGiveTheFilesOfAKafkaPartitionsInstrumentsToOneTask() throws Exception {
    for (int i = 0; i < 12; i++) {
      new SyntheticTrades(i, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("S" + i + ".scid"), 3);
    }
    // Two spellings of an old contract, both keyed ESH19 by their records' times: a name hash gave them to different
    // tasks, and so did keying the one-digit year at the time of the scan (ESH29 in this decade, another group).
    final Instant january2019 = Instant.parse("2019-01-07T14:30:00Z");
    final Path oneDigit = dir.resolve("ESH9-CME.scid");
    new SyntheticTrades(20, january2019, DateTimeEncoding.INT64_MICROS, 0).appendTo(oneDigit, 3);
    Files.setLastModifiedTime(oneDigit, FileTime.from(january2019.plusSeconds(60)));
    new SyntheticTrades(21, january2019, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("ESH19.scid"), 3);

    final Map<Integer, Set<Integer>> tasksByPartition = new HashMap<>();
    final Map<String, Set<Integer>> tasksByKey = new HashMap<>();
    readByTasks(2).forEach((index, records) -> records.forEach(record -> {
      final String key = (String) record.key();
      // The raw topics of a deployment with 2 tasks have 2, 4, ... partitions; Kafka's producer places the keys.
      tasksByPartition.computeIfAbsent(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 4),
          p -> new HashSet<>()).add(index);
      tasksByKey.computeIfAbsent(key, k -> new HashSet<>()).add(index);
    }));

    assertThat(tasksByKey).hasSize(13).containsKey("ESH19");
    assertThat(tasksByPartition).hasSizeGreaterThan(1).allSatisfy((partition, tasks) -> assertThat(tasks).hasSize(1));
  }

  /** What each of {@code count} tasks of one connector reads of the directory, by task index. */
  private Map<Integer, List<SourceRecord>> readByTasks(int count) throws InterruptedException {
    final Map<Integer, List<SourceRecord>> read = new HashMap<>();
    for (int index = 0; index < count; index++) {
      final ScidSourceTask task = new ScidSourceTask();
      task.initialize(new FakeTaskContext());
      task.start(props(Map.of("task.index", Integer.toString(index), "task.count", Integer.toString(count))));
      tasks.add(task);
      read.put(index, drain(task));
    }
    return read;
  }

  @Test
  void shouldDeadLetterAGarbageFirstRecordAndReadTheRestRatherThanRefuseTheFile() throws Exception {
    // E.g. a crash left the first record of a new file zeroed; the records after it are good.
    final byte[] sample = sampleBytes();
    Arrays.fill(sample, 56, 96, (byte) 0);
    Files.write(dir.resolve("ESM23-CME.scid"), sample);

    final List<SourceRecord> records = drain(start(Map.of()));

    assertThat(records).hasSize(10);
    assertThat(records.get(0).topic()).isEqualTo("tickflow.dead-letter");
    assertThat(((Struct) records.get(0).value()).getString("reasonCode")).isEqualTo("undecodable");
    assertThat(records.subList(1, 10)).allSatisfy(r -> assertThat(r.topic()).isEqualTo("tickflow.raw.trades"));
    assertThat(trade(records.get(1))).isEqualTo("2023-02-21T20:37:43.699Z#0 4048.0 x1 BID FILE");
    assertThat(context.metric("files-rejected-total")).isZero();
    assertThat(context.metric("records-rejected-total")).isEqualTo(1);
  }

  @Test
  void shouldReadAFileWhoseGarbageFirstRecordWasPolledBeforeTheGoodRecordsAfterItWereWritten() throws Exception {
    final byte[] sample = sampleBytes();
    Arrays.fill(sample, 56, 96, (byte) 0);
    final Path file = Files.write(dir.resolve("ESM23-CME.scid"), Arrays.copyOf(sample, 96));
    final ScidSourceTask task = start(Map.of());
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    ((Logger) LoggerFactory.getLogger(TailedFile.class)).addAppender(logged);
    try {
      assertThat(drain(task)).as("one garbage record cannot tell the file's encoding yet").isEmpty();
      assertThat(drain(task)).isEmpty();
    } finally {
      ((Logger) LoggerFactory.getLogger(TailedFile.class)).detachAppender(logged);
    }
    assertThat(logged.list).as("said once, not at every poll").extracting(ILoggingEvent::getFormattedMessage)
        .singleElement().asString().startsWith(file + ": none of its 1 whole record(s) holds a plausible date-time");

    Files.write(file, Arrays.copyOfRange(sample, 96, sample.length), StandardOpenOption.APPEND);
    final List<SourceRecord> records = drain(task);

    assertThat(records).extracting(SourceRecord::topic).hasSize(10).first().isEqualTo("tickflow.dead-letter");
    assertThat(((Struct) records.get(0).value()).getString("reasonCode")).isEqualTo("undecodable");
    assertThat(trade(records.get(1))).isEqualTo("2023-02-21T20:37:43.699Z#0 4048.0 x1 BID FILE");
    assertThat(context.metric("files-rejected-total")).isZero();
  }

  @Test
  void shouldRefuseAFileWhoseFirstRecordsAllHaveImplausibleTimes() throws Exception {
    // The sample's 10 records and 6 of them again: the 16 records the encoding is detected from.
    final byte[] sample = Arrays.copyOf(sampleBytes(), 56 + 16 * 40);
    System.arraycopy(sample, 56, sample, 456, 6 * 40);
    for (int position = 56; position < sample.length; position += 40) {
      Arrays.fill(sample, position, position + 8, (byte) 0);
    }
    Files.write(dir.resolve("ESM23-CME.scid"), sample);

    final List<SourceRecord> records = drain(start(Map.of()));

    assertThat(records).hasSize(1);
    assertThat(((Struct) records.get(0).value()).getString("reasonCode")).isEqualTo("bad_file");
    assertThat(((Struct) records.get(0).value()).getString("detail")).contains("at byte 56: ")
        .contains("none of the first 16 records");
    assertThat(context.metric("files-rejected-total")).isEqualTo(1);
  }

  @Test
  void shouldRefuseAGrowingBadFileOnceNotAtEveryFlush() throws Exception {
    final byte[] bad = sampleBytes();
    bad[0] = 'X';
    final Path badFile = Files.write(dir.resolve("BAD.scid"), bad);
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(1);

    Files.write(badFile, Arrays.copyOfRange(sampleBytes(), 56, 136), StandardOpenOption.APPEND);
    assertThat(drain(task)).as("the bytes that made it bad did not change").isEmpty();
    assertThat(context.metric("files-rejected-total")).isEqualTo(1);

    final byte[] repaired = Files.readAllBytes(badFile);
    repaired[0] = 'S';
    Files.write(badFile, repaired);
    assertThat(drain(task)).hasSize(12);
  }

  @Test
  void shouldGoOnTailingWhileTheDirectoryCannotBeListed() throws Exception {
    copySample("ESM23-CME.scid");
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(10);
    final Path moved = dir.resolveSibling(dir.getFileName() + "-moved");
    Files.move(dir, moved);
    Files.write(dir, new byte[] {1});

    assertThat(drain(task)).as("a file where the directory was").isEmpty();

    Files.delete(dir);
    Files.move(moved, dir);
    new SyntheticTrades(5, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("NEW.scid"), 7);
    assertThat(drain(task)).hasSize(7);
  }

  @Test
  void shouldWaitWithoutRestartsWhileAFileIsShorterThanItsDeclaredHeader() throws Exception {
    final byte[] header = Arrays.copyOf(sampleBytes(), 56);
    ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 96);
    final Path file = Files.write(dir.resolve("LONG.scid"), header);
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).isEmpty();
    assertThat(drain(task)).isEmpty();
    assertThat(context.metric("file-restarts-total")).isZero();

    Files.write(file, Arrays.copyOfRange(sampleBytes(), 56, 56 + 40 + 80), StandardOpenOption.APPEND);
    final List<SourceRecord> records = drain(task);
    assertThat(records).extracting(r -> (Object) r.sourceOffset().get("position")).containsExactly(136L, 176L);
    assertThat(context.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldReadOnThroughBatchesOfSkippedRecords() throws Exception {
    new SyntheticTrades(9, START, DateTimeEncoding.INT64_MICROS, 1).appendTo(dir.resolve("BARS.scid"), 25);
    new SyntheticTrades(9, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("BARS.scid"), 1);
    final List<SourceRecord> records = drain(start(Map.of("batch.size", "10")));
    assertThat(records).hasSize(1);
    assertThat(context.metric("bar-records-skipped-total")).isEqualTo(25);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void shouldForgetADeletedFileClosingItAndGoOnWithTheOthers() throws Exception {
    final Path gone = copySample("GONE.scid");
    final Path kept = copySample("KEPT.scid");
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(20);
    Files.delete(gone);
    Files.write(kept, Arrays.copyOfRange(sampleBytes(), 56, 96), StandardOpenOption.APPEND);

    assertThat(drain(task)).hasSize(1);
    assertThat(openHandlesTo(gone)).isZero();
    assertThat(openHandlesTo(kept)).isEqualTo(1);
    task.stop();
    assertThat(openHandlesTo(kept)).isZero();
  }

  @Test
  void shouldPickUpADirectoryAndFilesCreatedAfterStart() throws Exception {
    final Path later = dir.resolve("later");
    final Map<String, String> props = props(Map.of());
    props.put("directory", later.toString());
    final ScidSourceTask task = new ScidSourceTask();
    task.initialize(context);
    task.start(props);
    tasks.add(task);
    assertThat(drain(task)).isEmpty();

    Files.createDirectory(later);
    Files.write(later.resolve("ESM23-CME.scid"), sampleBytes());
    new SyntheticDepth(4, START).appendTo(later.resolve("ESM4.2024-05-07.depth"), 11);
    assertThat(drain(task)).hasSize(21);
  }

  @Test
  void shouldReadAnEmptyFileOnceItsHeaderAndRecordsAreWritten() throws Exception {
    final Path file = Files.write(dir.resolve("ESM23-CME.scid"), new byte[0]);
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).isEmpty();
    Files.write(file, Arrays.copyOf(sampleBytes(), 56));
    assertThat(drain(task)).isEmpty();
    Files.write(file, Arrays.copyOfRange(sampleBytes(), 56, 456), StandardOpenOption.APPEND);
    assertThat(drain(task)).hasSize(10);
    assertThat(context.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldReReadAFileThatShrankWhileTheTaskWasStopped() throws Exception {
    final Path file = Files.write(dir.resolve("ESM23-CME.scid"), Arrays.copyOf(sampleBytes(), 56 + 4 * 40));
    storeOffset(file, 456L, 3886173652682001L);
    assertThat(drain(start(Map.of()))).hasSize(4);
    assertThat(context.metric("file-restarts-total")).isEqualTo(1);
  }

  @Test
  void shouldResumeAtABytePositionBeyondTwoGigabytes() throws Exception {
    // A sparse file: the first record (which decides the date-time encoding) and three records past 3 GB.
    final Path file = dir.resolve("HUGE.scid");
    final long resume = 56L + 80_000_000L * 40;
    final byte[] sample = sampleBytes();
    Files.write(file, Arrays.copyOf(sample, 96));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(sample, 56, 3 * 40), resume - 40);
    }
    storeOffset(file, resume, ByteBuffer.wrap(sample).order(ByteOrder.LITTLE_ENDIAN).getLong(56));

    final List<SourceRecord> records = drain(start(Map.of()));
    assertThat(records).extracting(r -> (Object) r.sourceOffset().get("position"))
        .containsExactly(resume + 40, resume + 80);
    assertThat(context.metric("file-restarts-total")).isZero();
  }

  @Test
  void shouldRefuseRecordsWithNonFinitePricesOrUndefinedDepthCommands() throws Exception {
    final byte[] trades = sampleBytes();
    ByteBuffer.wrap(trades).order(ByteOrder.LITTLE_ENDIAN).putFloat(56 + 40 + 20, Float.NaN);
    Files.write(dir.resolve("ESM23-CME.scid"), trades);
    final Path depth = dir.resolve("ESM4.2024-05-06.depth");
    new SyntheticDepth(4, START).appendTo(depth, 3);
    final byte[] depthBytes = Files.readAllBytes(depth);
    depthBytes[64 + 24 + 8] = 99;
    Files.write(depth, depthBytes);

    final List<SourceRecord> records = drain(start(Map.of()));
    assertThat(records).hasSize(13);
    assertThat(records).filteredOn(r -> r.topic().equals("tickflow.dead-letter"))
        .extracting(r -> ((Struct) r.value()).getString("detail"))
        .containsExactlyInAnyOrder(
            dir.resolve("ESM23-CME.scid") + " at byte 96: price, bid or ask is not a finite number",
            depth + " at byte 88: undefined depth command 99");
    assertThat(context.metric("records-read-total")).isEqualTo(13);
    assertThat(context.metric("records-rejected-total")).isEqualTo(2);
  }

  @Test
  void shouldRefuseGarbageRecordsRatherThanSkipThemAsBarsOrNoCommands() throws Exception {
    final Path trades = dir.resolve("ES.scid");
    try (SierraFileWriter writer = SierraFileWriter.create(trades)) {
      final ByteBuffer buffer = writer.newRecordBuffer(4);
      final IntradayRecordEncoder encoder = new IntradayRecordEncoder();
      final long good = DateTimeEncoding.INT64_MICROS.fromUnixMicros(DateTimeEncoding.toMicros(START));
      encoder.wrap(buffer, 0).trade(RecordKind.SINGLE_TRADE, good, 10f, 9f, 11f, 1, true);
      encoder.wrap(buffer, 40).rawDateTime(good).open(10f).high(11f).low(9f).close(10f);
      encoder.wrap(buffer, 80).rawDateTime(-1L).open(10f).high(11f).low(9f).close(10f);
      encoder.wrap(buffer, 120).rawDateTime(good).openBits(-1).high(11f).low(9f).close(10f);
      writer.append(buffer, 4);
    }
    final Path depth = dir.resolve("ES.2024-05-06.depth");
    new SyntheticDepth(4, START).appendTo(depth, 2);
    final byte[] depthBytes = Files.readAllBytes(depth);
    ByteBuffer.wrap(depthBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 24, 0L).put(64 + 24 + 8, (byte) 0);
    Files.write(depth, depthBytes);

    final List<SourceRecord> records = drain(start(Map.of()));

    assertThat(records).filteredOn(r -> r.topic().equals("tickflow.dead-letter"))
        .extracting(r -> ((Struct) r.value()).getString("detail")).containsExactlyInAnyOrder(
            trades + " at byte 136: date-time -2209161600000001 us is outside 1980..2100",
            trades + " at byte 176: bar open is not a finite number",
            depth + " at byte 88: date-time -2209161600000000 us is outside 1980..2100");
    assertThat(context.metric("bar-records-skipped-total")).isEqualTo(1);
    assertThat(context.metric("no-command-records-skipped-total")).isZero();
    assertThat(context.metric("records-read-total")).isEqualTo(records.size()
        + context.metric("bar-records-skipped-total"));
  }

  @Test
  void shouldRebuildLegacySequenceNumbersPastARefusedTrade() throws Exception {
    final Path file = dir.resolve("OLD.scid");
    try (SierraFileWriter writer = SierraFileWriter.create(file)) {
      final ByteBuffer buffer = writer.newRecordBuffer(4);
      final IntradayRecordEncoder encoder = new IntradayRecordEncoder();
      final long time = DateTimeEncoding.FLOAT64_DAYS.fromUnixMicros(DateTimeEncoding.toMicros(START));
      final float[] prices = {10f, 10f, Float.NaN, 10f};
      for (int i = 0; i < prices.length; i++) {
        encoder.wrap(buffer, i * 40).trade(RecordKind.SINGLE_TRADE, time, prices[i], 9f, 11f, 1, true);
      }
      writer.append(buffer, 4);
    }
    final List<SourceRecord> all = drain(start(Map.of()));
    final FakeTaskContext resumed = new FakeTaskContext();
    resumed.commit(all.subList(0, 3));
    final ScidSourceTask task = new ScidSourceTask();
    task.initialize(resumed);
    task.start(props(Map.of()));
    tasks.add(task);

    final List<SourceRecord> rest = drain(task);

    assertThat(rest).extracting(ScidSourceTaskTest::trade).containsExactly(trade(all.get(3)))
        .containsExactly("2024-05-06T13:30:00Z#2 10.0 x1 ASK FILE");
  }

  @Test
  void shouldWarnOnceWhileAFileCannotBeReadThenReadOn() throws Exception {
    final Path file = copySample("ESM23-CME.scid");
    final ScidSourceTask task = start(Map.of());
    assertThat(drain(task)).hasSize(10);
    // Root reads any file whatever its permissions; a directory in its place cannot be read by anyone.
    Files.delete(file);
    Files.createDirectory(file);
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    ((Logger) LoggerFactory.getLogger(ScidSourceTask.class)).addAppender(logged);
    try {
      for (int poll = 0; poll < 3; poll++) {
        assertThat(drain(task)).isEmpty();
      }
      Files.delete(file);
      Files.write(file, sampleBytes());
      assertThat(drain(task)).as("another file now: read from its start").hasSize(10);
    } finally {
      ((Logger) LoggerFactory.getLogger(ScidSourceTask.class)).detachAppender(logged);
    }
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .contains(file + " can be read again");
  }

  private static int indexOfSequenceAtLeast(List<SourceRecord> records, int sequence) {
    for (int i = 0; i < records.size(); i++) {
      if (((Struct) records.get(i).value()).getInt32("sequence") >= sequence) {
        return i;
      }
    }
    throw new AssertionError("no trade with sequence " + sequence);
  }

  /** A good trade, one dated 42 us after 1899-12-30 (refused), another good one. */
  private static void writeTradesWithAnImplausibleTimeInTheMiddle(Path file) throws Exception {
    try (SierraFileWriter writer = SierraFileWriter.create(file)) {
      final ByteBuffer buffer = writer.newRecordBuffer(3);
      final IntradayRecordEncoder encoder = new IntradayRecordEncoder();
      final long good = DateTimeEncoding.INT64_MICROS.fromUnixMicros(DateTimeEncoding.toMicros(START));
      encoder.wrap(buffer, 0).trade(RecordKind.SINGLE_TRADE, good, 10f, 9f, 11f, 1, true);
      encoder.wrap(buffer, 40).trade(RecordKind.SINGLE_TRADE, 42L, 10f, 9f, 11f, 1, true);
      encoder.wrap(buffer, 80).trade(RecordKind.SINGLE_TRADE, good + 1000, 10f, 9f, 11f, 1, true);
      writer.append(buffer, 3);
    }
  }

  /** The offset the worker stored for {@code file}: the task resumes from it. */
  private void storeOffset(Path file, long position, long lastTime) {
    context.offsets.put(Map.of("file", file.toAbsolutePath().toString()),
        Map.of("position", position, "lastTime", lastTime));
  }

  private ScidSourceTask start(Map<String, String> extra) {
    return start(extra, Clock.systemUTC());
  }

  private ScidSourceTask start(Map<String, String> extra, Clock clock) {
    final ScidSourceTask task = new ScidSourceTask(clock);
    task.initialize(context);
    task.start(props(extra));
    tasks.add(task);
    return task;
  }

  private Map<String, String> props(Map<String, String> extra) {
    final Map<String, String> props = new HashMap<>(extra);
    props.put("directory", dir.toString());
    props.put("poll.interval.ms", "10");
    return props;
  }

  /** Polls until a poll finds nothing, committing offsets like the worker. */
  private List<SourceRecord> drain(ScidSourceTask task) throws InterruptedException {
    final List<SourceRecord> all = new ArrayList<>();
    for (List<SourceRecord> batch = task.poll(); batch != null; batch = task.poll()) {
      context.commit(batch);
      all.addAll(batch);
    }
    return all;
  }

  /** How many of this process's file descriptors are open on {@code file} (Linux), to find leaked handles. */
  private static long openHandlesTo(Path file) throws Exception {
    final String target = file.toAbsolutePath().toString();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.map(ScidSourceTaskTest::linkTarget).filter(link -> link.startsWith(target)).count();
    }
  }

  private static String linkTarget(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (Exception e) {
      return "";
    }
  }

  private Path copySample(String name) throws Exception {
    return Files.write(dir.resolve(name), sampleBytes());
  }

  private static byte[] sampleBytes() throws Exception {
    return ScidSourceTaskTest.class.getResourceAsStream(SAMPLE).readAllBytes();
  }

  static String trade(SourceRecord record) {
    final Struct trade = (Struct) record.value();
    return DateTimeEncoding.toInstant(trade.getInt64("eventTime")) + "#" + trade.getInt32("sequence") + " "
        + trade.getFloat64("price") + " x" + trade.getInt64("size") + " " + trade.getString("side") + " "
        + trade.getString("source");
  }

  private static String depth(SourceRecord record) {
    final Struct update = (Struct) record.value();
    return update.getString("side") + " " + update.getString("action") + " " + update.getFloat64("price") + " x"
        + update.getInt64("quantity") + " orders=" + update.getInt32("numOrders") + " end="
        + update.getBoolean("endOfBatch");
  }
}
