package io.tickflow.bars;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Trade;
import java.time.Instant;

/**
 * The parts of an accepted trade that bars need, with its time as UTC microseconds. Trades are ordered by
 * {@code (eventMicros, sequence)}: that decides a bar's open and close whatever order they arrived in.
 *
 * @param price trade price
 * @param size traded quantity, positive
 * @param side aggressor side
 * @param eventMicros event time, UTC microseconds
 * @param sequence order among trades of the same symbol and event time
 */
public record TradeTick(double price, long size, AggressorSide side, long eventMicros, int sequence) {

  /** The tick of a normalized trade. */
  public static TradeTick of(Trade trade) {
    return new TradeTick(trade.getPrice(), trade.getSize(), trade.getSide(), toMicros(trade.getEventTime()),
        trade.getSequence());
  }

  /** An instant as UTC microseconds since the epoch (sub-microsecond digits dropped). */
  public static long toMicros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
  }

  /** UTC microseconds since the epoch as an instant. */
  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** True when this trade comes before the given (event time, sequence) position. */
  boolean isBefore(long otherMicros, int otherSequence) {
    return eventMicros < otherMicros || (eventMicros == otherMicros && sequence < otherSequence);
  }
}
