package io.tickflow.connect.scid;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the file connector must publish for a whole file, decoded from its bytes as docs/connectors.md and
 * shared/docs/sierra-files.md describe, without the connector's codecs or mappers: the independent side of
 * {@link ScidResumePropertyTest}. Values leave out the receive time and the fields the docs do not define.
 *
 * @param path the file as dead letters name it
 * @param symbol the records' symbol (the file name without extension and day)
 * @param key the canonical symbol the records are keyed by
 * @param quotes whether a quotes topic is configured
 */
record SierraFileReference(String path, String symbol, String key, boolean quotes) {

  static final String TRADES = "trades";
  static final String QUOTES = "quotes";
  static final String DEPTH = "depth";
  static final String DEAD_LETTERS = "dead";

  /** Microseconds from 1899-12-30 to 1970-01-01 (25,569 days). */
  private static final long EPOCH_OFFSET_MICROS = 25_569L * 86_400_000_000L;
  private static final long MIN_MICROS = 315_532_800_000_000L;   // 1980-01-01
  private static final long MAX_MICROS = 4_102_444_800_000_000L; // 2100-01-01
  private static final int DETECTION_RECORDS = 16;
  private static final int FIRST_SUB_TRADE = 0xFD709EF9;
  private static final int LAST_SUB_TRADE = 0xFD709F01;

  /** One published record as the tests compare it: topic, key, value fields and source offset. */
  record Out(String topic, String key, Map<String, Object> value, Map<String, Long> offset) {
  }

  /** An expected record and the byte position of the file record it comes from. */
  record Expected(long position, Out out) {
  }

  /** The records expected from a whole file (header included, a trailing partial record ignored). */
  List<Expected> expected(byte[] file, boolean depth) {
    final ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    final int headerSize = depth ? 64 : 56;
    final int recordSize = depth ? 24 : 40;
    final List<Expected> out = new ArrayList<>();
    if (file.length < headerSize) {
      return out;
    }
    final int records = (file.length - headerSize) / recordSize;
    final Boolean legacy = legacy(bytes, headerSize, recordSize, records);
    if (legacy == null) {
      return out;
    }
    final Map<Long, Integer> legacyTradesPerMilli = new LinkedHashMap<>();
    for (int i = 0; i < records; i++) {
      final int at = headerSize + i * recordSize;
      if (depth) {
        depthRecord(bytes, at, legacy, out);
      } else {
        intradayRecord(bytes, at, legacy, legacyTradesPerMilli, out);
      }
    }
    return out;
  }

  /** True for float64 days, false for int64 microseconds, null when none of the first 16 records tells. */
  private static Boolean legacy(ByteBuffer bytes, int headerSize, int recordSize, int records) {
    for (int i = 0; i < Math.min(records, DETECTION_RECORDS); i++) {
      final long raw = bytes.getLong(headerSize + i * recordSize);
      if (plausible(raw - EPOCH_OFFSET_MICROS)) {
        return false;
      }
      if (plausible(fromDays(raw))) {
        return true;
      }
    }
    return null;
  }

  private static boolean plausible(long unixMicros) {
    return unixMicros >= MIN_MICROS && unixMicros < MAX_MICROS;
  }

  private static long fromDays(long raw) {
    final double days = Double.longBitsToDouble(raw);
    return Double.isFinite(days) ? Math.round(days * 86_400_000_000.0) - EPOCH_OFFSET_MICROS : Long.MIN_VALUE;
  }

  private static long micros(long raw, boolean legacy) {
    return legacy ? fromDays(raw) : raw - EPOCH_OFFSET_MICROS;
  }

  private void intradayRecord(ByteBuffer bytes, int at, boolean legacy, Map<Long, Integer> legacyTradesPerMilli,
                              List<Expected> out) {
    final long raw = bytes.getLong(at);
    final int openBits = bytes.getInt(at + 8);
    final float ask = bytes.getFloat(at + 12);
    final float bid = bytes.getFloat(at + 16);
    final float close = bytes.getFloat(at + 20);
    final boolean trade = openBits == 0 || openBits == FIRST_SUB_TRADE || openBits == LAST_SUB_TRADE;
    final long micros = micros(raw, legacy);
    final Map<String, Long> after = offset(at + 40, raw);
    if (!plausible(micros) || !Float.isFinite(close) || !Float.isFinite(ask) || !Float.isFinite(bid)
        || !trade && !Float.isFinite(Float.intBitsToFloat(openBits))) {
      out.add(new Expected(at, deadLetter(bytes, at, 40, after)));
      return;
    }
    if (!trade) {
      return;
    }
    final long eventMicros;
    final int sequence;
    if (legacy) {
      eventMicros = Math.floorDiv(micros + 500, 1000) * 1000;
      sequence = legacyTradesPerMilli.merge(eventMicros, 1, Integer::sum) - 1;
    } else {
      eventMicros = Math.floorDiv(micros, 1000) * 1000;
      sequence = (int) Math.floorMod(micros, 1000);
    }
    final long bidVolume = Integer.toUnsignedLong(bytes.getInt(at + 32));
    final long askVolume = Integer.toUnsignedLong(bytes.getInt(at + 36));
    final String side = bidVolume > 0 && askVolume == 0 ? "BID" : askVolume > 0 && bidVolume == 0 ? "ASK" : "UNKNOWN";
    final Map<String, Object> value = new LinkedHashMap<>();
    value.put("symbol", symbol);
    value.put("price", shortestDecimal(close));
    value.put("size", Integer.toUnsignedLong(bytes.getInt(at + 28)));
    value.put("side", side);
    value.put("eventTime", eventMicros);
    value.put("sequence", sequence);
    value.put("source", "FILE");
    if (!quotes) {
      out.add(new Expected(at, new Out(TRADES, key, value, after)));
      return;
    }
    // The trade resumes at its own record, so only the quote (written last) may carry the offset past it.
    final long previousRaw = at == 56 ? 0 : bytes.getLong(at - 40);
    out.add(new Expected(at, new Out(TRADES, key, value, offset(at, previousRaw))));
    final Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("symbol", symbol);
    quote.put("bidPrice", shortestDecimal(bid));
    quote.put("bidSize", null);
    quote.put("askPrice", shortestDecimal(ask));
    quote.put("askSize", null);
    quote.put("eventTime", eventMicros);
    quote.put("source", "FILE");
    out.add(new Expected(at, new Out(QUOTES, key, quote, after)));
  }

  private void depthRecord(ByteBuffer bytes, int at, boolean legacy, List<Expected> out) {
    final long raw = bytes.getLong(at);
    final int command = Byte.toUnsignedInt(bytes.get(at + 8));
    final float price = bytes.getFloat(at + 12);
    final long micros = micros(raw, legacy);
    final Map<String, Long> after = offset(at + 24, raw);
    if (command > 7 || !plausible(micros) || !Float.isFinite(price)) {
      out.add(new Expected(at, deadLetter(bytes, at, 24, after)));
      return;
    }
    if (command == 0) {
      return;
    }
    final boolean removes = command == 1 || command == 6 || command == 7;
    final Map<String, Object> value = new LinkedHashMap<>();
    value.put("symbol", symbol);
    value.put("side", command == 1 ? "UNKNOWN" : command % 2 == 0 ? "BID" : "ASK");
    value.put("price", command == 1 ? 0.0 : shortestDecimal(price));
    value.put("quantity", removes ? 0L : Integer.toUnsignedLong(bytes.getInt(at + 16)));
    value.put("numOrders", removes ? 0 : Short.toUnsignedInt(bytes.getShort(at + 10)));
    value.put("action", command == 1 ? "CLEAR" : command <= 3 ? "INSERT" : command <= 5 ? "UPDATE" : "DELETE");
    value.put("endOfBatch", legacy || (bytes.get(at + 9) & 1) != 0);
    value.put("eventTime", micros);
    value.put("source", "FILE");
    out.add(new Expected(at, new Out(DEPTH, key, value, after)));
  }

  private Out deadLetter(ByteBuffer bytes, int at, int length, Map<String, Long> after) {
    final byte[] raw = new byte[length];
    bytes.get(at, raw);
    final Map<String, Object> value = new LinkedHashMap<>();
    value.put("reasonCode", "undecodable");
    value.put("detail", path + " at byte " + at);
    value.put("originalValue", HexFormat.of().formatHex(raw));
    return new Out(DEAD_LETTERS, key, value, after);
  }

  private static Map<String, Long> offset(long position, long lastTime) {
    return Map.of("position", position, "lastTime", lastTime);
  }

  /** The shortest decimal that reads back as the float, found digit count by digit count. */
  static double shortestDecimal(float value) {
    final BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; ; digits++) {
      final BigDecimal candidate = exact.round(new MathContext(digits));
      if (candidate.floatValue() == value) {
        return candidate.doubleValue();
      }
    }
  }
}
