package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code SECURITY_DEFINITION_RESPONSE} (type 507): 432 bytes, pack(8) in the official header.
 */
public final class SecurityDefinitionResponse extends DtcFlyweight<SecurityDefinitionResponse> {
  public static final int TYPE = 507;
  public static final int ENCODED_LENGTH = 432;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int SYMBOL_OFFSET = 8;
  public static final int SYMBOL_LENGTH = 64;
  public static final int EXCHANGE_OFFSET = 72;
  public static final int EXCHANGE_LENGTH = 16;
  public static final int SECURITY_TYPE_OFFSET = 88;
  public static final int DESCRIPTION_OFFSET = 92;
  public static final int DESCRIPTION_LENGTH = 64;
  public static final int MIN_PRICE_INCREMENT_OFFSET = 156;
  public static final int PRICE_DISPLAY_FORMAT_OFFSET = 160;
  public static final int CURRENCY_VALUE_PER_INCREMENT_OFFSET = 164;
  public static final int IS_FINAL_MESSAGE_OFFSET = 168;
  public static final int FLOAT_TO_INT_PRICE_MULTIPLIER_OFFSET = 172;
  public static final int INT_TO_FLOAT_PRICE_DIVISOR_OFFSET = 176;
  public static final int UNDERLYING_SYMBOL_OFFSET = 180;
  public static final int UNDERLYING_SYMBOL_LENGTH = 32;
  public static final int UPDATES_BID_ASK_ONLY_OFFSET = 212;
  public static final int STRIKE_PRICE_OFFSET = 216;
  public static final int PUT_OR_CALL_OFFSET = 220;
  public static final int SHORT_INTEREST_OFFSET = 224;
  public static final int SECURITY_EXPIRATION_DATE_OFFSET = 228;
  public static final int BUY_ROLLOVER_INTEREST_OFFSET = 232;
  public static final int SELL_ROLLOVER_INTEREST_OFFSET = 236;
  public static final int EARNINGS_PER_SHARE_OFFSET = 240;
  public static final int SHARES_OUTSTANDING_OFFSET = 244;
  public static final int INT_TO_FLOAT_QUANTITY_DIVISOR_OFFSET = 248;
  public static final int HAS_MARKET_DEPTH_DATA_OFFSET = 252;
  public static final int DISPLAY_PRICE_MULTIPLIER_OFFSET = 256;
  public static final int EXCHANGE_SYMBOL_OFFSET = 260;
  public static final int EXCHANGE_SYMBOL_LENGTH = 64;
  public static final int INITIAL_MARGIN_REQUIREMENT_OFFSET = 324;
  public static final int MAINTENANCE_MARGIN_REQUIREMENT_OFFSET = 328;
  public static final int CURRENCY_OFFSET = 332;
  public static final int CURRENCY_LENGTH = 8;
  public static final int CONTRACT_SIZE_OFFSET = 340;
  public static final int OPEN_INTEREST_OFFSET = 344;
  public static final int ROLLOVER_DATE_OFFSET = 348;
  public static final int IS_DELAYED_OFFSET = 352;
  public static final int SECURITY_IDENTIFIER_OFFSET = 360;
  public static final int PRODUCT_IDENTIFIER_OFFSET = 368;
  public static final int PRODUCT_IDENTIFIER_LENGTH = 64;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "SECURITY_DEFINITION_RESPONSE", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .text("Symbol", SYMBOL_OFFSET, SYMBOL_LENGTH)
      .text("Exchange", EXCHANGE_OFFSET, EXCHANGE_LENGTH)
      .field("SecurityType", SECURITY_TYPE_OFFSET, WireType.I32)
      .text("Description", DESCRIPTION_OFFSET, DESCRIPTION_LENGTH)
      .field("MinPriceIncrement", MIN_PRICE_INCREMENT_OFFSET, WireType.F32)
      .field("PriceDisplayFormat", PRICE_DISPLAY_FORMAT_OFFSET, WireType.I32, -1)
      .field("CurrencyValuePerIncrement", CURRENCY_VALUE_PER_INCREMENT_OFFSET, WireType.F32)
      .field("IsFinalMessage", IS_FINAL_MESSAGE_OFFSET, WireType.U8)
      .field("FloatToIntPriceMultiplier", FLOAT_TO_INT_PRICE_MULTIPLIER_OFFSET, WireType.F32, 1)
      .field("IntToFloatPriceDivisor", INT_TO_FLOAT_PRICE_DIVISOR_OFFSET, WireType.F32, 1)
      .text("UnderlyingSymbol", UNDERLYING_SYMBOL_OFFSET, UNDERLYING_SYMBOL_LENGTH)
      .field("UpdatesBidAskOnly", UPDATES_BID_ASK_ONLY_OFFSET, WireType.U8)
      .field("StrikePrice", STRIKE_PRICE_OFFSET, WireType.F32)
      .field("PutOrCall", PUT_OR_CALL_OFFSET, WireType.U8)
      .field("ShortInterest", SHORT_INTEREST_OFFSET, WireType.U32)
      .field("SecurityExpirationDate", SECURITY_EXPIRATION_DATE_OFFSET, WireType.U32)
      .field("BuyRolloverInterest", BUY_ROLLOVER_INTEREST_OFFSET, WireType.F32)
      .field("SellRolloverInterest", SELL_ROLLOVER_INTEREST_OFFSET, WireType.F32)
      .field("EarningsPerShare", EARNINGS_PER_SHARE_OFFSET, WireType.F32)
      .field("SharesOutstanding", SHARES_OUTSTANDING_OFFSET, WireType.U32)
      .field("IntToFloatQuantityDivisor", INT_TO_FLOAT_QUANTITY_DIVISOR_OFFSET, WireType.F32)
      .field("HasMarketDepthData", HAS_MARKET_DEPTH_DATA_OFFSET, WireType.U8, 1)
      .field("DisplayPriceMultiplier", DISPLAY_PRICE_MULTIPLIER_OFFSET, WireType.F32, 1)
      .text("ExchangeSymbol", EXCHANGE_SYMBOL_OFFSET, EXCHANGE_SYMBOL_LENGTH)
      .field("InitialMarginRequirement", INITIAL_MARGIN_REQUIREMENT_OFFSET, WireType.F32)
      .field("MaintenanceMarginRequirement", MAINTENANCE_MARGIN_REQUIREMENT_OFFSET, WireType.F32)
      .text("Currency", CURRENCY_OFFSET, CURRENCY_LENGTH)
      .field("ContractSize", CONTRACT_SIZE_OFFSET, WireType.F32)
      .field("OpenInterest", OPEN_INTEREST_OFFSET, WireType.U32)
      .field("RolloverDate", ROLLOVER_DATE_OFFSET, WireType.U32)
      .field("IsDelayed", IS_DELAYED_OFFSET, WireType.U8)
      .field("SecurityIdentifier", SECURITY_IDENTIFIER_OFFSET, WireType.I64)
      .text("ProductIdentifier", PRODUCT_IDENTIFIER_OFFSET, PRODUCT_IDENTIFIER_LENGTH)
      .build();

  public SecurityDefinitionResponse() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public SecurityDefinitionResponse requestId(int value) {
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
  public SecurityDefinitionResponse symbol(CharSequence value) {
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
  public SecurityDefinitionResponse exchange(CharSequence value) {
    return putText(EXCHANGE_OFFSET, EXCHANGE_LENGTH, value);
  }

  /** SecurityType: int32 enum (SecurityTypeEnum). */
  public int securityType() {
    return i32(SECURITY_TYPE_OFFSET, 0);
  }

  public SecurityDefinitionResponse securityType(int value) {
    return putI32(SECURITY_TYPE_OFFSET, value);
  }

  /** Description: char[64]; "" when absent. Allocates: prefer {@link #appendDescription} on hot paths. */
  public String description() {
    return text(DESCRIPTION_OFFSET, DESCRIPTION_LENGTH, "");
  }

  public StringBuilder appendDescription(StringBuilder dst) {
    return appendText(DESCRIPTION_OFFSET, DESCRIPTION_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public SecurityDefinitionResponse description(CharSequence value) {
    return putText(DESCRIPTION_OFFSET, DESCRIPTION_LENGTH, value);
  }

  /** MinPriceIncrement: float. */
  public float minPriceIncrement() {
    return f32(MIN_PRICE_INCREMENT_OFFSET, 0f);
  }

  public SecurityDefinitionResponse minPriceIncrement(float value) {
    return putF32(MIN_PRICE_INCREMENT_OFFSET, value);
  }

  /** PriceDisplayFormat: int32 enum (PriceDisplayFormatEnum). */
  public int priceDisplayFormat() {
    return i32(PRICE_DISPLAY_FORMAT_OFFSET, -1);
  }

  public SecurityDefinitionResponse priceDisplayFormat(int value) {
    return putI32(PRICE_DISPLAY_FORMAT_OFFSET, value);
  }

  /** CurrencyValuePerIncrement: float. */
  public float currencyValuePerIncrement() {
    return f32(CURRENCY_VALUE_PER_INCREMENT_OFFSET, 0f);
  }

  public SecurityDefinitionResponse currencyValuePerIncrement(float value) {
    return putF32(CURRENCY_VALUE_PER_INCREMENT_OFFSET, value);
  }

  /** IsFinalMessage: uint8_t. */
  public int isFinalMessage() {
    return u8(IS_FINAL_MESSAGE_OFFSET, 0);
  }

  public SecurityDefinitionResponse isFinalMessage(int value) {
    return putU8(IS_FINAL_MESSAGE_OFFSET, value);
  }

  /** FloatToIntPriceMultiplier: float. */
  public float floatToIntPriceMultiplier() {
    return f32(FLOAT_TO_INT_PRICE_MULTIPLIER_OFFSET, 1f);
  }

  public SecurityDefinitionResponse floatToIntPriceMultiplier(float value) {
    return putF32(FLOAT_TO_INT_PRICE_MULTIPLIER_OFFSET, value);
  }

  /** IntToFloatPriceDivisor: float. */
  public float intToFloatPriceDivisor() {
    return f32(INT_TO_FLOAT_PRICE_DIVISOR_OFFSET, 1f);
  }

  public SecurityDefinitionResponse intToFloatPriceDivisor(float value) {
    return putF32(INT_TO_FLOAT_PRICE_DIVISOR_OFFSET, value);
  }

  /** UnderlyingSymbol: char[32]; "" when absent. Allocates: prefer {@link #appendUnderlyingSymbol} on hot paths. */
  public String underlyingSymbol() {
    return text(UNDERLYING_SYMBOL_OFFSET, UNDERLYING_SYMBOL_LENGTH, "");
  }

  public StringBuilder appendUnderlyingSymbol(StringBuilder dst) {
    return appendText(UNDERLYING_SYMBOL_OFFSET, UNDERLYING_SYMBOL_LENGTH, "", dst);
  }

  /** Copies at most 31 chars and NUL-pads. */
  public SecurityDefinitionResponse underlyingSymbol(CharSequence value) {
    return putText(UNDERLYING_SYMBOL_OFFSET, UNDERLYING_SYMBOL_LENGTH, value);
  }

  /** UpdatesBidAskOnly: uint8_t. */
  public int updatesBidAskOnly() {
    return u8(UPDATES_BID_ASK_ONLY_OFFSET, 0);
  }

  public SecurityDefinitionResponse updatesBidAskOnly(int value) {
    return putU8(UPDATES_BID_ASK_ONLY_OFFSET, value);
  }

  /** StrikePrice: float. */
  public float strikePrice() {
    return f32(STRIKE_PRICE_OFFSET, 0f);
  }

  public SecurityDefinitionResponse strikePrice(float value) {
    return putF32(STRIKE_PRICE_OFFSET, value);
  }

  /** PutOrCall: uint8 enum (PutCallEnum). */
  public int putOrCall() {
    return u8(PUT_OR_CALL_OFFSET, 0);
  }

  public SecurityDefinitionResponse putOrCall(int value) {
    return putU8(PUT_OR_CALL_OFFSET, value);
  }

  /** ShortInterest: uint32_t. */
  public long shortInterest() {
    return u32(SHORT_INTEREST_OFFSET, 0L);
  }

  public SecurityDefinitionResponse shortInterest(long value) {
    return putU32(SHORT_INTEREST_OFFSET, value);
  }

  /** SecurityExpirationDate: uint32 (s) (t_DateTime4Byte). */
  public long securityExpirationDate() {
    return u32(SECURITY_EXPIRATION_DATE_OFFSET, 0L);
  }

  public SecurityDefinitionResponse securityExpirationDate(long value) {
    return putU32(SECURITY_EXPIRATION_DATE_OFFSET, value);
  }

  /** BuyRolloverInterest: float. */
  public float buyRolloverInterest() {
    return f32(BUY_ROLLOVER_INTEREST_OFFSET, 0f);
  }

  public SecurityDefinitionResponse buyRolloverInterest(float value) {
    return putF32(BUY_ROLLOVER_INTEREST_OFFSET, value);
  }

  /** SellRolloverInterest: float. */
  public float sellRolloverInterest() {
    return f32(SELL_ROLLOVER_INTEREST_OFFSET, 0f);
  }

  public SecurityDefinitionResponse sellRolloverInterest(float value) {
    return putF32(SELL_ROLLOVER_INTEREST_OFFSET, value);
  }

  /** EarningsPerShare: float. */
  public float earningsPerShare() {
    return f32(EARNINGS_PER_SHARE_OFFSET, 0f);
  }

  public SecurityDefinitionResponse earningsPerShare(float value) {
    return putF32(EARNINGS_PER_SHARE_OFFSET, value);
  }

  /** SharesOutstanding: uint32_t. */
  public long sharesOutstanding() {
    return u32(SHARES_OUTSTANDING_OFFSET, 0L);
  }

  public SecurityDefinitionResponse sharesOutstanding(long value) {
    return putU32(SHARES_OUTSTANDING_OFFSET, value);
  }

  /** IntToFloatQuantityDivisor: float. */
  public float intToFloatQuantityDivisor() {
    return f32(INT_TO_FLOAT_QUANTITY_DIVISOR_OFFSET, 0f);
  }

  public SecurityDefinitionResponse intToFloatQuantityDivisor(float value) {
    return putF32(INT_TO_FLOAT_QUANTITY_DIVISOR_OFFSET, value);
  }

  /** HasMarketDepthData: uint8_t. */
  public int hasMarketDepthData() {
    return u8(HAS_MARKET_DEPTH_DATA_OFFSET, 1);
  }

  public SecurityDefinitionResponse hasMarketDepthData(int value) {
    return putU8(HAS_MARKET_DEPTH_DATA_OFFSET, value);
  }

  /** DisplayPriceMultiplier: float. */
  public float displayPriceMultiplier() {
    return f32(DISPLAY_PRICE_MULTIPLIER_OFFSET, 1f);
  }

  public SecurityDefinitionResponse displayPriceMultiplier(float value) {
    return putF32(DISPLAY_PRICE_MULTIPLIER_OFFSET, value);
  }

  /** ExchangeSymbol: char[64]; "" when absent. Allocates: prefer {@link #appendExchangeSymbol} on hot paths. */
  public String exchangeSymbol() {
    return text(EXCHANGE_SYMBOL_OFFSET, EXCHANGE_SYMBOL_LENGTH, "");
  }

  public StringBuilder appendExchangeSymbol(StringBuilder dst) {
    return appendText(EXCHANGE_SYMBOL_OFFSET, EXCHANGE_SYMBOL_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public SecurityDefinitionResponse exchangeSymbol(CharSequence value) {
    return putText(EXCHANGE_SYMBOL_OFFSET, EXCHANGE_SYMBOL_LENGTH, value);
  }

  /** InitialMarginRequirement: float. */
  public float initialMarginRequirement() {
    return f32(INITIAL_MARGIN_REQUIREMENT_OFFSET, 0f);
  }

  public SecurityDefinitionResponse initialMarginRequirement(float value) {
    return putF32(INITIAL_MARGIN_REQUIREMENT_OFFSET, value);
  }

  /** MaintenanceMarginRequirement: float. */
  public float maintenanceMarginRequirement() {
    return f32(MAINTENANCE_MARGIN_REQUIREMENT_OFFSET, 0f);
  }

  public SecurityDefinitionResponse maintenanceMarginRequirement(float value) {
    return putF32(MAINTENANCE_MARGIN_REQUIREMENT_OFFSET, value);
  }

  /** Currency: char[8]; "" when absent. Allocates: prefer {@link #appendCurrency} on hot paths. */
  public String currency() {
    return text(CURRENCY_OFFSET, CURRENCY_LENGTH, "");
  }

  public StringBuilder appendCurrency(StringBuilder dst) {
    return appendText(CURRENCY_OFFSET, CURRENCY_LENGTH, "", dst);
  }

  /** Copies at most 7 chars and NUL-pads. */
  public SecurityDefinitionResponse currency(CharSequence value) {
    return putText(CURRENCY_OFFSET, CURRENCY_LENGTH, value);
  }

  /** ContractSize: float. */
  public float contractSize() {
    return f32(CONTRACT_SIZE_OFFSET, 0f);
  }

  public SecurityDefinitionResponse contractSize(float value) {
    return putF32(CONTRACT_SIZE_OFFSET, value);
  }

  /** OpenInterest: uint32_t. */
  public long openInterest() {
    return u32(OPEN_INTEREST_OFFSET, 0L);
  }

  public SecurityDefinitionResponse openInterest(long value) {
    return putU32(OPEN_INTEREST_OFFSET, value);
  }

  /** RolloverDate: uint32 (s) (t_DateTime4Byte). */
  public long rolloverDate() {
    return u32(ROLLOVER_DATE_OFFSET, 0L);
  }

  public SecurityDefinitionResponse rolloverDate(long value) {
    return putU32(ROLLOVER_DATE_OFFSET, value);
  }

  /** IsDelayed: uint8_t. */
  public int isDelayed() {
    return u8(IS_DELAYED_OFFSET, 0);
  }

  public SecurityDefinitionResponse isDelayed(int value) {
    return putU8(IS_DELAYED_OFFSET, value);
  }

  /** SecurityIdentifier: int64_t. */
  public long securityIdentifier() {
    return i64(SECURITY_IDENTIFIER_OFFSET, 0L);
  }

  public SecurityDefinitionResponse securityIdentifier(long value) {
    return putI64(SECURITY_IDENTIFIER_OFFSET, value);
  }

  /** ProductIdentifier: char[64]; "" when absent. Allocates: prefer {@link #appendProductIdentifier} on hot paths. */
  public String productIdentifier() {
    return text(PRODUCT_IDENTIFIER_OFFSET, PRODUCT_IDENTIFIER_LENGTH, "");
  }

  public StringBuilder appendProductIdentifier(StringBuilder dst) {
    return appendText(PRODUCT_IDENTIFIER_OFFSET, PRODUCT_IDENTIFIER_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public SecurityDefinitionResponse productIdentifier(CharSequence value) {
    return putText(PRODUCT_IDENTIFIER_OFFSET, PRODUCT_IDENTIFIER_LENGTH, value);
  }
}
