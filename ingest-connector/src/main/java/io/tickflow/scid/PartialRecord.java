package io.tickflow.scid;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The bytes after a file's last whole record: a record Sierra Chart is still writing, or the end of a truncated copy.
 * {@link SierraFileReader} never reads it; the tools that read a whole file say so.
 *
 * @param position where it starts, the end of the whole records
 * @param bytes its length; 0 when the file ends on a record boundary
 */
public record PartialRecord(Path file, long position, long bytes) {

  /** Says on {@code err} that the file ends with a partial record, if it does. */
  public void report(PrintStream err) {
    if (bytes > 0) {
      err.println(file + " at byte " + position + ": the last record is partial, " + bytes + " bytes (being written,"
          + " or the file is truncated); not read");
    }
  }
}
