package io.tickflow.scid;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads whole records of one validated {@code .scid} or {@code .depth} file with positional reads, so a file that
 * Sierra Chart is still appending to can be read while it grows: a trailing partial record is never returned.
 * Not thread-safe.
 */
public final class SierraFileReader implements Closeable {

  /**
   * How many records the encoding is detected from. One garbage record at the start (a crash can leave a new
   * file's first record zeroed) must not refuse a file whose records after it are good: they then go on to be read,
   * and the garbage one refused as a record.
   */
  public static final int DETECTION_RECORDS = 16;

  private final Path file;
  private final FileChannel channel;
  private final FileHeader header;
  private final Object openedFileKey;
  private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private DateTimeEncoding encoding;

  private SierraFileReader(Path file, FileChannel channel, FileHeader header) throws IOException {
    this.file = file;
    this.channel = channel;
    this.header = header;
    this.openedFileKey = currentFileKey(file);
  }

  /**
   * Opens a file and validates its header.
   *
   * @return empty while the file is shorter than its header (being created)
   * @throws SierraFileException when the extension is unknown or the header is not the format's
   */
  public static Optional<SierraFileReader> open(Path file) throws IOException {
    final SierraFileFormat format = SierraFileFormat.of(file);
    final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      final ByteBuffer start = ByteBuffer.allocate(format.headerSize()).order(ByteOrder.LITTLE_ENDIAN);
      if (readFully(channel, start, 0) < format.headerSize()) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new SierraFileReader(file, channel, format.parseHeader(start, file)));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  public FileHeader header() {
    return header;
  }

  /** Current size of the file in bytes. */
  public long size() throws IOException {
    return channel.size();
  }

  /** Number of whole records in the file now. */
  public long recordCount() throws IOException {
    return header.wholeRecords(size());
  }

  /** The bytes after the last whole record now, which {@link #read} does not return. */
  public PartialRecord partialRecord() throws IOException {
    final long size = size();
    final long end = header.positionOf(header.wholeRecords(size));
    return new PartialRecord(file, end, Math.max(0, size - end));
  }

  /**
   * Whether the path now names another file than the one opened (replaced by rename or delete and re-create).
   * Always false where the file system has no file keys; the tailer's checkpoint check covers that case.
   *
   * @throws java.nio.file.NoSuchFileException if the path no longer exists
   */
  public boolean isReplacedOnDisk() throws IOException {
    return openedFileKey != null && !openedFileKey.equals(currentFileKey(file));
  }

  private static Object currentFileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  /**
   * The file's date-time encoding, detected from the first of its first {@value #DETECTION_RECORDS} records with a
   * plausible date-time, and then cached.
   *
   * @return empty while the file has fewer than {@value #DETECTION_RECORDS} whole records and none of them is
   *     plausible: a file being written may still get a good record after a garbage first one
   * @throws SierraFileException when none of the first {@value #DETECTION_RECORDS} records has a date-time
   *     plausible in either encoding
   */
  public Optional<DateTimeEncoding> encoding() throws IOException {
    if (encoding != null) {
      return Optional.of(encoding);
    }
    final long examined = Math.min(recordCount(), DETECTION_RECORDS);
    for (long i = 0; i < examined; i++) {
      final Optional<DateTimeEncoding> detected =
          DateTimeEncoding.plausibleReading(rawDateTimeAt(header.positionOf(i)));
      if (detected.isPresent()) {
        encoding = detected.get();
        return detected;
      }
    }
    if (examined == DETECTION_RECORDS) {
      throw noPlausibleDateTime(examined);
    }
    return Optional.empty();
  }

  /**
   * The encoding of a file that is complete (no more records will come), as {@link #encoding()} but also refusing a
   * file of fewer than {@value #DETECTION_RECORDS} records none of which is plausible.
   *
   * @return empty when the file has no whole record
   */
  public Optional<DateTimeEncoding> encodingOfCompleteFile() throws IOException {
    final Optional<DateTimeEncoding> detected = encoding();
    final long records = recordCount();
    if (detected.isEmpty() && records > 0) {
      throw noPlausibleDateTime(records);
    }
    return detected;
  }

  private SierraFileException noPlausibleDateTime(long examined) throws IOException {
    return new SierraFileException(file, header.headerSize(), String.format(Locale.ROOT, "none of the first %d"
        + " records has a date-time that is int64 microseconds or float64 days between 1980 and 2100 (the first"
        + " is 0x%016X)", examined, rawDateTimeAt(header.headerSize())));
  }

  /**
   * Reads the raw date-time bits of the record at {@code position}.
   *
   * @throws EOFException if no whole record starts there
   */
  public long rawDateTimeAt(long position) throws IOException {
    scratch.clear();
    if (readFully(channel, scratch, position) < Long.BYTES || position + header.recordSize() > size()) {
      throw new EOFException(file + ": no whole record at byte " + position);
    }
    return scratch.getLong(0);
  }

  /**
   * Reads whole records starting at record boundary {@code position}: at most {@code maxRecords}, at most as many
   * as fit in {@code dst}, and only those already complete in the file. The buffer is cleared first and flipped
   * after; record i of the result starts at index {@code i * recordSize}.
   *
   * @return the number of whole records read; 0 at the end of the file or before a partial record
   */
  public int read(long position, ByteBuffer dst, int maxRecords) throws IOException {
    if (!header.isRecordBoundary(position)) {
      throw new IllegalArgumentException(file + ": byte " + position + " is not a record boundary");
    }
    final int recordSize = header.recordSize();
    final long available = Math.max(0, size() - position) / recordSize;
    final int wanted = (int) Math.min(Math.min(available, maxRecords), dst.capacity() / recordSize);
    dst.clear().limit(wanted * recordSize);
    // A file only shrinks below a size already seen when it is rewritten, which the tailer detects.
    final int got = readFully(channel, dst, position) / recordSize;
    dst.flip().limit(got * recordSize);
    return got;
  }

  /**
   * Index of the first record whose time is at or after {@code unixMicros}, by binary search over the
   * time-ordered records; {@link #recordCount()} if there is none.
   */
  public long firstRecordAtOrAfter(long unixMicros) throws IOException {
    final Optional<DateTimeEncoding> detected = encoding();
    long low = 0;
    long high = recordCount();
    while (detected.isPresent() && low < high) {
      final long middle = (low + high) >>> 1;
      if (detected.get().toUnixMicros(rawDateTimeAt(header.positionOf(middle))) < unixMicros) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static int readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
    int total = 0;
    while (dst.hasRemaining()) {
      final int n = channel.read(dst, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
