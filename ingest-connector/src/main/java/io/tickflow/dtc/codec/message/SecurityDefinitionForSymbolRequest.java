package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code SECURITY_DEFINITION_FOR_SYMBOL_REQUEST} (type 506): 88 bytes, pack(8) in the official header.
 */
public final class SecurityDefinitionForSymbolRequest extends DtcFlyweight<SecurityDefinitionForSymbolRequest> {
  public static final int TYPE = 506;
  public static final int ENCODED_LENGTH = 88;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int SYMBOL_OFFSET = 8;
  public static final int SYMBOL_LENGTH = 64;
  public static final int EXCHANGE_OFFSET = 72;
  public static final int EXCHANGE_LENGTH = 16;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "SECURITY_DEFINITION_FOR_SYMBOL_REQUEST", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .text("Symbol", SYMBOL_OFFSET, SYMBOL_LENGTH)
      .text("Exchange", EXCHANGE_OFFSET, EXCHANGE_LENGTH)
      .build();

  public SecurityDefinitionForSymbolRequest() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public SecurityDefinitionForSymbolRequest requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** Symbol: char[64]; "" when absent. Allocates: prefer {@link #appendSymbol} on hot paths. */
  public String symbol() {
    return text(SYMBOL_OFFSET, SYMBOL_LENGTH, "");
  }

  public StringBuilder appendSymbol(StringBuilder dst) {
    return appendText(SYMBOL_OFFSET, SYMBOL_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public SecurityDefinitionForSymbolRequest symbol(CharSequence value) {
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
  public SecurityDefinitionForSymbolRequest exchange(CharSequence value) {
    return putText(EXCHANGE_OFFSET, EXCHANGE_LENGTH, value);
  }
}
