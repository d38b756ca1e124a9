package io.tickflow.connect.scid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tickflow.connect.FakeTaskContext;
import io.tickflow.connect.scid.SierraFileReference.Expected;
import io.tickflow.connect.scid.SierraFileReference.Out;
import io.tickflow.scid.DateTimeEncoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The file connector reads {@code .scid} and {@code .depth} files byte-exact and resumably: random files are written
 * in random byte chunks while the task polls; at random points the task is stopped and a new one started from the
 * offsets of a random prefix of what it published (Connect commits offsets only now and then); files are rewritten
 * shorter now and then. An independent read of every content a file had (docs/connectors.md) must be published
 * exactly: each task publishes runs of it that start at its resume offset (or, after a rewrite, at the file's start),
 * with the same values and offsets every time, the final content in full, and the counters say what was read.
 */
class ScidResumePropertyTest {

  private static final String KEY = "ESM24";
  /** Values and fields the docs leave to the implementation or that depend on when a record was read. */
  private static final Set<String> UNCOMPARED = Set.of("receiveTime", "rejectedAt", "exchange", "sourceTopic",
      "sourcePartition", "sourceOffset", "originalKey");

  @Property(tries = 60)
  void shouldPublishEveryRecordOnceAndTheSameAfterAnyRestart(@ForAll long seed) throws Exception {
    final Path dir = Files.createTempDirectory("scid-resume");
    try {
      new Scenario(dir, new Random(seed)).run();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (final Path path : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(path);
        }
      }
    }
  }

  /** One task incarnation: where it resumed from and what it published. */
  private static final class Run {
    final ScidSourceTask task;
    final Map<Map<String, ?>, Map<String, Object>> resumedFrom;
    final FakeTaskContext context = new FakeTaskContext();
    final List<SourceRecord> published = new ArrayList<>();
    final Map<String, Long> metrics = new HashMap<>();

    Run(MutableClock clock, Map<Map<String, ?>, Map<String, Object>> committed, Map<String, String> props) {
      resumedFrom = Map.copyOf(committed);
      context.offsets.putAll(committed);
      task = new ScidSourceTask(clock);
      task.initialize(context);
      task.start(props);
    }

    void stop() {
      for (final String name : List.of("records-read-total", "trades-total", "depth-updates-total",
          "bar-records-skipped-total", "no-command-records-skipped-total", "records-rejected-total",
          "files-rejected-total", "file-restarts-total")) {
        metrics.put(name, context.metric(name));
      }
      task.stop();
    }
  }

  private static final class Scenario {
    private final Random random;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
    private final List<SierraFileTape> tapes = new ArrayList<>();
    private final Map<String, String> props = new HashMap<>();
    private final boolean quotes;
    /** Whether files are rewritten: a rewrite allows re-reading from the start, so half of the tries have none. */
    private final boolean rewrites;
    private final Map<Map<String, ?>, Map<String, Object>> committed = new HashMap<>();
    private final List<Run> runs = new ArrayList<>();

    Scenario(Path dir, Random random) {
      this.random = random;
      quotes = random.nextBoolean();
      rewrites = random.nextBoolean();
      final long start = Instant.parse("2024-05-06T13:30:00Z").toEpochMilli() + random.nextInt(86_400_000);
      tapes.add(new SierraFileTape(dir.resolve("ESM24-CME.scid"), encoding(), start, random));
      tapes.add(new SierraFileTape(dir.resolve("ESM24-CME.2024-05-06.depth"), encoding(), start, random));
      props.put("directory", dir.toString());
      props.put("poll.interval.ms", "10");
      props.put("batch.size", Integer.toString(List.of(1, 2, 3, 7, 10_000).get(random.nextInt(5))));
      props.put("trades.topic", SierraFileReference.TRADES);
      props.put("depth.topic", SierraFileReference.DEPTH);
      props.put("dead.letter.topic", SierraFileReference.DEAD_LETTERS);
      if (quotes) {
        props.put("quotes.topic", SierraFileReference.QUOTES);
      }
    }

    private DateTimeEncoding encoding() {
      return random.nextInt(4) == 0 ? DateTimeEncoding.FLOAT64_DAYS : DateTimeEncoding.INT64_MICROS;
    }

    void run() throws Exception {
      runs.add(new Run(clock, committed, props));
      final int steps = 20 + random.nextInt(80);
      for (int step = 0; step < steps; step++) {
        final int roll = random.nextInt(100);
        if (roll < 55) {
          tape().writeChunk();
        } else if (roll < 80) {
          poll(current());
        } else if (roll < 86) {
          restart();
        } else if (roll < 90) {
          // Long enough without growth for the task to close the files' handles.
          clock.advance(TailedFile.IDLE_CLOSE.plusMinutes(1));
        } else if (roll < 93 && rewrites) {
          rewrite(tape());
        } else {
          drain(current());
        }
      }
      for (final SierraFileTape tape : tapes) {
        tape.finish();
      }
      drain(current());
      commit(current(), current().published.size());
      current().stop();
      // A task started from everything committed has nothing left to publish.
      final Run last = new Run(clock, committed, props);
      runs.add(last);
      drain(last);
      last.stop();
      check();
      Statistics.label("tasks started").collect(runs.size() < 3 ? "1-2" : runs.size() < 6 ? "3-5" : "6+");
      Statistics.label("files rewritten").collect(tapes.stream().filter(SierraFileTape::wasRewritten).count());
      Statistics.label("quotes").collect(quotes);
      Statistics.label("records published again after a restart").collect(republished() == 0 ? "none" : "some");
      Statistics.label("file encodings").collect(tapes.stream().map(SierraFileTape::encoding)
          .collect(Collectors.toList()));
    }

    /** Rewrites a file and often writes it past where it was before the task looks again. */
    private void rewrite(SierraFileTape tape) throws IOException {
      tape.rewrite();
      for (int chunks = random.nextInt(40); chunks > 0; chunks--) {
        tape.writeChunk();
      }
    }

    private SierraFileTape tape() {
      return tapes.get(random.nextInt(tapes.size()));
    }

    private Run current() {
      return runs.get(runs.size() - 1);
    }

    private void poll(Run run) throws InterruptedException {
      clock.advance(Duration.ofSeconds(1));
      final List<SourceRecord> batch = run.task.poll();
      if (batch != null) {
        run.published.addAll(batch);
      }
    }

    private void drain(Run run) throws InterruptedException {
      for (int polls = 0; polls < 100_000; polls++) {
        clock.advance(Duration.ofSeconds(1));
        final List<SourceRecord> batch = run.task.poll();
        if (batch == null) {
          return;
        }
        run.published.addAll(batch);
      }
      fail("the task never ran out of records");
    }

    /** A crash: the worker had committed the offsets of a random prefix of what the task published. */
    private void restart() {
      final Run run = current();
      commit(run, random.nextInt(run.published.size() + 1));
      run.stop();
      runs.add(new Run(clock, committed, props));
    }

    private void commit(Run run, int count) {
      for (final SourceRecord record : run.published.subList(0, count)) {
        committed.put(record.sourcePartition(), new HashMap<>(record.sourceOffset()));
      }
    }

    private void check() {
      for (final SierraFileTape tape : tapes) {
        final Map<String, String> partition = Map.of("file", tape.file().toAbsolutePath().normalize().toString());
        final SierraFileReference reference = new SierraFileReference(tape.file().toString(), "ESM24-CME", KEY,
            quotes);
        final List<List<Expected>> contents = tape.contents().stream()
            .map(content -> reference.expected(content, tape.isDepth())).collect(Collectors.toList());
        final List<Expected> finalContent = contents.get(contents.size() - 1);
        final List<Out> everything = new ArrayList<>();
        for (final Run run : runs) {
          final List<Out> published = run.published.stream().filter(r -> r.sourcePartition().equals(partition))
              .map(ScidResumePropertyTest::out).collect(Collectors.toList());
          checkRuns(tape, published, resumePosition(run, partition), contents);
          everything.addAll(published);
        }
        assertThat(everything).as("%s: every record of the final file published", tape.file())
            .containsAll(finalContent.stream().map(Expected::out).collect(Collectors.toList()));
        final Run finalRun = runs.get(runs.size() - 2);
        final List<Out> finalPublished = finalRun.published.stream()
            .filter(r -> r.sourcePartition().equals(partition)).map(ScidResumePropertyTest::out)
            .collect(Collectors.toList());
        if (!finalPublished.isEmpty() && !finalContent.isEmpty()) {
          assertThat(finalPublished.get(finalPublished.size() - 1)).as("%s: last record read", tape.file())
              .isEqualTo(finalContent.get(finalContent.size() - 1).out());
        }
        if (!tape.wasRewritten()) {
          checkSameValuesEveryTime(everything);
        }
      }
      assertThat(runs.get(runs.size() - 1).published).as("published after everything was committed").isEmpty();
      final boolean rewritten = tapes.stream().anyMatch(SierraFileTape::wasRewritten);
      for (final Run run : runs) {
        checkCounters(run, rewritten);
      }
    }

    /** How many records were published with a source partition, topic and offset published before. */
    private long republished() {
      final Set<List<Object>> seen = new HashSet<>();
      return runs.stream().flatMap(run -> run.published.stream())
          .filter(r -> !seen.add(List.of(r.sourcePartition(), r.topic(), r.sourceOffset()))).count();
    }

    /** Where a task resumes a file: the committed position, or the first record when nothing was committed. */
    private static long resumePosition(Run run, Map<String, String> partition) {
      final Map<String, Object> offset = run.resumedFrom.get(partition);
      return offset == null ? 0 : ((Number) offset.get("position")).longValue();
    }

    /**
     * A task's records of one file are runs of the expected records of one of its contents: one run from the resume
     * position on. Once the file was rewritten, the task may also re-read it from its start, and a file deleted and
     * written anew is found again and resumed like a new one: runs then start at either.
     */
    private void checkRuns(SierraFileTape tape, List<Out> published, long resume, List<List<Expected>> contents) {
      int at = 0;
      for (boolean first = true; at < published.size(); first = false) {
        final List<Long> starts = tape.wasRewritten() ? List.of(resume, 0L) : first ? List.of(resume) : List.of();
        int longest = 0;
        for (final long from : starts) {
          for (final List<Expected> content : contents) {
            longest = Math.max(longest, matching(published, at, content, from));
          }
        }
        if (longest == 0) {
          fail("%s: record %d of a task (resumed at byte %d) is not the next record expected from byte %s:%n  %s%n"
              + "expected the start of one of:%n%s", tape.file(), at, resume, starts, published.get(at),
              contents.stream().map(content -> content.stream().filter(e -> e.position() >= starts.get(0)).limit(3)
                  .map(e -> "  " + e.out()).collect(Collectors.joining("\n"))).collect(Collectors.joining("\n --\n")));
        }
        at += longest;
      }
    }

    /** How many published records from {@code at} on are the expected records from byte {@code from} on. */
    private static int matching(List<Out> published, int at, List<Expected> content, long from) {
      final List<Out> expected = content.stream().filter(e -> e.position() >= from).map(Expected::out)
          .collect(Collectors.toList());
      int n = 0;
      while (at + n < published.size() && n < expected.size() && published.get(at + n).equals(expected.get(n))) {
        n++;
      }
      return n;
    }

    /** Records published more than once have the same value every time (same sequence numbers, prices, keys). */
    private static void checkSameValuesEveryTime(List<Out> everything) {
      final Map<String, Out> first = new HashMap<>();
      for (final Out out : everything) {
        final Out earlier = first.putIfAbsent(out.topic() + " " + out.offset(), out);
        if (earlier != null) {
          assertThat(out).as("published again").isEqualTo(earlier);
        }
      }
    }

    private static void checkCounters(Run run, boolean rewritten) {
      final Map<String, Long> byTopic = run.published.stream()
          .collect(Collectors.groupingBy(SourceRecord::topic, Collectors.counting()));
      final Map<String, Long> m = run.metrics;
      assertThat(m.get("trades-total")).isEqualTo(byTopic.getOrDefault(SierraFileReference.TRADES, 0L));
      assertThat(m.get("depth-updates-total")).isEqualTo(byTopic.getOrDefault(SierraFileReference.DEPTH, 0L));
      assertThat(m.get("records-rejected-total"))
          .isEqualTo(byTopic.getOrDefault(SierraFileReference.DEAD_LETTERS, 0L));
      assertThat(m.get("files-rejected-total")).isZero();
      assertThat(m.get("records-read-total")).isEqualTo(m.get("trades-total") + m.get("depth-updates-total")
          + m.get("bar-records-skipped-total") + m.get("no-command-records-skipped-total")
          + m.get("records-rejected-total"));
      if (!rewritten) {
        assertThat(m.get("file-restarts-total")).isZero();
      }
    }
  }

  /** A published record as the reference describes it. */
  private static Out out(SourceRecord record) {
    final Struct struct = (Struct) record.value();
    final Map<String, Object> value = new LinkedHashMap<>();
    for (final Field field : struct.schema().fields()) {
      if (!UNCOMPARED.contains(field.name())) {
        value.put(field.name(), comparable(field.name(), struct.get(field)));
      }
    }
    @SuppressWarnings("unchecked")
    final Map<String, Long> offset = (Map<String, Long>) record.sourceOffset();
    return new Out(record.topic(), (String) record.key(), value, Map.copyOf(offset));
  }

  private static Object comparable(String name, Object value) {
    if (value instanceof byte[]) {
      return HexFormat.of().formatHex((byte[]) value);
    }
    if (value instanceof ByteBuffer) {
      final ByteBuffer bytes = ((ByteBuffer) value).duplicate();
      final byte[] array = new byte[bytes.remaining()];
      bytes.get(array);
      return HexFormat.of().formatHex(array);
    }
    if (name.equals("detail")) {
      // "FILE at byte N: problem": the docs name the file and position; the wording of the problem is free.
      final String detail = (String) value;
      return detail.substring(0, detail.indexOf(": ", detail.indexOf(" at byte ")));
    }
    return value;
  }
}
