package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code LOGON_REQUEST} (type 1): 284 bytes, pack(8) in the official header.
 */
public final class LogonRequest extends DtcFlyweight<LogonRequest> {
  public static final int TYPE = 1;
  public static final int ENCODED_LENGTH = 284;
  public static final int PROTOCOL_VERSION_OFFSET = 4;
  public static final int USERNAME_OFFSET = 8;
  public static final int USERNAME_LENGTH = 32;
  public static final int PASSWORD_OFFSET = 40;
  public static final int PASSWORD_LENGTH = 32;
  public static final int GENERAL_TEXT_DATA_OFFSET = 72;
  public static final int GENERAL_TEXT_DATA_LENGTH = 64;
  public static final int INTEGER_1_OFFSET = 136;
  public static final int INTEGER_2_OFFSET = 140;
  public static final int HEARTBEAT_INTERVAL_IN_SECONDS_OFFSET = 144;
  public static final int UNUSED_1_OFFSET = 148;
  public static final int TRADE_ACCOUNT_OFFSET = 152;
  public static final int TRADE_ACCOUNT_LENGTH = 32;
  public static final int HARDWARE_IDENTIFIER_OFFSET = 184;
  public static final int HARDWARE_IDENTIFIER_LENGTH = 64;
  public static final int CLIENT_NAME_OFFSET = 248;
  public static final int CLIENT_NAME_LENGTH = 32;
  public static final int MARKET_DATA_TRANSMISSION_INTERVAL_OFFSET = 280;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "LOGON_REQUEST", ENCODED_LENGTH)
      .field("ProtocolVersion", PROTOCOL_VERSION_OFFSET, WireType.I32, 8)
      .text("Username", USERNAME_OFFSET, USERNAME_LENGTH)
      .text("Password", PASSWORD_OFFSET, PASSWORD_LENGTH)
      .text("GeneralTextData", GENERAL_TEXT_DATA_OFFSET, GENERAL_TEXT_DATA_LENGTH)
      .field("Integer_1", INTEGER_1_OFFSET, WireType.I32)
      .field("Integer_2", INTEGER_2_OFFSET, WireType.I32)
      .field("HeartbeatIntervalInSeconds", HEARTBEAT_INTERVAL_IN_SECONDS_OFFSET, WireType.I32)
      .field("Unused1", UNUSED_1_OFFSET, WireType.I32)
      .text("TradeAccount", TRADE_ACCOUNT_OFFSET, TRADE_ACCOUNT_LENGTH)
      .text("HardwareIdentifier", HARDWARE_IDENTIFIER_OFFSET, HARDWARE_IDENTIFIER_LENGTH)
      .text("ClientName", CLIENT_NAME_OFFSET, CLIENT_NAME_LENGTH)
      .field("MarketDataTransmissionInterval", MARKET_DATA_TRANSMISSION_INTERVAL_OFFSET, WireType.I32)
      .build();

  public LogonRequest() {
    super(LAYOUT);
  }

  /** ProtocolVersion: int32_t. */
  public int protocolVersion() {
    return i32(PROTOCOL_VERSION_OFFSET, 8);
  }

  public LogonRequest protocolVersion(int value) {
    return putI32(PROTOCOL_VERSION_OFFSET, value);
  }

  /** Username: char[32]; "" when absent. Allocates: prefer {@link #appendUsername} on hot paths. */
  public String username() {
    return text(USERNAME_OFFSET, USERNAME_LENGTH, "");
  }

  public StringBuilder appendUsername(StringBuilder dst) {
    return appendText(USERNAME_OFFSET, USERNAME_LENGTH, "", dst);
  }

  /** Copies at most 31 chars and NUL-pads. */
  public LogonRequest username(CharSequence value) {
    return putText(USERNAME_OFFSET, USERNAME_LENGTH, value);
  }

  /** Password: char[32]; "" when absent. Allocates: prefer {@link #appendPassword} on hot paths. */
  public String password() {
    return text(PASSWORD_OFFSET, PASSWORD_LENGTH, "");
  }

  public StringBuilder appendPassword(StringBuilder dst) {
    return appendText(PASSWORD_OFFSET, PASSWORD_LENGTH, "", dst);
  }

  /** Copies at most 31 chars and NUL-pads. */
  public LogonRequest password(CharSequence value) {
    return putText(PASSWORD_OFFSET, PASSWORD_LENGTH, value);
  }

  /** GeneralTextData: char[64]; "" when absent. Allocates: prefer {@link #appendGeneralTextData} on hot paths. */
  public String generalTextData() {
    return text(GENERAL_TEXT_DATA_OFFSET, GENERAL_TEXT_DATA_LENGTH, "");
  }

  public StringBuilder appendGeneralTextData(StringBuilder dst) {
    return appendText(GENERAL_TEXT_DATA_OFFSET, GENERAL_TEXT_DATA_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public LogonRequest generalTextData(CharSequence value) {
    return putText(GENERAL_TEXT_DATA_OFFSET, GENERAL_TEXT_DATA_LENGTH, value);
  }

  /** Integer_1: int32_t. */
  public int integer1() {
    return i32(INTEGER_1_OFFSET, 0);
  }

  public LogonRequest integer1(int value) {
    return putI32(INTEGER_1_OFFSET, value);
  }

  /** Integer_2: int32_t. */
  public int integer2() {
    return i32(INTEGER_2_OFFSET, 0);
  }

  public LogonRequest integer2(int value) {
    return putI32(INTEGER_2_OFFSET, value);
  }

  /** HeartbeatIntervalInSeconds: int32_t. */
  public int heartbeatIntervalInSeconds() {
    return i32(HEARTBEAT_INTERVAL_IN_SECONDS_OFFSET, 0);
  }

  public LogonRequest heartbeatIntervalInSeconds(int value) {
    return putI32(HEARTBEAT_INTERVAL_IN_SECONDS_OFFSET, value);
  }

  /** Unused1: int32_t. */
  public int unused1() {
    return i32(UNUSED_1_OFFSET, 0);
  }

  public LogonRequest unused1(int value) {
    return putI32(UNUSED_1_OFFSET, value);
  }

  /** TradeAccount: char[32]; "" when absent. Allocates: prefer {@link #appendTradeAccount} on hot paths. */
  public String tradeAccount() {
    return text(TRADE_ACCOUNT_OFFSET, TRADE_ACCOUNT_LENGTH, "");
  }

  public StringBuilder appendTradeAccount(StringBuilder dst) {
    return appendText(TRADE_ACCOUNT_OFFSET, TRADE_ACCOUNT_LENGTH, "", dst);
  }

  /** Copies at most 31 chars and NUL-pads. */
  public LogonRequest tradeAccount(CharSequence value) {
    return putText(TRADE_ACCOUNT_OFFSET, TRADE_ACCOUNT_LENGTH, value);
  }

  /** HardwareIdentifier: char[64]; "" when absent. Allocates: prefer {@link #appendHardwareIdentifier} on hot paths. */
  public String hardwareIdentifier() {
    return text(HARDWARE_IDENTIFIER_OFFSET, HARDWARE_IDENTIFIER_LENGTH, "");
  }

  public StringBuilder appendHardwareIdentifier(StringBuilder dst) {
    return appendText(HARDWARE_IDENTIFIER_OFFSET, HARDWARE_IDENTIFIER_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public LogonRequest hardwareIdentifier(CharSequence value) {
    return putText(HARDWARE_IDENTIFIER_OFFSET, HARDWARE_IDENTIFIER_LENGTH, value);
  }

  /** ClientName: char[32]; "" when absent. Allocates: prefer {@link #appendClientName} on hot paths. */
  public String clientName() {
    return text(CLIENT_NAME_OFFSET, CLIENT_NAME_LENGTH, "");
  }

  public StringBuilder appendClientName(StringBuilder dst) {
    return appendText(CLIENT_NAME_OFFSET, CLIENT_NAME_LENGTH, "", dst);
  }

  /** Copies at most 31 chars and NUL-pads. */
  public LogonRequest clientName(CharSequence value) {
    return putText(CLIENT_NAME_OFFSET, CLIENT_NAME_LENGTH, value);
  }

  /** MarketDataTransmissionInterval: int32_t. */
  public int marketDataTransmissionInterval() {
    return i32(MARKET_DATA_TRANSMISSION_INTERVAL_OFFSET, 0);
  }

  public LogonRequest marketDataTransmissionInterval(int value) {
    return putI32(MARKET_DATA_TRANSMISSION_INTERVAL_OFFSET, value);
  }
}
