package io.tickflow.bars;

/**
 * Holds back a trade whose price jumps more than a percentage away from the symbol's last accepted price until the
 * market confirms the new level: the jumping trade opens a candidate level, each following trade within the same
 * percentage of the candidate confirms it, and with the {@code confirmations}-th confirming trade the level becomes
 * the new reference and every trade held for it is accepted (a real gap, at a session open or a limit move, loses no
 * trade). A trade back near the reference is accepted and drops the candidate, whose held trades are refused (a bad
 * tick), unless it happened before them: an out-of-order print from the old level says nothing about the new one. A
 * jump to another level drops the candidate too, and starts a new one. Immutable; the state lives in
 * {@link SymbolState}.
 */
public final class PriceJumpGuard {

  private final double maxJumpFraction;
  private final int confirmations;

  /**
   * @param maxJumpPercent largest accepted move, in percent of the reference price; must be positive
   * @param confirmations confirming trades needed to accept a new level; at least 1
   */
  public PriceJumpGuard(double maxJumpPercent, int confirmations) {
    if (!(maxJumpPercent > 0)) {
      throw new IllegalArgumentException("maxJumpPercent must be > 0, was " + maxJumpPercent);
    }
    if (confirmations < 1) {
      throw new IllegalArgumentException("confirmations must be >= 1, was " + confirmations);
    }
    this.maxJumpFraction = maxJumpPercent / 100.0;
    this.confirmations = confirmations;
  }

  /** What to do with a trade, and with the trades held for the candidate level before it. */
  public enum Verdict {
    /** Accept it; a candidate level it was not near is dropped, and its held trades are refused. */
    ACCEPT,
    /**
     * Accept it and keep the candidate level and its held trades: a print near the reference from before the held
     * trades (out of order), so neither a return of the price nor a new reference.
     */
    ACCEPT_EARLIER,
    /** Hold it as the first trade of a new candidate level; the held trades of a previous one are refused. */
    HOLD_NEW_LEVEL,
    /** Hold it as a confirming trade of the candidate level. */
    HOLD,
    /** The candidate level is confirmed: accept the held trades, in arrival order, then this one. */
    CONFIRM
  }

  /**
   * Decides on a trade and updates the state (reference, candidate and confirmations; the caller holds and releases
   * the trades).
   *
   * @param price the trade's price
   * @param eventMicros the trade's event time, UTC microseconds
   */
  public Verdict judge(SymbolState state, double price, long eventMicros) {
    double reference = state.referencePrice();
    if (Double.isNaN(reference) || isNear(price, reference)) {
      if (isBeforeHeld(state, eventMicros)) {
        return Verdict.ACCEPT_EARLIER;
      }
      state.setReference(price);
      return Verdict.ACCEPT;
    }
    double candidate = state.candidatePrice();
    if (Double.isNaN(candidate) || !isNear(price, candidate)) {
      state.setCandidate(price, 0);
      return Verdict.HOLD_NEW_LEVEL;
    }
    int confirmed = state.confirmations() + 1;
    if (confirmed >= confirmations) {
      state.setReference(price);
      return Verdict.CONFIRM;
    }
    state.setCandidate(candidate, confirmed);
    return Verdict.HOLD;
  }

  /** The largest accepted move as a fraction of the reference (0.1 for 10 %). */
  public double maxJumpFraction() {
    return maxJumpFraction;
  }

  private static boolean isBeforeHeld(SymbolState state, long eventMicros) {
    for (HeldTrade held : state.held()) {
      if (eventMicros >= TradeTick.toMicros(held.trade().getEventTime())) {
        return false;
      }
    }
    return !state.held().isEmpty();
  }

  private boolean isNear(double price, double reference) {
    return Math.abs(price - reference) <= maxJumpFraction * reference;
  }
}
