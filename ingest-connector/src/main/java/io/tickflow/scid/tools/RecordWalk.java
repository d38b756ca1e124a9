package io.tickflow.scid.tools;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.PartialRecord;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import io.tickflow.scid.SierraFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The whole records of one Sierra Chart file from a time on, in file order, read in chunks and visited one by one:
 * what the dump tools share. A partial record at the end (one being written, or a truncated file) is not visited; the
 * walk returns it so that a tool can say so.
 */
final class RecordWalk {

  /** One record's visit. */
  interface Visitor {

    /**
     * @param buffer little-endian bytes holding the record at {@code offset}
     * @param position the record's byte position in the file
     * @param unixMicros its date-time (garbage for a garbage record)
     * @param encoding the file's date-time encoding
     * @return whether to go on
     */
    boolean visit(ByteBuffer buffer, int offset, long position, long unixMicros, DateTimeEncoding encoding);
  }

  private static final int CHUNK_RECORDS = 4096;

  private RecordWalk() {
  }

  /**
   * Visits the whole records of {@code file} from the first whose time is at or after {@code from} (found by binary
   * search; null for the first record) until the visitor says stop or the records end.
   *
   * @param wrongFormat why another kind of file is refused
   * @param opened run once the file is known to be valid, before the first record (a CSV header line): nothing is
   *     printed for an invalid file but its error
   * @throws SierraFileException when the file is not a valid file of {@code format}
   */
  static PartialRecord walk(Path file, SierraFileFormat format, String wrongFormat, Instant from, Runnable opened,
                   Visitor visitor) throws IOException {
    if (SierraFileFormat.of(file) != format) {
      throw new SierraFileException(file, 0, wrongFormat);
    }
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow(() ->
        new SierraFileException(file, 0, "file is shorter than its header"))) {
      final Optional<DateTimeEncoding> encoding = reader.encodingOfCompleteFile();
      opened.run();
      if (encoding.isPresent()) {
        visit(reader, encoding.get(), reader.header().positionOf(reader.firstRecordAtOrAfter(
            from == null ? Long.MIN_VALUE : DateTimeEncoding.toMicros(from))), visitor);
      }
      return reader.partialRecord();
    }
  }

  /** The end of a range in Unix microseconds: {@code to}, or after every time when null. */
  static long endMicros(Instant to) {
    return to == null ? Long.MAX_VALUE : DateTimeEncoding.toMicros(to);
  }

  private static void visit(SierraFileReader reader, DateTimeEncoding encoding, long start, Visitor visitor)
      throws IOException {
    final int recordSize = reader.header().recordSize();
    final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_RECORDS * recordSize).order(ByteOrder.LITTLE_ENDIAN);
    long position = start;
    for (int n = reader.read(position, buffer, CHUNK_RECORDS); n > 0; n = reader.read(position, buffer,
        CHUNK_RECORDS)) {
      for (int i = 0; i < n; i++) {
        // Both formats start a record with its 8-byte DateTime.
        final int offset = i * recordSize;
        if (!visitor.visit(buffer, offset, position + offset, encoding.toUnixMicros(buffer.getLong(offset)),
            encoding)) {
          return;
        }
      }
      position += (long) n * recordSize;
    }
  }
}
