package io.tickflow.scid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Deterministic generator of {@code .depth} files as Sierra Chart writes them (Sierra Chart's Market Depth Data File Format page):
 * a full snapshot batch (CLEAR_BOOK, bids best to worse, asks worse to best, END_OF_BATCH on the last), then
 * small update batches, each ending with END_OF_BATCH. Successive {@link #appendTo} calls continue the same
 * stream. Not thread-safe.
 */
public final class SyntheticDepth {

  private static final int LEVELS = 5;
  private static final float TICK = 0.25f;
  private static final float MID = 4000f;

  private final SplittableRandom random;
  private final DepthRecordEncoder encoder = new DepthRecordEncoder();
  private long micros;
  /** Records still to write in the current batch, counting down to the END_OF_BATCH one. */
  private int batchLeft;
  private long written;

  public SyntheticDepth(long seed, Instant start) {
    this.random = new SplittableRandom(seed);
    this.micros = DateTimeEncoding.toMicros(start);
  }

  /** Appends {@code count} records, creating the file with its header if it does not exist. */
  public void appendTo(Path file, long count) throws IOException {
    SierraFileWriter.appendRecords(file, count, this::encodeNext);
  }

  /** Encodes the next record at {@code offset} of a little-endian buffer. */
  public void encodeNext(ByteBuffer buffer, int offset) {
    if (batchLeft == 0) {
      micros += 1000L * (1 + random.nextInt(50));
      batchLeft = written == 0 ? 1 + 2 * LEVELS : 1 + random.nextInt(3);
    }
    final boolean snapshot = written < 1 + 2 * LEVELS;
    encoder.wrap(buffer, offset).rawDateTime(DateTimeEncoding.INT64_MICROS.fromUnixMicros(micros))
        .endOfBatch(batchLeft == 1);
    if (snapshot) {
      encodeSnapshotLevel((int) written);
    } else {
      encodeUpdate();
    }
    batchLeft--;
    written++;
  }

  private void encodeSnapshotLevel(int index) {
    if (index == 0) {
      encoder.command(DepthCommand.CLEAR_BOOK);
    } else if (index <= LEVELS) {
      encoder.command(DepthCommand.ADD_BID_LEVEL).price(MID - TICK * index).quantity(10L * index)
          .numOrders(index);
    } else {
      final int level = 2 * LEVELS + 1 - index;
      encoder.command(DepthCommand.ADD_ASK_LEVEL).price(MID + TICK * level).quantity(10L * level)
          .numOrders(level);
    }
  }

  private void encodeUpdate() {
    final boolean bid = random.nextBoolean();
    final int level = 1 + random.nextInt(LEVELS);
    final float price = bid ? MID - TICK * level : MID + TICK * level;
    final DepthCommand command;
    if (random.nextInt(10) == 0) {
      command = bid ? DepthCommand.DELETE_BID_LEVEL : DepthCommand.DELETE_ASK_LEVEL;
      encoder.command(command).price(price);
      return;
    }
    command = bid ? DepthCommand.MODIFY_BID_LEVEL : DepthCommand.MODIFY_ASK_LEVEL;
    encoder.command(command).price(price).quantity(1 + random.nextInt(500)).numOrders(1 + random.nextInt(30));
  }
}
