package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code LOGON_RESPONSE} (type 2): 256 bytes, pack(8) in the official header.
 */
public final class LogonResponse extends DtcFlyweight<LogonResponse> {
  public static final int TYPE = 2;
  public static final int ENCODED_LENGTH = 256;
  public static final int PROTOCOL_VERSION_OFFSET = 4;
  public static final int RESULT_OFFSET = 8;
  public static final int RESULT_TEXT_OFFSET = 12;
  public static final int RESULT_TEXT_LENGTH = 96;
  public static final int RECONNECT_ADDRESS_OFFSET = 108;
  public static final int RECONNECT_ADDRESS_LENGTH = 64;
  public static final int INTEGER_1_OFFSET = 172;
  public static final int SERVER_NAME_OFFSET = 176;
  public static final int SERVER_NAME_LENGTH = 60;
  public static final int MARKET_DEPTH_UPDATES_BEST_BID_AND_ASK_OFFSET = 236;
  public static final int TRADING_IS_SUPPORTED_OFFSET = 237;
  public static final int OCO_ORDERS_SUPPORTED_OFFSET = 238;
  public static final int ORDER_CANCEL_REPLACE_SUPPORTED_OFFSET = 239;
  public static final int SYMBOL_EXCHANGE_DELIMITER_OFFSET = 240;
  public static final int SYMBOL_EXCHANGE_DELIMITER_LENGTH = 4;
  public static final int SECURITY_DEFINITIONS_SUPPORTED_OFFSET = 244;
  public static final int HISTORICAL_PRICE_DATA_SUPPORTED_OFFSET = 245;
  public static final int RESUBSCRIBE_WHEN_MARKET_DATA_FEED_AVAILABLE_OFFSET = 246;
  public static final int MARKET_DEPTH_IS_SUPPORTED_OFFSET = 247;
  public static final int ONE_HISTORICAL_PRICE_DATA_REQUEST_PER_CONNECTION_OFFSET = 248;
  public static final int BRACKET_ORDERS_SUPPORTED_OFFSET = 249;
  public static final int UNUSED_1_OFFSET = 250;
  public static final int USES_MULTIPLE_POSITIONS_PER_SYMBOL_AND_TRADE_ACCOUNT_OFFSET = 251;
  public static final int MARKET_DATA_SUPPORTED_OFFSET = 252;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "LOGON_RESPONSE", ENCODED_LENGTH)
      .field("ProtocolVersion", PROTOCOL_VERSION_OFFSET, WireType.I32, 8)
      .field("Result", RESULT_OFFSET, WireType.I32)
      .text("ResultText", RESULT_TEXT_OFFSET, RESULT_TEXT_LENGTH)
      .text("ReconnectAddress", RECONNECT_ADDRESS_OFFSET, RECONNECT_ADDRESS_LENGTH)
      .field("Integer_1", INTEGER_1_OFFSET, WireType.I32)
      .text("ServerName", SERVER_NAME_OFFSET, SERVER_NAME_LENGTH)
      .field("MarketDepthUpdatesBestBidAndAsk", MARKET_DEPTH_UPDATES_BEST_BID_AND_ASK_OFFSET, WireType.U8)
      .field("TradingIsSupported", TRADING_IS_SUPPORTED_OFFSET, WireType.U8)
      .field("OCOOrdersSupported", OCO_ORDERS_SUPPORTED_OFFSET, WireType.U8)
      .field("OrderCancelReplaceSupported", ORDER_CANCEL_REPLACE_SUPPORTED_OFFSET, WireType.U8, 1)
      .text("SymbolExchangeDelimiter", SYMBOL_EXCHANGE_DELIMITER_OFFSET, SYMBOL_EXCHANGE_DELIMITER_LENGTH)
      .field("SecurityDefinitionsSupported", SECURITY_DEFINITIONS_SUPPORTED_OFFSET, WireType.U8)
      .field("HistoricalPriceDataSupported", HISTORICAL_PRICE_DATA_SUPPORTED_OFFSET, WireType.U8)
      .field("ResubscribeWhenMarketDataFeedAvailable", RESUBSCRIBE_WHEN_MARKET_DATA_FEED_AVAILABLE_OFFSET, WireType.U8)
      .field("MarketDepthIsSupported", MARKET_DEPTH_IS_SUPPORTED_OFFSET, WireType.U8, 1)
      .field("OneHistoricalPriceDataRequestPerConnection", ONE_HISTORICAL_PRICE_DATA_REQUEST_PER_CONNECTION_OFFSET, WireType.U8)
      .field("BracketOrdersSupported", BRACKET_ORDERS_SUPPORTED_OFFSET, WireType.U8)
      .field("Unused_1", UNUSED_1_OFFSET, WireType.U8)
      .field("UsesMultiplePositionsPerSymbolAndTradeAccount", USES_MULTIPLE_POSITIONS_PER_SYMBOL_AND_TRADE_ACCOUNT_OFFSET, WireType.U8)
      .field("MarketDataSupported", MARKET_DATA_SUPPORTED_OFFSET, WireType.U8, 1)
      .build();

  public LogonResponse() {
    super(LAYOUT);
  }

  /** ProtocolVersion: int32_t. */
  public int protocolVersion() {
    return i32(PROTOCOL_VERSION_OFFSET, 8);
  }

  public LogonResponse protocolVersion(int value) {
    return putI32(PROTOCOL_VERSION_OFFSET, value);
  }

  /** Result: int32 enum (LogonStatusEnum). */
  public int result() {
    return i32(RESULT_OFFSET, 0);
  }

  public LogonResponse result(int value) {
    return putI32(RESULT_OFFSET, value);
  }

  /** ResultText: char[96]; "" when absent. Allocates: prefer {@link #appendResultText} on hot paths. */
  public String resultText() {
    return text(RESULT_TEXT_OFFSET, RESULT_TEXT_LENGTH, "");
  }

  public StringBuilder appendResultText(StringBuilder dst) {
    return appendText(RESULT_TEXT_OFFSET, RESULT_TEXT_LENGTH, "", dst);
  }

  /** Copies at most 95 chars and NUL-pads. */
  public LogonResponse resultText(CharSequence value) {
    return putText(RESULT_TEXT_OFFSET, RESULT_TEXT_LENGTH, value);
  }

  /** ReconnectAddress: char[64]; "" when absent. Allocates: prefer {@link #appendReconnectAddress} on hot paths. */
  public String reconnectAddress() {
    return text(RECONNECT_ADDRESS_OFFSET, RECONNECT_ADDRESS_LENGTH, "");
  }

  public StringBuilder appendReconnectAddress(StringBuilder dst) {
    return appendText(RECONNECT_ADDRESS_OFFSET, RECONNECT_ADDRESS_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public LogonResponse reconnectAddress(CharSequence value) {
    return putText(RECONNECT_ADDRESS_OFFSET, RECONNECT_ADDRESS_LENGTH, value);
  }

  /** Integer_1: int32_t. */
  public int integer1() {
    return i32(INTEGER_1_OFFSET, 0);
  }

  public LogonResponse integer1(int value) {
    return putI32(INTEGER_1_OFFSET, value);
  }

  /** ServerName: char[60]; "" when absent. Allocates: prefer {@link #appendServerName} on hot paths. */
  public String serverName() {
    return text(SERVER_NAME_OFFSET, SERVER_NAME_LENGTH, "");
  }

  public StringBuilder appendServerName(StringBuilder dst) {
    return appendText(SERVER_NAME_OFFSET, SERVER_NAME_LENGTH, "", dst);
  }

  /** Copies at most 59 chars and NUL-pads. */
  public LogonResponse serverName(CharSequence value) {
    return putText(SERVER_NAME_OFFSET, SERVER_NAME_LENGTH, value);
  }

  /** MarketDepthUpdatesBestBidAndAsk: uint8_t. */
  public int marketDepthUpdatesBestBidAndAsk() {
    return u8(MARKET_DEPTH_UPDATES_BEST_BID_AND_ASK_OFFSET, 0);
  }

  public LogonResponse marketDepthUpdatesBestBidAndAsk(int value) {
    return putU8(MARKET_DEPTH_UPDATES_BEST_BID_AND_ASK_OFFSET, value);
  }

  /** TradingIsSupported: uint8_t. */
  public int tradingIsSupported() {
    return u8(TRADING_IS_SUPPORTED_OFFSET, 0);
  }

  public LogonResponse tradingIsSupported(int value) {
    return putU8(TRADING_IS_SUPPORTED_OFFSET, value);
  }

  /** OCOOrdersSupported: uint8_t. */
  public int ocoOrdersSupported() {
    return u8(OCO_ORDERS_SUPPORTED_OFFSET, 0);
  }

  public LogonResponse ocoOrdersSupported(int value) {
    return putU8(OCO_ORDERS_SUPPORTED_OFFSET, value);
  }

  /** OrderCancelReplaceSupported: uint8_t. */
  public int orderCancelReplaceSupported() {
    return u8(ORDER_CANCEL_REPLACE_SUPPORTED_OFFSET, 1);
  }

  public LogonResponse orderCancelReplaceSupported(int value) {
    return putU8(ORDER_CANCEL_REPLACE_SUPPORTED_OFFSET, value);
  }

  /** SymbolExchangeDelimiter: char[4]; "" when absent. Allocates: prefer {@link #appendSymbolExchangeDelimiter} on hot paths. */
  public String symbolExchangeDelimiter() {
    return text(SYMBOL_EXCHANGE_DELIMITER_OFFSET, SYMBOL_EXCHANGE_DELIMITER_LENGTH, "");
  }

  public StringBuilder appendSymbolExchangeDelimiter(StringBuilder dst) {
    return appendText(SYMBOL_EXCHANGE_DELIMITER_OFFSET, SYMBOL_EXCHANGE_DELIMITER_LENGTH, "", dst);
  }

  /** Copies at most 3 chars and NUL-pads. */
  public LogonResponse symbolExchangeDelimiter(CharSequence value) {
    return putText(SYMBOL_EXCHANGE_DELIMITER_OFFSET, SYMBOL_EXCHANGE_DELIMITER_LENGTH, value);
  }

  /** SecurityDefinitionsSupported: uint8_t. */
  public int securityDefinitionsSupported() {
    return u8(SECURITY_DEFINITIONS_SUPPORTED_OFFSET, 0);
  }

  public LogonResponse securityDefinitionsSupported(int value) {
    return putU8(SECURITY_DEFINITIONS_SUPPORTED_OFFSET, value);
  }

  /** HistoricalPriceDataSupported: uint8_t. */
  public int historicalPriceDataSupported() {
    return u8(HISTORICAL_PRICE_DATA_SUPPORTED_OFFSET, 0);
  }

  public LogonResponse historicalPriceDataSupported(int value) {
    return putU8(HISTORICAL_PRICE_DATA_SUPPORTED_OFFSET, value);
  }

  /** ResubscribeWhenMarketDataFeedAvailable: uint8_t. */
  public int resubscribeWhenMarketDataFeedAvailable() {
    return u8(RESUBSCRIBE_WHEN_MARKET_DATA_FEED_AVAILABLE_OFFSET, 0);
  }

  public LogonResponse resubscribeWhenMarketDataFeedAvailable(int value) {
    return putU8(RESUBSCRIBE_WHEN_MARKET_DATA_FEED_AVAILABLE_OFFSET, value);
  }

  /** MarketDepthIsSupported: uint8_t. */
  public int marketDepthIsSupported() {
    return u8(MARKET_DEPTH_IS_SUPPORTED_OFFSET, 1);
  }

  public LogonResponse marketDepthIsSupported(int value) {
    return putU8(MARKET_DEPTH_IS_SUPPORTED_OFFSET, value);
  }

  /** OneHistoricalPriceDataRequestPerConnection: uint8_t. */
  public int oneHistoricalPriceDataRequestPerConnection() {
    return u8(ONE_HISTORICAL_PRICE_DATA_REQUEST_PER_CONNECTION_OFFSET, 0);
  }

  public LogonResponse oneHistoricalPriceDataRequestPerConnection(int value) {
    return putU8(ONE_HISTORICAL_PRICE_DATA_REQUEST_PER_CONNECTION_OFFSET, value);
  }

  /** BracketOrdersSupported: uint8_t. */
  public int bracketOrdersSupported() {
    return u8(BRACKET_ORDERS_SUPPORTED_OFFSET, 0);
  }

  public LogonResponse bracketOrdersSupported(int value) {
    return putU8(BRACKET_ORDERS_SUPPORTED_OFFSET, value);
  }

  /** Unused_1: uint8_t. */
  public int unused1() {
    return u8(UNUSED_1_OFFSET, 0);
  }

  public LogonResponse unused1(int value) {
    return putU8(UNUSED_1_OFFSET, value);
  }

  /** UsesMultiplePositionsPerSymbolAndTradeAccount: uint8_t. */
  public int usesMultiplePositionsPerSymbolAndTradeAccount() {
    return u8(USES_MULTIPLE_POSITIONS_PER_SYMBOL_AND_TRADE_ACCOUNT_OFFSET, 0);
  }

  public LogonResponse usesMultiplePositionsPerSymbolAndTradeAccount(int value) {
    return putU8(USES_MULTIPLE_POSITIONS_PER_SYMBOL_AND_TRADE_ACCOUNT_OFFSET, value);
  }

  /** MarketDataSupported: uint8_t. */
  public int marketDataSupported() {
    return u8(MARKET_DATA_SUPPORTED_OFFSET, 1);
  }

  public LogonResponse marketDataSupported(int value) {
    return putU8(MARKET_DATA_SUPPORTED_OFFSET, value);
  }
}
