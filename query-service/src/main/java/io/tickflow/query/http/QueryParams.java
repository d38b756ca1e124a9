package io.tickflow.query.http;

import io.javalin.http.Context;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import io.tickflow.bars.Timeframe;
import io.tickflow.bars.TradeTick;
import io.tickflow.bars.TradingSession;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.format.Formats;
import io.tickflow.symbols.SymbolRule;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates request parameters with Javalin's validators, so every bad value becomes a 400 that names
 * the parameter and the allowed values ({@link #toApiException(ValidationException)}). Thread-safe.
 */
public final class QueryParams {

  public static final String SYMBOL = "symbol";
  public static final String TIMEFRAME = "tf";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String LIMIT = "limit";
  /**
   * The parameter that clients which defeat caches add with a fresh value to each request (jQuery's
   * {@code cache: false}, many dashboards): every endpoint takes it and ignores it, rather than refusing such a
   * client's every request as naming an unknown parameter.
   */
  public static final String CACHE_BUSTER = "_";

  private static final String TIME_RULE = "must be an ISO-8601 instant (2024-01-02T14:30:00Z), a date (2024-01-02: "
      + "the symbol's trading date) or epoch milliseconds, in the years 0000 to 9999";
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  /**
   * The times a request may name: ISO-8601's four-digit years. Instant.parse takes years of up to nine digits,
   * whose epoch milliseconds overflow a long, and every range computed from them would have to guard against it.
   */
  /** Before 1970 they are negative, as the years 0000 to 9999 allow. */
  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]+");
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private final List<String> timeframes;
  private final CanonicalSymbols symbols;
  private final int defaultLimit;
  private final int maxLimit;
  private final long maxRangeMillis;
  /** The longest range of each bar series, where it is longer than {@code query.max.range.ms}. */
  private final Map<String, Long> longerRanges = new HashMap<>();
  private final Function<String, TradingSession> sessions;
  private final int retryAfterSeconds;
  private final Clock clock;

  /**
   * @param timeframes the accepted bar series, the default first
   * @param symbols the canonical form of a symbol as asked
   * @param sessions a symbol's trading session, whose trading dates a date in a request names; throws
   *     {@link StoreUnavailableException} while it cannot be known
   */
  public QueryParams(QueryServiceConfig config, List<String> timeframes, CanonicalSymbols symbols,
                     Function<String, TradingSession> sessions, Clock clock) {
    this.timeframes = List.copyOf(timeframes);
    this.symbols = symbols;
    this.sessions = sessions;
    this.retryAfterSeconds = config.retryAfterSeconds();
    this.defaultLimit = config.defaultLimit();
    this.maxLimit = config.maxLimit();
    this.maxRangeMillis = config.maxRange().toMillis();
    for (String series : this.timeframes) {
      timeBarLength(series).map(length -> length.toMillis() * maxLimit).filter(range -> range > maxRangeMillis)
          .ifPresent(range -> longerRanges.put(series, range));
    }
    this.clock = clock;
  }

  /** The length of a time bar series; empty for tick, volume and range bars, which have none. */
  private static Optional<Duration> timeBarLength(String series) {
    try {
      return Optional.of(Timeframe.parse(series).nominalLength());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The longest {@code from}..{@code to} range of a bars request for a series: {@code query.max.range.ms}, or
   * {@code query.max.limit} bars of a time series when that is longer, so that a daily or weekly series reaches as
   * many bars as one answer may hold (31 days are 31 daily bars). Either bounds the bars a request reads.
   */
  private long maxRangeMillis(String series) {
    return longerRanges.getOrDefault(series, maxRangeMillis);
  }

  /** The request for the newest {@code limit} bars of a series up to now, as one without from and to. */
  public BarQuery newest(String symbol, String series, int limit) {
    Instant to = clock.instant();
    return new BarQuery(symbol, series, to.minusMillis(maxRangeMillis(series)), to, limit);
  }

  /**
   * Parses a time parameter: an ISO-8601 instant, or epoch milliseconds, in the years 0000 to 9999; the + of an
   * offset may come as a space. Javalin's converter for Instant.
   */
  public static Instant parseInstant(String text) {
    // A query string decodes + to a space, and an instant has no space: "15:31:00 01:00" was sent as +01:00 by a
    // client (curl, a hand-typed URL) that did not write it %2B.
    String plain = text.replace(' ', '+');
    Instant instant;
    try {
      instant = EPOCH_MILLIS.matcher(plain).matches() ? Instant.ofEpochMilli(Long.parseLong(plain))
          : Instant.parse(plain);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(TIME_RULE, e);
    }
    if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
      throw new IllegalArgumentException(TIME_RULE);
    }
    return instant;
  }

  /**
   * Refuses a request whose query the client cannot have meant as Javalin reads it: a parameter with a malformed
   * %-escape ({@code limit=5%}), which Javalin drops without a word, so the default would answer instead; or a
   * parameter given more than once, where any choice between the values would be a guess the client cannot see.
   *
   * @throws ApiException 400 naming the first such parameter
   */
  public static void checkQuery(Context ctx) {
    String query = ctx.queryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        requireWellFormedEscapes(pair);
      }
    }
    parameters(ctx).forEach((name, values) -> {
      if (values.size() > 1) {
        throw ApiException.badRequest(name, name + " is given " + values.size() + " times; give it at most once");
      }
    });
  }

  /**
   * Refuses a parameter the endpoint does not take, a misspelt one above all ({@code timeframe} for {@code tf},
   * {@code start} for {@code from}), which would otherwise leave the default to answer unseen.
   *
   * @param endpoint the route's path template, for the message
   * @param known the parameters it takes
   * @throws ApiException 400 naming the first unknown parameter and the known ones
   */
  public static void checkKnown(Context ctx, String endpoint, List<String> known) {
    parameters(ctx).keySet().stream().filter(name -> !known.contains(name)).findFirst().ifPresent(name -> {
      throw ApiException.badRequest(name, (name.isEmpty() ? "''" : name) + " is not a parameter of " + endpoint
          + "; it takes: " + String.join(", ", known));
    });
  }

  /**
   * The query's parameters without its empty pairs, as the stray {@code &} that building a query by concatenation
   * leaves ({@code ?tf=1m&}, {@code &&}) names nothing, and without {@link #CACHE_BUSTER}, which names nothing an
   * endpoint could mean either.
   */
  private static Map<String, List<String>> parameters(Context ctx) {
    Map<String, List<String>> parameters = new LinkedHashMap<>(ctx.queryParamMap());
    parameters.computeIfPresent("", (name, values) -> values.stream().allMatch(String::isEmpty) ? null : values);
    parameters.remove(CACHE_BUSTER);
    return parameters;
  }

  private static void requireWellFormedEscapes(String pair) {
    try {
      URLDecoder.decode(pair, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      String name = pair.split("=", 2)[0];
      throw ApiException.badRequest(name, name + " has a malformed %-escape in '" + pair + "': write % as %25");
    }
  }

  /** The {@code {symbol}} path parameter, in its canonical form. */
  public String symbol(Context ctx) {
    return symbols.of(ctx.pathParam(SYMBOL))
        .orElseThrow(() -> ApiException.badRequest(SYMBOL, SymbolRule.RULE));
  }

  /** The {@code tf} query parameter; the first configured timeframe when absent. Javalin runs checks on absent
   * parameters too, hence the null tests. */
  public String timeframe(Context ctx) {
    return ctx.queryParamAsClass(TIMEFRAME, String.class)
        .check(tf -> tf == null || timeframes.contains(tf), timeframeRule()).getOrDefault(timeframes.get(0));
  }

  /**
   * A bars request: symbol, timeframe, {@code from}/{@code to} (default: the series' maximum range up to now), limit.
   */
  public BarQuery bars(Context ctx) {
    String symbol = symbol(ctx);
    String timeframe = timeframe(ctx);
    int limit = limit(ctx, defaultLimit);
    long maxRange = maxRangeMillis(timeframe);
    Instant to = time(ctx, TO, symbol).orElseGet(clock::instant);
    Instant from = time(ctx, FROM, symbol).orElse(to.minusMillis(maxRange));
    if (from.isAfter(to)) {
      throw ApiException.badRequest(FROM, "from (" + Formats.instant(from) + ") must not be after to ("
          + Formats.instant(to) + ")");
    }
    // Compared to the nanosecond, as the range is: millisecond floors let a range up to a millisecond too long pass.
    if (Duration.between(from, to).compareTo(Duration.ofMillis(maxRange)) > 0) {
      throw ApiException.badRequest(FROM, "the range from " + Formats.instant(from) + " to " + Formats.instant(to)
          + " is longer than the maximum of " + maxRange + " ms for " + timeframe + " (" + (maxRange == maxRangeMillis
          ? QueryServiceConfig.MAX_RANGE_CONFIG : QueryServiceConfig.MAX_LIMIT_CONFIG + " bars") + ")");
    }
    return new BarQuery(symbol, timeframe, from, to, limit);
  }

  /** The {@code limit} query parameter, 1 to {@code query.max.limit}; {@code byDefault} when absent. */
  public int limit(Context ctx, int byDefault) {
    return ctx.queryParamAsClass(LIMIT, Integer.class)
        .check(value -> value == null || value >= 1 && value <= maxLimit, limitRule()).getOrDefault(byDefault);
  }

  /**
   * A time parameter. A date alone names the symbol's trading date, as the trading dates of daily bars do, and as
   * traders count days: {@code from} its session's open, {@code to} the last microsecond before the next session's
   * (the CME's 2024-01-02 is 2024-01-01T23:00Z to 2024-01-02T22:59:59.999999Z; UTC days for a symbol without a
   * session).
   */
  private Optional<Instant> time(Context ctx, String parameter, String symbol) {
    String text = ctx.queryParam(parameter);
    if (text == null) {
      return Optional.empty();
    }
    if (!DATE.matcher(text).matches()) {
      return Optional.of(ctx.queryParamAsClass(parameter, Instant.class).get());
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(parameter, parameter + " has the invalid value '" + text + "': " + rule(parameter));
    }
    TradingSession session = sessionOf(symbol);
    return Optional.of(parameter.equals(FROM) ? TradeTick.toInstant(session.sessionStartMicros(date))
        : TradeTick.toInstant(session.sessionStartMicros(date.plusDays(1)) - 1));
  }

  private TradingSession sessionOf(String symbol) {
    try {
      return sessions.apply(symbol);
    } catch (StoreUnavailableException e) {
      throw ApiException.unavailable("The trading session of " + symbol + ", which a date names, cannot be read now: "
          + e.getMessage(), retryAfterSeconds);
    }
  }

  /** The 400 for a failed Javalin validation, naming the parameter and what it allows. */
  public ApiException toApiException(ValidationException e) {
    Map.Entry<String, List<ValidationError<Object>>> first = e.getErrors().entrySet().iterator().next();
    String parameter = first.getKey();
    ValidationError<Object> error = first.getValue().get(0);
    boolean conversion = error.getMessage().equals("TYPE_CONVERSION_FAILED")
        || error.getMessage().equals("NULLCHECK_FAILED");
    String message = conversion ? parameter + " has the invalid value '" + error.value + "': " + rule(parameter)
        : error.getMessage();
    return ApiException.badRequest(parameter, message);
  }

  private String rule(String parameter) {
    switch (parameter) {
      case LIMIT:
        return limitRule();
      case TIMEFRAME:
        return timeframeRule();
      default:
        return parameter + " " + TIME_RULE;
    }
  }

  private String limitRule() {
    return "limit must be an integer from 1 to " + maxLimit + " (" + QueryServiceConfig.MAX_LIMIT_CONFIG + ")";
  }

  private String timeframeRule() {
    return "tf must be one of: " + String.join(", ", timeframes);
  }
}
