package io.tickflow.connect.scid;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.FileHeader;
import io.tickflow.scid.SierraFileFormat;
import io.tickflow.scid.SierraFileReader;
import io.tickflow.scid.TradeSequencer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails one Sierra Chart file: reads whole records from the committed byte position on, waits while the last
 * record is partly written, and re-reads the file from its start (with a warning) when it shrank, was replaced, or
 * the record before the position is no longer the one consumed. Not thread-safe.
 */
final class TailedFile implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(TailedFile.class);
  /** Records (of the longest format) read per positional read. */
  static final int CHUNK_RECORDS = 4096;
  /**
   * How long a file may go without growing before its handle is closed. A task tails every day's .depth file of
   * every symbol it was given, so kept open for good their handles would pile up to the process's limit over
   * months. A closed file is reopened, and checked like any file on resume, once it changes in any way: grown, or
   * rewritten (a re-download may leave it shorter than the position, and then it would never grow past it).
   */
  static final Duration IDLE_CLOSE = Duration.ofMinutes(5);

  private final FileTarget target;
  private final MapperFactory mapperFactory;
  private final TaskCounters counters;
  private SierraFileReader reader;
  private final ByteBuffer buffer;
  private FileHeader header;
  private RecordMapper mapper;
  /** Byte position of the next record; 0 until the header is known. */
  private long position;
  /** Raw date-time of the record just before {@link #position}; null at the start of the file. */
  private Long lastRawDateTime;
  /** When the file last gave records (or was opened). */
  private Instant lastGrowth = Instant.MIN;
  /** The file as it was when its handle was closed for idleness; null while it is tailed with an open handle. */
  private FileState idleState;
  /** Whole records seen while none told the file's date-time encoding, as last logged; 0 when nothing waits. */
  private long undecidedRecordsLogged;

  /** Creates the mapper of a file once its date-time encoding is known. */
  interface MapperFactory {
    RecordMapper create(FileTarget target, SierraFileFormat format, DateTimeEncoding encoding);
  }

  /**
   * A read buffer for {@link TailedFile}s: one per task, shared by all of its files (it reads one file at a time,
   * and a record is mapped before the next read), since a directory can hold thousands of files.
   */
  static ByteBuffer newReadBuffer() {
    final int longestRecord = Math.max(SierraFileFormat.SCID.recordSize(), SierraFileFormat.DEPTH.recordSize());
    return ByteBuffer.allocateDirect(CHUNK_RECORDS * longestRecord).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * @param storedOffset the committed source offset, or null to start at the first record
   * @param buffer the task's read buffer, from {@link #newReadBuffer}
   */
  TailedFile(FileTarget target, Map<String, Object> storedOffset, MapperFactory mapperFactory,
             TaskCounters counters, ByteBuffer buffer) {
    this.target = target;
    this.buffer = buffer;
    this.mapperFactory = mapperFactory;
    this.counters = counters;
    if (storedOffset != null) {
      position = ((Number) storedOffset.getOrDefault(FileTarget.POSITION_FIELD, 0L)).longValue();
      final Object last = storedOffset.get(FileTarget.LAST_TIME_FIELD);
      lastRawDateTime = last == null ? null : ((Number) last).longValue();
    }
  }

  FileTarget target() {
    return target;
  }

  /** Byte position of the next record to read. */
  long position() {
    return position;
  }

  /**
   * Reads at most {@code maxRecords} whole records and maps them into {@code out}.
   *
   * @return the number of file records read (published, skipped or refused)
   * @throws io.tickflow.scid.SierraFileException when the header or the first record's date-time is invalid
   * @throws java.nio.file.NoSuchFileException when the file was deleted
   */
  int poll(List<SourceRecord> out, int maxRecords, Instant receiveTime) throws IOException {
    if (idleState != null) {
      if (idleState.equals(FileState.of(target.file()))) {
        return 0;
      }
      idleState = null;
      lastGrowth = receiveTime;
    }
    if (!ensureOpen() || !ensureMapper()) {
      return 0;
    }
    // Taken before the read, so that a change made after the read is seen as one once the handle is closed.
    final FileState before = Duration.between(lastGrowth, receiveTime).compareTo(IDLE_CLOSE) > 0
        ? FileState.of(target.file()) : null;
    final int n = reader.read(position, buffer, maxRecords);
    if (n > 0 || lastGrowth == Instant.MIN) {
      lastGrowth = receiveTime;
    } else if (before != null) {
      close();
      idleState = before;
    }
    for (int i = 0; i < n; i++) {
      final int offset = i * header.recordSize();
      mapper.map(buffer, offset, position, lastRawDateTime == null ? 0 : lastRawDateTime, receiveTime, out);
      lastRawDateTime = buffer.getLong(offset);
      position += header.recordSize();
    }
    counters.recordsRead.addAndGet(n);
    return n;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  /** Opens the file if needed and checks it is still the file whose records were consumed. */
  private boolean ensureOpen() throws IOException {
    if (reader != null && reader.isReplacedOnDisk()) {
      restart("was replaced by another file");
    }
    if (reader == null && !open()) {
      return false;
    }
    final long size = reader.size();
    // Below the first record the file is still being written (or declares a header longer than it is): nothing
    // was read, so there is nothing to re-read, only records to wait for.
    if (size < position && position > header.headerSize()) {
      restart("shrank to " + size + " bytes, below the read position " + position);
      return open();
    }
    if (lastRawDateTime != null && position > header.headerSize()
        && reader.rawDateTimeAt(position - header.recordSize()) != lastRawDateTime) {
      restart("has another record before byte " + position + " than the one already read");
      return open();
    }
    return true;
  }

  private boolean open() throws IOException {
    final Optional<SierraFileReader> opened = SierraFileReader.open(target.file());
    if (opened.isEmpty()) {
      return false;
    }
    reader = opened.get();
    header = reader.header();
    if (position != 0 && !header.isRecordBoundary(position)) {
      restart("has no record boundary at the stored position " + position);
      return open();
    }
    if (position == 0) {
      position = header.headerSize();
    }
    return true;
  }

  private boolean ensureMapper() throws IOException {
    if (mapper != null) {
      return true;
    }
    final Optional<DateTimeEncoding> encoding = reader.encoding();
    if (encoding.isEmpty()) {
      logUndecided(reader.recordCount());
      return false;
    }
    mapper = mapperFactory.create(target, header.format(), encoding.get());
    if (mapper instanceof TradeMapper && ((TradeMapper) mapper).needsReplay()) {
      replayBefore(position);
    }
    return true;
  }

  /**
   * Says why a file's records are not read yet: none of its first records holds a plausible date-time (a zeroed
   * record Sierra Chart has not flushed over yet), so its encoding is unknown until one does or
   * {@value SierraFileReader#DETECTION_RECORDS} records exist (the file is then refused as bad_file). Said again only
   * when more records came, not at every poll.
   */
  private void logUndecided(long records) {
    if (records > undecidedRecordsLogged) {
      log.info("{}: none of its {} whole record(s) holds a plausible date-time yet; waiting for one, or for {} records "
          + "before refusing the file", target.file(), records, SierraFileReader.DETECTION_RECORDS);
      undecidedRecordsLogged = records;
    }
  }

  /** Rebuilds legacy sequence numbers from the trades just before a resume point. */
  private void replayBefore(long resumePosition) throws IOException {
    final long first = Math.max(header.headerSize(),
        resumePosition - (long) TradeSequencer.MAX_SAME_MILLISECOND_TRADES * header.recordSize());
    for (long at = first; at < resumePosition; ) {
      final int n = reader.read(at, buffer, (int) ((resumePosition - at) / header.recordSize()));
      for (int i = 0; i < n; i++) {
        mapper.replay(buffer, i * header.recordSize());
      }
      at += (long) n * header.recordSize();
      if (n == 0) {
        break;
      }
    }
  }

  /** What tells whether a closed file changed: its size, modification time and identity (null without file keys). */
  private record FileState(long size, FileTime modified, Object key) {

    /** @throws java.nio.file.NoSuchFileException when the file was deleted */
    static FileState of(Path file) throws IOException {
      final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileState(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    }
  }

  private void restart(String reason) throws IOException {
    log.warn("{} {}; re-reading it from the start", target.file(), reason);
    counters.fileRestarts.incrementAndGet();
    close();
    mapper = null;
    position = 0;
    lastRawDateTime = null;
    undecidedRecordsLogged = 0;
  }
}
