package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_REQUEST} (type 101): 96 bytes, pack(8) in the official header.
 */
public final class MarketDataRequest extends DtcFlyweight<MarketDataRequest> {
  public static final int TYPE = 101;
  public static final int ENCODED_LENGTH = 96;
  public static final int REQUEST_ACTION_OFFSET = 4;
  public static final int SYMBOL_ID_OFFSET = 8;
  public static final int SYMBOL_OFFSET = 12;
  public static final int SYMBOL_LENGTH = 64;
  public static final int EXCHANGE_OFFSET = 76;
  public static final int EXCHANGE_LENGTH = 16;
  public static final int INTERVAL_FOR_SNAPSHOT_UPDATES_IN_MILLISECONDS_OFFSET = 92;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_REQUEST", ENCODED_LENGTH)
      .field("RequestAction", REQUEST_ACTION_OFFSET, WireType.I32)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .text("Symbol", SYMBOL_OFFSET, SYMBOL_LENGTH)
      .text("Exchange", EXCHANGE_OFFSET, EXCHANGE_LENGTH)
      .field("IntervalForSnapshotUpdatesInMilliseconds", INTERVAL_FOR_SNAPSHOT_UPDATES_IN_MILLISECONDS_OFFSET, WireType.U32)
      .build();

  public MarketDataRequest() {
    super(LAYOUT);
  }

  /** RequestAction: int32 enum (RequestActionEnum). */
  public int requestAction() {
    return i32(REQUEST_ACTION_OFFSET, 0);
  }

  public MarketDataRequest requestAction(int value) {
    return putI32(REQUEST_ACTION_OFFSET, value);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataRequest symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Symbol: char[64]; "" when absent. Allocates: prefer {@link #appendSymbol} on hot paths. */
  public String symbol() {
    return text(SYMBOL_OFFSET, SYMBOL_LENGTH, "");
  }

  public StringBuilder appendSymbol(StringBuilder dst) {
    return appendText(SYMBOL_OFFSET, SYMBOL_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public MarketDataRequest symbol(CharSequence value) {
    return putText(SYMBOL_OFFSET, SYMBOL_LENGTH, value);
  }

  /** Exchange: char[16]; "" when absent. Allocates: prefer {@link #appendExchange} on hot paths. */
  public String exchange() {
    return text(EXCHANGE_OFFSET, EXCHANGE_LENGTH, "");
  }

  public StringBuilder appendExchange(StringBuilder dst) {
    return appendText(EXCHANGE_OFFSET, EXCHANGE_LENGTH, "", dst);
  }

  /** Copies at most 15 chars and NUL-pads. */
  public MarketDataRequest exchange(CharSequence value) {
    return putText(EXCHANGE_OFFSET, EXCHANGE_LENGTH, value);
  }

  /** IntervalForSnapshotUpdatesInMilliseconds: uint32_t. */
  public long intervalForSnapshotUpdatesInMilliseconds() {
    return u32(INTERVAL_FOR_SNAPSHOT_UPDATES_IN_MILLISECONDS_OFFSET, 0L);
  }

  public MarketDataRequest intervalForSnapshotUpdatesInMilliseconds(long value) {
    return putU32(INTERVAL_FOR_SNAPSHOT_UPDATES_IN_MILLISECONDS_OFFSET, value);
  }
}
