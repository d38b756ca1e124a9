package io.tickflow.query.http;

import io.tickflow.symbols.SymbolNormalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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

  /** The canonical symbol of {@code spelling}. */
  public String of(String spelling) {
    long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    // The normalizer caches and is not thread-safe; a lookup is a map hit once a spelling has been seen.
    synchronized (normalizer) {
      return normalizer.normalize(spelling, nowMicros).symbol();
    }
  }
}
