package io.tickflow.scid;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Sierra Chart data file that cannot be read as documented: wrong magic, unsupported header or record size, or a
 * record whose date-time is outside the plausible window. The message names the file and the byte offset.
 */
public final class SierraFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public SierraFileException(Path file, long offset, String detail) {
    super(file + " at byte " + offset + ": " + detail);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  /** Byte offset in the file where the problem was found. */
  public long offset() {
    return offset;
  }
}
