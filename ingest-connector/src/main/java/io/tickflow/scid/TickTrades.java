package io.tickflow.scid;

import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.time.Instant;

/**
 * Turns one {@code .scid} tick record into a {@link Trade}: the one mapping shared by the file connector and the
 * one-shot import. Price = Close times the symbol's price multiplier (as a decimal, see {@link FilePrices}), size = TotalVolume, side from where the volume
 * was booked, event time and sequence from the {@link TradeSequencer}.
 */
public final class TickTrades {

  private TickTrades() {
  }

  /**
   * Why the record is garbage (a tick record that cannot be a trade, or a bar that cannot be a bar), or null when
   * it is not. {@code unixMicros} is its converted time.
   */
  public static String problem(IntradayRecordDecoder record, long unixMicros) {
    if (!DateTimeEncoding.isPlausible(unixMicros)) {
      return "date-time " + unixMicros + " us is outside 1980..2100";
    }
    if (!Float.isFinite(record.close()) || !Float.isFinite(record.high()) || !Float.isFinite(record.low())) {
      return "price, bid or ask is not a finite number";
    }
    if (!record.kind().isTrade() && !Float.isFinite(record.open())) {
      return "bar open is not a finite number";
    }
    return null;
  }

  /** The trade of the current record; call {@link TradeSequencer#next} for it first. */
  public static Trade toTrade(IntradayRecordDecoder record, TradeSequencer sequencer, String symbol,
                              double priceMultiplier, Instant receiveTime) {
    return Trade.newBuilder()
        .setSymbol(symbol)
        .setPrice(FilePrices.decimal(record.close(), priceMultiplier))
        .setSize(record.totalVolume())
        .setSide(AggressorSides.of(record.bidVolume(), record.askVolume()))
        .setEventTime(DateTimeEncoding.toInstant(sequencer.eventTimeMicros()))
        .setReceiveTime(receiveTime)
        .setSequence(sequencer.sequence())
        .setSource(DataSource.FILE)
        .build();
  }
}
