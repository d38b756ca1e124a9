package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_REJECT} (type 103): 104 bytes, pack(8) in the official header.
 */
public final class MarketDataReject extends DtcFlyweight<MarketDataReject> {
  public static final int TYPE = 103;
  public static final int ENCODED_LENGTH = 104;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int REJECT_TEXT_OFFSET = 8;
  public static final int REJECT_TEXT_LENGTH = 96;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_REJECT", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .text("RejectText", REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH)
      .build();

  public MarketDataReject() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataReject symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** RejectText: char[96]; "" when absent. Allocates: prefer {@link #appendRejectText} on hot paths. */
  public String rejectText() {
    return text(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, "");
  }

  public StringBuilder appendRejectText(StringBuilder dst) {
    return appendText(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, "", dst);
  }

  /** Copies at most 95 chars and NUL-pads. */
  public MarketDataReject rejectText(CharSequence value) {
    return putText(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, value);
  }
}
