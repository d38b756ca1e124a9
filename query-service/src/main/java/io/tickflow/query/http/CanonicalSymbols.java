package io.tickflow.query.http;

import io.tickflow.symbols.SymbolNormalizer;
import io.tickflow.symbols.SymbolRule;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The canonical form of a symbol as a client spells it, by the Streams app's own symbol rules: the stores are keyed
 * by canonical symbol, so {@code ESZ6-CME}, {@code esz2026} and {@code ESZ26} must all find {@code ESZ26}, as the
 * trades spelled so do. A one-digit futures year is read as of now, as the app reads it for a live trade.
 * Thread-safe.
 */
public final class CanonicalSymbols {

  private final SymbolNormalizer normalizer;
  private final Clock clock;

  /** @param normalizer the Streams app's rules ({@code symbol.*}); used by this object only from now on */
  public CanonicalSymbols(SymbolNormalizer normalizer, Clock clock) {
    this.normalizer = normalizer;
    this.clock = clock;
  }

  /**
   * The canonical symbol of {@code spelling}; empty when the Streams app refuses the spelling or its canonical form, by
   * its very rule ({@link SymbolRule}): a narrower rule here left
   * symbols such as {@code EUR/USD} or {@code ES 12-26} listed by {@code /symbols} and refused by every other
   * endpoint, and a wider one answered 64 {@code ß} as a key of 128 characters that no record can have.
   */
  public Optional<String> of(String spelling) {
    if (SymbolRule.problem(spelling).isPresent()) {
      return Optional.empty();
    }
    long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    String canonical;
    // The normalizer caches and is not thread-safe; a lookup is a map hit once a spelling has been seen.
    synchronized (normalizer) {
      canonical = normalizer.normalize(spelling, nowMicros).symbol();
    }
    return SymbolRule.canonicalProblem(canonical).isEmpty() ? Optional.of(canonical) : Optional.empty();
  }
}
