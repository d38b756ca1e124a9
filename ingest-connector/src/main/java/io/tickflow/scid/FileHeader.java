package io.tickflow.scid;

/**
 * The validated sizes of one Sierra Chart file's header: records start at {@code headerSize} and are
 * {@code recordSize} bytes each.
 */
public record FileHeader(SierraFileFormat format, int headerSize, int recordSize) {

  /** Byte position of record {@code index}. */
  public long positionOf(long index) {
    return headerSize + index * recordSize;
  }

  /** Number of whole records in a file of {@code fileSize} bytes; a trailing partial record is not counted. */
  public long wholeRecords(long fileSize) {
    return Math.max(0, (fileSize - headerSize) / recordSize);
  }

  /** Whether {@code position} is the start of a record (or the end of the last one). */
  public boolean isRecordBoundary(long position) {
    return position >= headerSize && (position - headerSize) % recordSize == 0;
  }
}
