package io.tickflow.dtc.client;

/**
 * The normalized market-data events of {@link MarketDataAdapter}: whatever DTC message variant carried them,
 * prices and sizes are doubles in display units, times are UTC microseconds since the epoch, and a value the
 * server left unset (DBL_MAX, FLT_MAX) is {@code null}.
 */
public final class MarketEvents {
  private MarketEvents() {
  }

  /** A trade (MARKET_DATA_UPDATE_TRADE and its compact, unbundled and no-timestamp variants). */
  public record Trade(long symbolId, String symbol, String exchange, double price, double volume,
      AggressorSide side, long eventTimeMicros) {
  }

  /** Best bid and offer (MARKET_DATA_UPDATE_BID_ASK and variants); an unset side is null. */
  public record Quote(long symbolId, String symbol, String exchange, Double bidPrice, Double bidSize,
      Double askPrice, Double askSize, long eventTimeMicros) {
  }

  /**
   * One depth level change or snapshot level.
   *
   * @param side       BUY for the bid side, SELL for the ask side
   * @param updateType   0 snapshot level, 1 insert or update, 2 delete
   * @param firstOfBatch the first level of a snapshot (IsFirstMessageInBatch, or FinalUpdateInBatch BEGIN_BATCH);
   *                     always false for an update
   * @param endOfBatch   the last message of a snapshot or update batch
   */
  public record Depth(long symbolId, String symbol, AggressorSide side, double price, double quantity,
      long numOrders, int updateType, long eventTimeMicros, boolean firstOfBatch, boolean endOfBatch) {
    public static final int SNAPSHOT = 0;
    public static final int INSERT_UPDATE = 1;
    public static final int DELETE = 2;

    /** This change as part of a batch that goes on after it. */
    public Depth continuingBatch() {
      return new Depth(symbolId, symbol, side, price, quantity, numOrders, updateType, eventTimeMicros, firstOfBatch,
          false);
    }
  }

  /** SECURITY_DEFINITION_RESPONSE, with the fields a connector keeps. */
  public record SecurityDefinition(int requestId, String symbol, String exchange, int securityType,
      String description, double tickSize, double tickValue, int priceDisplayFormat, String currency,
      double contractSize) {
  }

  /** One HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE of a {@link DtcClient#requestHistoricalTicks} request. */
  public record HistoricalTick(int requestId, String symbol, String exchange, double price, double volume,
      AggressorSide side, long eventTimeMicros, boolean finalRecord) {
  }
}
