package io.tickflow.scid;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes {@code .scid} and {@code .depth} files byte-exact to the documented layout: a format header then records
 * appended at the end, as Sierra Chart does. Used for test fixtures, the simulator and benchmarks. Not thread-safe.
 */
public final class SierraFileWriter implements Closeable {

  private static final int CHUNK_RECORDS = 4096;

  private final FileChannel channel;
  private final SierraFileFormat format;

  private SierraFileWriter(FileChannel channel, SierraFileFormat format) {
    this.channel = channel;
    this.format = format;
  }

  /** Creates (or truncates) a file and writes the header of the format given by its extension. */
  public static SierraFileWriter create(Path file) throws IOException {
    final SierraFileFormat format = SierraFileFormat.of(file);
    final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    final ByteBuffer header = ByteBuffer.allocate(format.headerSize()).order(ByteOrder.LITTLE_ENDIAN);
    format.writeHeader(header);
    writeFully(channel, header);
    return new SierraFileWriter(channel, format);
  }

  /** Opens an existing file to append records after the ones it has. */
  public static SierraFileWriter append(Path file) throws IOException {
    final FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new SierraFileWriter(channel, SierraFileFormat.of(file));
  }

  /** A little-endian buffer that holds {@code records} records of this file's format. */
  public ByteBuffer newRecordBuffer(int records) {
    return ByteBuffer.allocate(records * format.recordSize()).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Appends the first {@code records} records of a buffer filled by an encoder from index 0.
   */
  public void append(ByteBuffer buffer, int records) throws IOException {
    final ByteBuffer slice = buffer.duplicate().clear().limit(records * format.recordSize());
    writeFully(channel, slice);
  }

  /**
   * Appends {@code count} records made by {@code generator} in chunks, creating the file with its header if it
   * does not exist.
   */
  public static void appendRecords(Path file, long count, RecordGenerator generator) throws IOException {
    try (SierraFileWriter writer = Files.exists(file) ? append(file) : create(file)) {
      final ByteBuffer buffer = writer.newRecordBuffer(CHUNK_RECORDS);
      final int recordSize = writer.format.recordSize();
      long left = count;
      while (left > 0) {
        final int n = (int) Math.min(left, CHUNK_RECORDS);
        for (int i = 0; i < n; i++) {
          generator.encode(buffer, i * recordSize);
        }
        writer.append(buffer, n);
        left -= n;
      }
    }
  }

  /** Encodes one record into a little-endian buffer at an offset. */
  @FunctionalInterface
  public interface RecordGenerator {
    void encode(ByteBuffer buffer, int offset);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void writeFully(FileChannel channel, ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }
}
