package io.tickflow.connect.scid;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.DepthRecordEncoder;
import io.tickflow.scid.IntradayRecordEncoder;
import io.tickflow.scid.RecordKind;
import io.tickflow.scid.SierraFileFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One random Sierra Chart file written as Sierra Chart would, in byte chunks that cut records anywhere: trades
 * (several in one millisecond), bars and garbage for {@code .scid}; batches ending with END_OF_BATCH, NO_COMMAND and
 * garbage for {@code .depth}. It can also be rewritten shorter (truncated in place or replaced by another file) and
 * keeps each content the file had before such a rewrite. Not thread-safe.
 */
final class SierraFileTape {

  private final Path file;
  private final SierraFileFormat format;
  private final DateTimeEncoding encoding;
  private final Random random;
  private final IntradayRecordEncoder trades = new IntradayRecordEncoder();
  private final DepthRecordEncoder depth = new DepthRecordEncoder();
  private final List<byte[]> earlierContents = new ArrayList<>();
  /** Everything generated; the file holds the first {@link #written} bytes of it. */
  private byte[] content;
  private int written;
  private int records;
  private long millis;
  private int counter;
  /** Small positive raw times are implausible in both encodings; each garbage time is distinct. */
  private long garbageTime;

  SierraFileTape(Path file, DateTimeEncoding encoding, long startMillis, Random random) {
    this.file = file;
    this.format = SierraFileFormat.ofFileName(file).orElseThrow();
    this.encoding = encoding;
    this.random = random;
    this.millis = startMillis;
    this.content = header();
  }

  Path file() {
    return file;
  }

  DateTimeEncoding encoding() {
    return encoding;
  }

  boolean isDepth() {
    return format == SierraFileFormat.DEPTH;
  }

  /** The file as it is now, whole records only (a header still being written counts as written). */
  byte[] wholeContent() {
    final int partial = written < format.headerSize() ? 0 : (written - format.headerSize()) % format.recordSize();
    return Arrays.copyOf(content, written - partial);
  }

  /** The contents the file had before each rewrite, then the full content: what any read may have come from. */
  List<byte[]> contents() {
    final List<byte[]> all = new ArrayList<>(earlierContents);
    all.add(content.clone());
    return all;
  }

  boolean wasRewritten() {
    return !earlierContents.isEmpty();
  }

  /** Appends the next 1 to 3 records' worth of bytes, generating records first if all were written. */
  void writeChunk() throws IOException {
    if (written == content.length) {
      generate();
    }
    final int chunk = Math.min(1 + random.nextInt(3 * format.recordSize()), content.length - written);
    append(chunk);
  }

  /** Writes whatever was generated and not written yet, then a few more records. */
  void finish() throws IOException {
    generate();
    append(content.length - written);
  }

  /**
   * Rewrites the file shorter, as a historical download or a re-download does: keeps a random number of its whole
   * records (or nothing at all), in place, as a new file renamed over it, or deleted and then written anew; later
   * records are later in time.
   */
  void rewrite() throws IOException {
    earlierContents.add(wholeContent());
    final int whole = written < format.headerSize() ? -1 : (written - format.headerSize()) / format.recordSize();
    final int keep = random.nextInt(whole + 2) - 1;
    final int length = keep < 0 ? 0 : format.headerSize() + keep * format.recordSize();
    content = keep < 0 ? header() : Arrays.copyOf(content, length);
    records = Math.max(keep, 0);
    written = length;
    millis += 1_000;
    counter = 0;
    final int mode = random.nextInt(3);
    if (mode == 0) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.truncate(length);
      }
    } else if (mode == 1) {
      final Path replacement = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(replacement, Arrays.copyOf(content, length));
      Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
    } else {
      // Deleted, then written anew from its first byte by the next chunks.
      Files.deleteIfExists(file);
      written = 0;
    }
  }

  private void append(int length) throws IOException {
    Files.write(file, Arrays.copyOfRange(content, written, written + length), StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    written += length;
  }

  private byte[] header() {
    final ByteBuffer header = ByteBuffer.allocate(format.headerSize()).order(ByteOrder.LITTLE_ENDIAN);
    format.writeHeader(header);
    return header.array();
  }

  private void generate() {
    final int count = 1 + random.nextInt(6);
    final ByteBuffer buffer = ByteBuffer.allocate(count * format.recordSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      if (isDepth()) {
        depthRecord(buffer, i * format.recordSize(), i == count - 1);
      } else {
        intradayRecord(buffer, i * format.recordSize());
      }
      records++;
    }
    final ByteArrayOutputStream grown = new ByteArrayOutputStream();
    grown.writeBytes(content);
    grown.writeBytes(buffer.array());
    content = grown.toByteArray();
  }

  /** A trade, a bar or garbage; the second record of a file is good, so its encoding is known early. */
  private void intradayRecord(ByteBuffer buffer, int offset) {
    final int roll = records == 1 ? 0 : random.nextInt(100);
    final long raw = nextTime();
    final float price = price();
    final long size = 1 + random.nextInt(50);
    trades.wrap(buffer, offset);
    if (roll < 64) {
      final RecordKind kind = RecordKind.values()[random.nextInt(3)];
      trades.trade(kind, raw, price, price - 0.25f, price + 0.25f, size, random.nextBoolean());
      if (roll < 6) {
        trades.bidVolume(random.nextInt(2) * size).askVolume(random.nextInt(2) * size);
      }
    } else if (roll < 78) {
      trades.rawDateTime(raw).open(price()).high(price + 1).low(price - 1).close(price).numTrades(7)
          .totalVolume(size).bidVolume(size / 2).askVolume(size - size / 2);
    } else if (roll < 86) {
      trades.trade(RecordKind.SINGLE_TRADE, ++garbageTime, price, price - 0.25f, price + 0.25f, size, true);
    } else if (roll < 92) {
      trades.trade(RecordKind.SINGLE_TRADE, raw, Float.NaN, price - 0.25f, price + 0.25f, size, true);
    } else if (roll < 96) {
      trades.trade(RecordKind.SINGLE_TRADE, raw, price, Float.NEGATIVE_INFINITY, price + 0.25f, size, false);
    } else {
      trades.rawDateTime(raw).open(Float.NaN).high(price + 1).low(price - 1).close(price).numTrades(7)
          .totalVolume(size);
    }
  }

  /** One record of a batch: commands 0-7, or garbage (undefined command, implausible time, non-finite price). */
  private void depthRecord(ByteBuffer buffer, int offset, boolean lastOfBatch) {
    final int roll = records == 1 ? 20 : random.nextInt(100);
    depth.wrap(buffer, offset).rawDateTime(roll < 4 ? ++garbageTime : nextTime())
        .commandCode(roll < 12 ? 8 + random.nextInt(248) : random.nextInt(8))
        .price(roll >= 12 && roll < 15 ? Float.NaN : price())
        .quantity(random.nextInt(1_000));
    // The older record revision (float64 DateTime) has reserved zero bytes where Flags and NumOrders are.
    if (encoding == DateTimeEncoding.INT64_MICROS) {
      depth.numOrders(random.nextInt(40)).endOfBatch(lastOfBatch);
    }
  }

  /**
   * The raw time of the next record: often the same millisecond as the last, numbered by the microsecond counter in
   * current files and sharing one time in legacy ones.
   */
  private long nextTime() {
    if (random.nextInt(100) < 35 && counter < 999) {
      counter++;
    } else {
      millis += 1 + random.nextInt(1_500);
      counter = 0;
    }
    return encoding.fromUnixMicros(millis * 1_000 + (encoding == DateTimeEncoding.INT64_MICROS ? counter : 0));
  }

  /** A price in cents around 4000: six significant digits, so it has one shortest decimal form. */
  private float price() {
    return Float.parseFloat(String.format(Locale.ROOT, "%.2f", 4_000 + (random.nextInt(40_000) - 20_000)
        / 100.0));
  }
}
