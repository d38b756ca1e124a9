package io.tickflow.cli.scid.integration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code tickflow scid import} must make of a whole {@code .scid} file, decoded from its bytes as
 * docs/connectors.md and shared/docs/sierra-files.md describe, without the project's codecs, sequencer or price rule:
 * the independent side of {@link ScidImportModelIT}.
 */
final class ScidImportReference {

  static final int HEADER_SIZE = 56;
  static final int RECORD_SIZE = 40;
  /** Microseconds from 1899-12-30 to 1970-01-01 (25,569 days). */
  static final long EPOCH_OFFSET_MICROS = 25_569L * 86_400_000_000L;
  static final double MICROS_PER_DAY = 86_400_000_000.0;
  static final int FIRST_SUB_TRADE = 0xFD709EF9;
  static final int LAST_SUB_TRADE = 0xFD709F01;
  private static final long MIN_MICROS = 315_532_800_000_000L;   // 1980-01-01
  private static final long MAX_MICROS = 4_102_444_800_000_000L; // 2100-01-01
  private static final int DETECTION_RECORDS = 16;
  private static final int MAGIC = 0x44494353; // "SCID"

  private ScidImportReference() {
  }

  /** A trade as the docs define it: UTC microseconds, the price the float stands for, times the multiplier. */
  record Trade(int record, double price, long size, String side, long eventMicros, int sequence) {
  }

  /**
   * A whole file's reading; {@code valid} false when the import must refuse the file (nothing sent).
   *
   * @param records whole records (a partial last one is not read)
   * @param rejected record indexes of undecodable records, in file order
   * @param partialBytes the bytes of a partial last record, which is not read
   */
  record Decoded(boolean valid, long records, List<Trade> trades, long bars, List<Integer> rejected,
                 long partialBytes) {

    static final Decoded INVALID = new Decoded(false, 0, List.of(), 0, List.of(), 0);
  }

  static Decoded decode(byte[] file, double multiplier) {
    ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (file.length < HEADER_SIZE || bytes.getInt(0) != MAGIC || bytes.getInt(4) != HEADER_SIZE
        || bytes.getInt(8) != RECORD_SIZE) {
      return Decoded.INVALID;
    }
    int records = (file.length - HEADER_SIZE) / RECORD_SIZE;
    int partialBytes = (file.length - HEADER_SIZE) % RECORD_SIZE;
    Boolean legacy = legacy(bytes, records);
    if (legacy == null) {
      // A complete file none of whose first records has a date-time in either encoding is not a .scid file.
      return records == 0 ? new Decoded(true, 0, List.of(), 0, List.of(), partialBytes) : Decoded.INVALID;
    }
    List<Trade> trades = new ArrayList<>();
    List<Integer> rejected = new ArrayList<>();
    Map<Long, Integer> legacyTradesPerMilli = new HashMap<>();
    long bars = 0;
    for (int i = 0; i < records; i++) {
      int at = HEADER_SIZE + i * RECORD_SIZE;
      long micros = micros(bytes.getLong(at), legacy);
      int openBits = bytes.getInt(at + 8);
      float ask = bytes.getFloat(at + 12);
      float bid = bytes.getFloat(at + 16);
      float close = bytes.getFloat(at + 20);
      boolean trade = openBits == 0 || openBits == FIRST_SUB_TRADE || openBits == LAST_SUB_TRADE;
      if (!plausible(micros) || !Float.isFinite(close) || !Float.isFinite(ask) || !Float.isFinite(bid)
          || !trade && !Float.isFinite(Float.intBitsToFloat(openBits))) {
        rejected.add(i);
        continue;
      }
      if (!trade) {
        bars++;
        continue;
      }
      long eventMicros;
      int sequence;
      if (legacy) {
        eventMicros = Math.floorDiv(micros + 500, 1000) * 1000;
        sequence = legacyTradesPerMilli.merge(eventMicros, 1, Integer::sum) - 1;
      } else {
        eventMicros = Math.floorDiv(micros, 1000) * 1000;
        sequence = (int) Math.floorMod(micros, 1000);
      }
      long bidVolume = Integer.toUnsignedLong(bytes.getInt(at + 32));
      long askVolume = Integer.toUnsignedLong(bytes.getInt(at + 36));
      String side = bidVolume > 0 && askVolume == 0 ? "BID" : askVolume > 0 && bidVolume == 0 ? "ASK" : "UNKNOWN";
      trades.add(new Trade(i, price(close, multiplier), Integer.toUnsignedLong(bytes.getInt(at + 28)), side,
          eventMicros, sequence));
    }
    return new Decoded(true, records, trades, bars, rejected, partialBytes);
  }

  /** True for float64 days, false for int64 microseconds, null when none of the first 16 records tells. */
  private static Boolean legacy(ByteBuffer bytes, int records) {
    for (int i = 0; i < Math.min(records, DETECTION_RECORDS); i++) {
      long raw = bytes.getLong(HEADER_SIZE + i * RECORD_SIZE);
      if (plausible(micros(raw, false))) {
        return false;
      }
      if (plausible(micros(raw, true))) {
        return true;
      }
    }
    return null;
  }

  private static boolean plausible(long unixMicros) {
    return unixMicros >= MIN_MICROS && unixMicros < MAX_MICROS;
  }

  private static long micros(long raw, boolean legacy) {
    if (!legacy) {
      return raw - EPOCH_OFFSET_MICROS;
    }
    double days = Double.longBitsToDouble(raw);
    return Double.isFinite(days) ? Math.round(days * MICROS_PER_DAY) - EPOCH_OFFSET_MICROS : Long.MIN_VALUE;
  }

  /**
   * docs/connectors.md, "Prices": a binary tick (a multiple of 1/256 the float holds with 6 bits to spare) as its
   * exact value, any other float as the shortest decimal that reads back as it (a tie between two such decimals goes
   * to the even one, as Java's Float.toString breaks it); the multiplier as an exact decimal product rounded once.
   */
  static double price(float value, double multiplier) {
    BigDecimal exact = new BigDecimal(value);
    double price = isBinaryTick(value) ? value : shortestDecimal(exact, value);
    return BigDecimal.valueOf(price).multiply(BigDecimal.valueOf(multiplier)).doubleValue();
  }

  private static boolean isBinaryTick(float value) {
    BigDecimal exact = new BigDecimal(value);
    BigDecimal ulps = exact.divide(new BigDecimal(Math.ulp(value)));
    return exact.multiply(BigDecimal.valueOf(256)).stripTrailingZeros().scale() <= 0
        && ulps.remainder(BigDecimal.valueOf(64)).signum() == 0;
  }

  private static double shortestDecimal(BigDecimal exact, float value) {
    for (int digits = 1; ; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.floatValue() == value) {
        return candidate.doubleValue();
      }
    }
  }
}
