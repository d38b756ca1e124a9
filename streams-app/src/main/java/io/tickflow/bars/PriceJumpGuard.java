package io.tickflow.bars;

/**
 * Rejects a trade whose price jumps more than a percentage away from the symbol's last accepted price, unless the
 * market confirms the new level: the jumping trade opens a candidate level, each following trade within the same
 * percentage of the candidate confirms it, and the {@code confirmations}-th confirming trade is accepted and becomes
 * the new reference. A trade back near the reference is accepted and drops the candidate. Immutable; the state lives
 * in {@link SymbolState}.
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

  /**
   * Decides on a trade price and updates the state.
   *
   * @return true when the trade is accepted
   */
  public boolean accept(SymbolState state, double price) {
    double reference = state.referencePrice();
    if (Double.isNaN(reference) || isNear(price, reference)) {
      state.setReference(price);
      return true;
    }
    double candidate = state.candidatePrice();
    if (Double.isNaN(candidate) || !isNear(price, candidate)) {
      state.setCandidate(price, 0);
      return false;
    }
    int confirmed = state.confirmations() + 1;
    if (confirmed >= confirmations) {
      state.setReference(price);
      return true;
    }
    state.setCandidate(candidate, confirmed);
    return false;
  }

  /** The largest accepted move as a fraction of the reference (0.1 for 10 %). */
  public double maxJumpFraction() {
    return maxJumpFraction;
  }

  private boolean isNear(double price, double reference) {
    return Math.abs(price - reference) <= maxJumpFraction * reference;
  }
}
