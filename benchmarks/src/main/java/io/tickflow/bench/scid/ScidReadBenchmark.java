package io.tickflow.bench.scid;

import io.tickflow.connect.scid.ScidSourceTask;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.SierraFileReader;
import io.tickflow.scid.SyntheticTrades;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Throughput of reading a .scid file, in records per second, three ways in one run on the same file: a plain
 * FileChannel scan reading one field per record (the baseline: I/O and nothing else), the flyweight reader
 * decoding every field, and the connector task's whole path (read, decode, Trade, Connect Struct, SourceRecord).
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.tickflow.bench.scid.ScidReadBenchmark [records] [rounds]}
 */
public final class ScidReadBenchmark {

  private static final int CHUNK = 4096;

  private ScidReadBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    final long records = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    final Path dir = Files.createTempDirectory("scid-bench");
    final Path file = dir.resolve("ESM4.scid");
    new SyntheticTrades(1, Instant.parse("2024-05-06T13:30:00Z"), DateTimeEncoding.INT64_MICROS, 0)
        .appendTo(file, records);
    System.out.printf(Locale.ROOT, "file: %d records, %d MB; %d rounds, best round reported%n", records,
        Files.size(file) >> 20, rounds);
    final double baseline = best(rounds, records, () -> rawScan(file));
    final double decoded = best(rounds, records, () -> flyweightScan(file));
    final double task = best(rounds, records, () -> taskScan(dir));
    report("baseline: FileChannel scan, one field", baseline, baseline);
    report("flyweight reader, every field", decoded, baseline);
    report("connector task: read + Trade + Struct", task, baseline);
    Files.delete(file);
    Files.delete(dir);
  }

  private interface Scan {
    long run() throws Exception;
  }

  private static double best(int rounds, long expected, Scan scan) throws Exception {
    double best = 0;
    for (int i = 0; i < rounds + 1; i++) {
      final long start = System.nanoTime();
      final long n = scan.run();
      final double seconds = (System.nanoTime() - start) / 1e9;
      if (n != expected) {
        throw new IllegalStateException("read " + n + " records, expected " + expected);
      }
      if (i > 0) {
        // Round 0 warms up the JIT and the page cache.
        best = Math.max(best, n / seconds);
      }
    }
    return best;
  }

  private static void report(String name, double perSecond, double baseline) {
    System.out.printf(Locale.ROOT, "%-42s %,14.0f records/s  ratio to baseline %.2f%n", name, perSecond,
        perSecond / baseline);
  }

  private static long rawScan(Path file) throws IOException {
    final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK * 40).order(ByteOrder.LITTLE_ENDIAN);
    long n = 0;
    double sum = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = 56;
      for (int read = channel.read(buffer, position); read > 0; read = channel.read(buffer.clear(), position)) {
        final int whole = read / 40;
        for (int i = 0; i < whole; i++) {
          sum += buffer.getFloat(i * 40 + 20);
        }
        n += whole;
        position += whole * 40L;
      }
    }
    return sum > 0 ? n : -1;
  }

  private static long flyweightScan(Path file) throws IOException {
    final IntradayRecordDecoder decoder = new IntradayRecordDecoder();
    final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK * 40).order(ByteOrder.LITTLE_ENDIAN);
    long n = 0;
    long check = 0;
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      long position = reader.header().headerSize();
      for (int read = reader.read(position, buffer, CHUNK); read > 0; read = reader.read(position, buffer, CHUNK)) {
        for (int i = 0; i < read; i++) {
          decoder.wrap(buffer, i * 40);
          check += decoder.rawDateTime() + decoder.openBits() + Float.floatToRawIntBits(decoder.close())
              + Float.floatToRawIntBits(decoder.high()) + Float.floatToRawIntBits(decoder.low())
              + decoder.totalVolume() + decoder.bidVolume() + decoder.askVolume() + decoder.numTrades();
        }
        n += read;
        position += read * 40L;
      }
    }
    return check != 0 ? n : -1;
  }

  private static long taskScan(Path dir) throws InterruptedException {
    final ScidSourceTask task = new ScidSourceTask();
    task.initialize(new NoOffsetsContext());
    task.start(Map.of("directory", dir.toString(), "batch.size", "100000", "poll.interval.ms", "10"));
    long n = 0;
    try {
      for (List<SourceRecord> batch = task.poll(); batch != null; batch = task.poll()) {
        n += batch.size();
      }
    } finally {
      task.stop();
    }
    return n;
  }

  /** A context with no stored offsets and no metrics: the task reads every file from its start. */
  private static final class NoOffsetsContext implements SourceTaskContext {
    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
      return new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
          return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
          return new HashMap<>();
        }
      };
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
