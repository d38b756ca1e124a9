package io.tickflow.scid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Deterministic generator of realistic {@code .scid} tick data for fixtures, the simulator and benchmarks: a price
 * random walk in 0.25 ticks, bursts of trades in one millisecond numbered by the microsecond counter (current
 * encoding) or sharing one time (legacy encoding), FIRST/LAST unbundled pairs, and optionally a bar record every
 * {@code barEvery} records. Successive {@link #appendTo} calls continue the same tape. Not thread-safe.
 */
public final class SyntheticTrades {

  private static final float TICK = 0.25f;

  private final SplittableRandom random;
  private final DateTimeEncoding encoding;
  private final int barEvery;
  private final IntradayRecordEncoder encoder = new IntradayRecordEncoder();
  private long millis;
  private int counter;
  private float price = 4000f;
  private boolean inUnbundledGroup;
  private long written;

  /**
   * @param barEvery write a bar record as every {@code barEvery}-th record; 0 for trades only
   */
  public SyntheticTrades(long seed, Instant start, DateTimeEncoding encoding, int barEvery) {
    if (barEvery < 0) {
      throw new IllegalArgumentException("barEvery must be >= 0, was " + barEvery);
    }
    this.random = new SplittableRandom(seed);
    this.encoding = encoding;
    this.barEvery = barEvery;
    this.millis = start.toEpochMilli();
  }

  /** Appends {@code count} records, creating the file with its header if it does not exist. */
  public void appendTo(Path file, long count) throws IOException {
    SierraFileWriter.appendRecords(file, count, this::encodeNext);
  }

  /** Encodes the next record of the tape at {@code offset} of a little-endian buffer. */
  public void encodeNext(ByteBuffer buffer, int offset) {
    written++;
    final boolean bar = isBarSlot(written);
    advanceClock(bar);
    final long raw = encoding.fromUnixMicros(millis * 1000 + (encoding == DateTimeEncoding.INT64_MICROS ? counter : 0));
    price += TICK * (random.nextInt(3) - 1);
    encoder.wrap(buffer, offset);
    if (bar) {
      encoder.rawDateTime(raw).open(price).high(price + 1).low(price - 1).close(price)
          .numTrades(10).totalVolume(50).bidVolume(20).askVolume(30);
      return;
    }
    encoder.trade(nextKind(), raw, price, price - TICK, price, 1 + random.nextInt(20), random.nextBoolean());
  }

  private void advanceClock(boolean bar) {
    final boolean sameMillisecond = inUnbundledGroup || (!bar && counter < 999 && random.nextInt(10) < 3);
    if (sameMillisecond) {
      counter++;
    } else {
      millis += 1 + random.nextInt(200);
      counter = 0;
    }
  }

  private boolean isBarSlot(long recordNumber) {
    return barEvery > 0 && recordNumber % barEvery == 0;
  }

  private RecordKind nextKind() {
    if (inUnbundledGroup) {
      inUnbundledGroup = false;
      return RecordKind.LAST_SUB_TRADE;
    }
    // A group is never split by a bar, so exactly one record in barEvery is a bar.
    if (random.nextInt(20) == 0 && !isBarSlot(written + 1)) {
      inUnbundledGroup = true;
      return RecordKind.FIRST_SUB_TRADE;
    }
    return RecordKind.SINGLE_TRADE;
  }
}
