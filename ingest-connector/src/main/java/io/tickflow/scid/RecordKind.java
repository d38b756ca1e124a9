package io.tickflow.scid;

/**
 * What an intraday record holds, told by the bit pattern of its Open field (Sierra Chart's Intraday Data File Format page).
 * Compared by raw bits because the two markers are huge negative floats that must never be treated as prices.
 */
public enum RecordKind {

  /** One trade with the bid and ask at trade time (Open = 0.0). */
  SINGLE_TRADE(0x00000000),
  /** First print of one aggressor order that filled at several prices (CME unbundled trade). */
  FIRST_SUB_TRADE(0xFD709EF9),
  /** Last print of that unbundled group. */
  LAST_SUB_TRADE(0xFD709F01),
  /** An OHLC bar of several trades: Open is a real price, High/Low are not quotes. */
  BAR(-1);

  private final int openBits;

  RecordKind(int openBits) {
    this.openBits = openBits;
  }

  /** Raw float bits Sierra Chart writes into Open for this kind; meaningless for {@link #BAR}. */
  public int openBits() {
    return openBits;
  }

  public boolean isTrade() {
    return this != BAR;
  }

  /** The kind of a record whose Open field has these raw bits. */
  public static RecordKind ofOpenBits(int bits) {
    if (bits == SINGLE_TRADE.openBits) {
      return SINGLE_TRADE;
    }
    if (bits == FIRST_SUB_TRADE.openBits) {
      return FIRST_SUB_TRADE;
    }
    if (bits == LAST_SUB_TRADE.openBits) {
      return LAST_SUB_TRADE;
    }
    return BAR;
  }
}
