package io.tickflow.scid;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The two Sierra Chart file kinds Tickflow reads: {@code .scid} intraday records and {@code .depth} market depth
 * records. Both are a little-endian header followed by fixed-size records (Sierra Chart's Intraday and Market Depth Data File Format pages).
 */
public enum SierraFileFormat {

  /** Intraday data file: 56-byte header, 40-byte records. */
  SCID(".scid", "SCID", 56, 40),
  /** Market depth data file: 64-byte header, 24-byte records. */
  DEPTH(".depth", "SCDD", 64, 24);

  /** Bytes needed to recognise a file and learn its header and record sizes (magic, header size, record size). */
  public static final int MINIMAL_HEADER_SIZE = 12;
  static final int MAGIC_OFFSET = 0;
  static final int HEADER_SIZE_OFFSET = 4;
  static final int RECORD_SIZE_OFFSET = 8;
  static final int VERSION_OFFSET = 12;

  private final String extension;
  private final String magicText;
  private final int magic;
  private final int headerSize;
  private final int recordSize;

  SierraFileFormat(String extension, String magicText, int headerSize, int recordSize) {
    this.extension = extension;
    this.magicText = magicText;
    this.magic = ByteBuffer.wrap(magicText.getBytes(StandardCharsets.US_ASCII))
        .order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    this.headerSize = headerSize;
    this.recordSize = recordSize;
  }

  /** The format of a file by its extension, case-insensitive; empty for any other file. */
  public static Optional<SierraFileFormat> ofFileName(Path file) {
    final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (final SierraFileFormat format : values()) {
      if (name.endsWith(format.extension)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /**
   * The format of a file by its extension.
   *
   * @throws SierraFileException for any other extension
   */
  public static SierraFileFormat of(Path file) throws SierraFileException {
    return ofFileName(file).orElseThrow(() ->
        new SierraFileException(file, 0, "unknown extension, expected .scid or .depth"));
  }

  public String extension() {
    return extension;
  }

  /** The header size Sierra Chart writes today; a file may declare a larger one (extra bytes are skipped). */
  public int headerSize() {
    return headerSize;
  }

  /** The only record size this reader understands. */
  public int recordSize() {
    return recordSize;
  }

  /**
   * Validates a header and returns its sizes.
   *
   * @param buffer little-endian bytes of the file start, at least {@link #MINIMAL_HEADER_SIZE} of them from index 0
   * @throws SierraFileException when the magic, the header size or the record size is not this format's
   */
  public FileHeader parseHeader(ByteBuffer buffer, Path file) throws SierraFileException {
    final int actualMagic = buffer.getInt(MAGIC_OFFSET);
    if (actualMagic != magic) {
      throw new SierraFileException(file, MAGIC_OFFSET, String.format(Locale.ROOT,
          "not a %s file: magic is 0x%08X, expected 0x%08X ('%s')", extension, actualMagic, magic, magicText));
    }
    final long declaredHeader = Integer.toUnsignedLong(buffer.getInt(HEADER_SIZE_OFFSET));
    if (declaredHeader < headerSize || declaredHeader > 1 << 20) {
      throw new SierraFileException(file, HEADER_SIZE_OFFSET,
          "header size " + declaredHeader + " is not supported, expected at least " + headerSize);
    }
    final long declaredRecord = Integer.toUnsignedLong(buffer.getInt(RECORD_SIZE_OFFSET));
    if (declaredRecord != recordSize) {
      throw new SierraFileException(file, RECORD_SIZE_OFFSET,
          "record size " + declaredRecord + " is not supported, expected " + recordSize);
    }
    return new FileHeader(this, (int) declaredHeader, recordSize);
  }

  /** Writes this format's current header (version 1, reserved bytes zero) at index 0 of a little-endian buffer. */
  public void writeHeader(ByteBuffer buffer) {
    for (int i = 0; i < headerSize; i++) {
      buffer.put(i, (byte) 0);
    }
    buffer.putInt(MAGIC_OFFSET, magic);
    buffer.putInt(HEADER_SIZE_OFFSET, headerSize);
    buffer.putInt(RECORD_SIZE_OFFSET, recordSize);
    // .scid stores Version as uint16 + uint16 unused, .depth as uint32: both are the bytes 01 00 00 00.
    buffer.putInt(VERSION_OFFSET, 1);
  }
}
