package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_FEED_STATUS} (type 100): 8 bytes, pack(8) in the official header.
 */
public final class MarketDataFeedStatus extends DtcFlyweight<MarketDataFeedStatus> {
  public static final int TYPE = 100;
  public static final int ENCODED_LENGTH = 8;
  public static final int STATUS_OFFSET = 4;
  /** MarketDataFeedStatusEnum values. */
  public static final int UNAVAILABLE = 1;
  public static final int AVAILABLE = 2;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_FEED_STATUS", ENCODED_LENGTH)
      .field("Status", STATUS_OFFSET, WireType.I32)
      .build();

  public MarketDataFeedStatus() {
    super(LAYOUT);
  }

  /** Status: int32 enum (MarketDataFeedStatusEnum). */
  public int status() {
    return i32(STATUS_OFFSET, 0);
  }

  public MarketDataFeedStatus status(int value) {
    return putI32(STATUS_OFFSET, value);
  }
}
