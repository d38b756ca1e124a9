package io.tickflow.symbols;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the symbol spellings of the feeds into one canonical name and the exchange it names, so that {@code ESZ6},
 * {@code ESZ2026} and {@code ESZ26-CME} are all {@code ESZ26} on {@code CME}. In order: strip blanks at the ends,
 * Unicode spaces included; upper-case; split off a known exchange suffix ({@code -CME}, {@code .CME}); apply an
 * explicit alias; rewrite a futures code to root + month + two-digit year. A one-digit year is the one within [event
 * year - 2, event year + 7], so it is decided by the trade's own time and replays give the same answer. The connectors
 * key raw records by the canonical symbol and the Streams app normalizes their values with the same rules ({@link
 * SymbolNormalization}), so a record keyed this way stays in its partition. Not thread-safe (it caches answers); one
 * per stream task or connector task.
 */
public final class SymbolNormalizer {

  /** A canonical symbol and the exchange its spelling named ({@code ""} when none). */
  public record Canonical(String symbol, String exchange) {
  }

  private static final Pattern FUTURES = Pattern.compile("^([A-Z0-9]*[A-Z])([FGHJKMNQUVXZ])(\\d|\\d{2}|\\d{4})$");
  private static final int MAX_CACHED = 100_000;

  private record Cached(Canonical canonical, int forYear) {
  }

  private final Map<String, String> aliases;
  private final boolean futures;
  private final Set<String> exchangeSuffixes;
  private final Map<String, Cached> cache = new HashMap<>();

  /**
   * @param aliases raw spelling (upper case) to canonical symbol, applied after the exchange suffix is split off
   * @param futures whether futures codes are rewritten to two-digit years
   * @param exchangeSuffixes exchange codes recognised as a {@code -XXX} or {@code .XXX} suffix (upper case)
   */
  public SymbolNormalizer(Map<String, String> aliases, boolean futures, Set<String> exchangeSuffixes) {
    this.aliases = Map.copyOf(aliases);
    this.futures = futures;
    this.exchangeSuffixes = Set.copyOf(exchangeSuffixes);
  }

  /**
   * The canonical form of a raw symbol.
   *
   * @param raw the symbol as the feed spelled it
   * @param eventMicros the record's event time, which decides one-digit futures years
   */
  public Canonical normalize(String raw, long eventMicros) {
    Cached cached = cache.get(raw);
    if (cached != null && (cached.forYear() == 0 || cached.forYear() == yearOf(eventMicros))) {
      return cached.canonical();
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    String symbol = stripSpaces(raw).toUpperCase(Locale.ROOT);
    String exchange = "";
    int separator = Math.max(symbol.lastIndexOf('-'), symbol.lastIndexOf('.'));
    if (separator > 0 && exchangeSuffixes.contains(symbol.substring(separator + 1))) {
      exchange = symbol.substring(separator + 1);
      symbol = symbol.substring(0, separator);
    }
    Rewritten rewritten = rewrite(aliases.getOrDefault(symbol, symbol), eventMicros);
    Canonical canonical = new Canonical(rewritten.symbol(), exchange);
    cache.put(raw, new Cached(canonical, rewritten.forYear()));
    return canonical;
  }

  /**
   * What {@link #normalize} makes of a symbol once its exchange suffix is split off and an alias applied: the
   * futures rewrite, when on. The configuration checks an alias's canonical side with it, as that side is the key
   * its records get, not as written.
   *
   * @param symbol upper case, as an alias's canonical side is
   * @param eventMicros the record's event time, which decides one-digit futures years
   */
  public String afterAlias(String symbol, long eventMicros) {
    return rewrite(symbol, eventMicros).symbol();
  }

  /** A symbol after the futures rewrite, and the event year it holds for ({@code 0}: any year). */
  private record Rewritten(String symbol, int forYear) {
  }

  private Rewritten rewrite(String symbol, long eventMicros) {
    Matcher matcher = futures ? FUTURES.matcher(symbol) : null;
    if (matcher == null || !matcher.matches()) {
      return new Rewritten(symbol, 0);
    }
    String digits = matcher.group(3);
    int forYear = digits.length() == 1 ? yearOf(eventMicros) : 0;
    int year = digits.length() == 1 ? resolveOneDigitYear(digits.charAt(0) - '0', forYear) : Integer.parseInt(digits);
    return new Rewritten(matcher.group(1) + matcher.group(2) + String.format(Locale.ROOT, "%02d", year % 100), forYear);
  }

  /**
   * {@code raw} without the blanks at its ends: what {@link String#trim} strips, and Unicode spaces too (no-break,
   * figure, ideographic), which trim keeps, so that a copy-pasted {@code "ES\u00A0"} is {@code ES} as {@code "ES "} is.
   */
  private static String stripSpaces(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && isBlank(raw.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(raw.charAt(end - 1))) {
      end--;
    }
    return raw.substring(start, end);
  }

  /** What {@link String#trim} strips (controls too) or the symbol rule counts as blank. */
  private static boolean isBlank(char c) {
    return c <= ' ' || SymbolRule.isSpace(c);
  }

  private static int resolveOneDigitYear(int digit, int eventYear) {
    int year = eventYear - 2;
    while (year % 10 != digit) {
      year++;
    }
    return year;
  }

  private static int yearOf(long eventMicros) {
    return Instant.ofEpochSecond(Math.floorDiv(eventMicros, 1_000_000L)).atOffset(ZoneOffset.UTC).getYear();
  }
}
