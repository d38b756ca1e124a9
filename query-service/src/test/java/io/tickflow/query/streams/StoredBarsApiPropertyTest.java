package io.tickflow.query.streams;

import static io.tickflow.query.streams.StoredMarket.INSTRUMENTS;
import static io.tickflow.query.streams.StoredMarket.LABELS;
import static io.tickflow.query.streams.StoredMarket.SERIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toonformat.jtoon.JToon;
import io.tickflow.marketstate.TradingDates;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.TestServer;
import io.tickflow.query.alerts.SettableClock;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.streams.ReferenceBars.Session;
import io.tickflow.query.streams.StoredMarket.Instrument;
import io.tickflow.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * The REST reads of bars over the real topology and stores (the Streams app's {@link
 * io.tickflow.streams.TickflowTopology} in a {@code TopologyTestDriver}, read through {@link StreamsMarketData}),
 * against bars computed naively from the trades fed ({@link ReferenceBars}) and docs/api.md's rules: bars whose window
 * starts in [from, to], oldest first, the newest {@code limit} when more match, in JSON, CSV and TOON, HEAD too, and
 * the {@code rel="prev"} links of a cut range; defaults from the server's clock;
 * every time format the docs list, at, just before and just after window starts; symbols as any feed spells them,
 * percent-encoded; every series kind (intraday, session-aligned daily and weekly across a DST change, tick and volume
 * bars), open and final bars; the latest bar, trade, quote and book, the symbols; 400 naming the parameter for a bad
 * one, 404 for an unknown symbol.
 */
class StoredBarsApiPropertyTest {

  private static final ObjectMapper JSON = new Formats().json();
  private static final int MAX_LIMIT = 20;
  private static final int DEFAULT_LIMIT = 8;
  private static final Duration MAX_RANGE = Duration.ofDays(31);
  /** The first and the last instant a request may name (the years 0000 to 9999). */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final List<String> UNKNOWN = List.of("NQZ26", "NQZ6", "EUR/JPY");

  private static TestServer server;
  private static SettableClock clock;
  private static volatile DriverStores stores;
  private static Path stateDirs;

  @BeforeContainer
  static void startServer() throws IOException {
    stateDirs = Files.createTempDirectory("stored-bars-api");
    StreamsAppConfig config = new StreamsAppConfig(SERIES);
    assertThat(config.barSeries()).extracting(spec -> spec.label()).containsExactlyElementsOf(LABELS);
    clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
    StreamsMarketData data = new StreamsMarketData(() -> Optional.ofNullable(stores), LABELS, config.bookDepth(),
        new TradingDates(config));
    server = TestServer.over(new TestServer.Backend(data, LABELS, config.newSymbolNormalizer()), Map.of(
        QueryServiceConfig.MAX_LIMIT_CONFIG, String.valueOf(MAX_LIMIT),
        QueryServiceConfig.DEFAULT_LIMIT_CONFIG, String.valueOf(DEFAULT_LIMIT),
        QueryServiceConfig.WS_SNAPSHOT_BARS_CONFIG, String.valueOf(MAX_LIMIT)), clock);
  }

  @AfterContainer
  static void stopServer() throws IOException {
    server.close();
    Utils.delete(stateDirs.toFile());
  }

  @Property(tries = 40)
  void shouldAnswerBarRequestsAsTheTradesAndTheDocsSay(@ForAll Random random) {
    StoredMarket market = StoredMarket.random(random);
    try (DriverStores driver = new DriverStores(market.config(stateDirs), market.trades.get(0).getEventTime())) {
      market.pipe(driver);
      stores = driver;
      clock.set(market.now);
      Requests requests = new Requests(market);
      for (int i = 0; i < 40; i++) {
        requests.check(random);
      }
    } finally {
      stores = null;
    }
  }

  /** Random requests to the server, checked against a market's reference. */
  private record Requests(StoredMarket market) {

    /** One random request, checked against the reference. */
    void check(Random random) {
      int kind = random.nextInt(20);
      if (kind < 13) {
        checkRange(random);
      } else if (kind < 16) {
        checkLatest(random);
      } else if (kind < 18) {
        checkBadParameter(random);
      } else if (kind < 19) {
        checkState(random, "quotes/%s", market.latestQuotes, QuoteView.class, "No quote for ");
        checkState(random, "trades/%s/latest", market.latestTrades, TradeView.class, "No trades for ");
        checkState(random, "book/%s", market.books, BookView.class, "No book for ");
      } else {
        checkSymbols();
      }
    }

    private void checkRange(Random random) {
      boolean listed = random.nextInt(8) > 0;
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String symbol = listed ? instrument.symbol() : UNKNOWN.get(random.nextInt(UNKNOWN.size()));
      String spelling = listed ? instrument.spellings().get(random.nextInt(instrument.spellings().size())) : symbol;
      boolean known = market.bars.containsKey(symbol);
      Optional<String> tf = random.nextInt(6) == 0 ? Optional.empty()
          : Optional.of(LABELS.get(random.nextInt(LABELS.size())));
      String label = tf.orElse(LABELS.get(0));
      List<BarView> all = market.bars.getOrDefault(symbol, Map.of()).getOrDefault(label, List.of());
      Duration maxRange = maxRange(label);
      Optional<Instant> to = random.nextInt(5) == 0 ? Optional.empty() : Optional.of(time(random, all));
      Optional<Instant> from = random.nextInt(5) == 0 ? Optional.empty()
          : Optional.of(random.nextInt(5) == 0 && to.isPresent() ? to.get() : time(random, all));
      if (from.isPresent() && random.nextInt(6) == 0) {
        // A range about as long as the longest allowed.
        to = Optional.of(from.get().plus(maxRange).plus(List.of(Duration.ofNanos(-1), Duration.ZERO,
            Duration.ofNanos(1), Duration.ofNanos(1_000), Duration.ofNanos(999_000), Duration.ofMillis(1))
            .get(random.nextInt(6))));
      }
      // A date alone names the instrument's trading date: from its session's open to the next one's.
      Optional<LocalDate> fromDate = from.filter(time -> listed && ordinaryYear(time) && random.nextInt(6) == 0)
          .map(time -> tradingDateOf(time, instrument.session()));
      Optional<LocalDate> toDate = to.filter(time -> listed && ordinaryYear(time) && random.nextInt(6) == 0)
          .map(time -> tradingDateOf(time, instrument.session()));
      if (fromDate.isPresent()) {
        from = Optional.of(instrument.session().openOfTradingDate(fromDate.get()));
      }
      if (toDate.isPresent()) {
        Instant open = instrument.session().openOfTradingDate(toDate.get());
        to = Optional.of(instrument.session().nextOpen(open).minusNanos(1_000));
      }
      Optional<Integer> limit = random.nextInt(3) == 0 ? Optional.empty()
          : Optional.of(random.nextBoolean() ? MAX_LIMIT : 1 + random.nextInt(MAX_LIMIT));
      Optional<String> format = List.of(Optional.<String>empty(), Optional.of("json"), Optional.of("csv"),
          Optional.of("toon")).get(random.nextInt(4));

      Map<String, String> query = new LinkedHashMap<>();
      tf.ifPresent(value -> query.put("tf", value));
      from.ifPresent(value -> query.put("from", fromDate.map(LocalDate::toString).orElse(timeText(value, random))));
      to.ifPresent(value -> query.put("to", toDate.map(LocalDate::toString).orElse(timeText(value, random))));
      limit.ifPresent(value -> query.put("limit", value.toString()));
      format.ifPresent(value -> query.put("format", value));
      String request = "/api/v1/bars/" + encode(spelling, random) + query(query);
      HttpResponse<String> response = server.get(request);
      checkRangeAnswer(new Asked(symbol, known, label, from, to, limit, format.orElse("json")), request, response, 3);
      if (random.nextInt(8) == 0) {
        HttpResponse<String> head = server.send("HEAD", request);
        assertThat(head.statusCode()).as("HEAD " + request).isEqualTo(response.statusCode());
        assertThat(head.headers().firstValue("X-Tickflow-Truncated")).as("HEAD " + request)
            .isEqualTo(response.headers().firstValue("X-Tickflow-Truncated"));
        assertThat(head.body()).as("HEAD " + request).isEmpty();
      }
    }

    /** What a bars request asked, as the reference needs it. */
    private record Asked(String symbol, boolean known, String label, Optional<Instant> from, Optional<Instant> to,
                         Optional<Integer> limit, String format) {
    }

    /**
     * Checks the answer to a bars request, and follows its {@code rel="prev"} link for up to {@code pages} more: the
     * same request with {@code to} at the {@code previousTo} of this answer.
     */
    private void checkRangeAnswer(Asked asked, String request, HttpResponse<String> response, int pages) {
      if (asked.to().isPresent() && !inYears(asked.to().get())) {
        assertBadRequest(request, response, "to");
        return;
      }
      if (asked.from().isPresent() && !inYears(asked.from().get())) {
        assertBadRequest(request, response, "from");
        return;
      }
      Duration maxRange = maxRange(asked.label());
      Instant to = asked.to().orElse(market.now);
      Instant from = asked.from().orElse(to.minus(maxRange));
      if (from.isAfter(to) || Duration.between(from, to).compareTo(maxRange) > 0) {
        assertBadRequest(request, response, "from");
        return;
      }
      if (!asked.known()) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        assertThat(response.body()).as(request).contains("No trades for ");
        return;
      }
      List<BarView> all = market.bars.get(asked.symbol()).get(asked.label());
      List<BarView> inRange = all.stream().filter(bar -> !bar.start().isBefore(from) && !bar.start().isAfter(to))
          .toList();
      int cut = asked.limit().orElse(DEFAULT_LIMIT);
      List<BarView> expected = inRange.subList(Math.max(0, inRange.size() - cut), inRange.size());
      boolean truncated = inRange.size() > cut;
      assertThat(response.statusCode()).as(request + " " + response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Tickflow-Truncated")).as(request)
          .isEqualTo(truncated ? Optional.of("true") : Optional.empty());
      if (asked.format().equals("csv")) {
        assertThat(csvBars(response.body())).as(request).isEqualTo(expected);
      } else {
        // TOON carries the JSON body's content (its numbers without a whole price's .0, read back by value).
        JsonNode body = read(asked.format().equals("toon") ? JToon.decodeToJson(response.body()) : response.body());
        assertThat(body.get("symbol").asText()).as(request).isEqualTo(asked.symbol());
        assertThat(body.get("timeframe").asText()).as(request).isEqualTo(asked.label());
        assertThat(body.get("from").asText()).as(request).isEqualTo(Formats.instant(from));
        assertThat(body.get("to").asText()).as(request).isEqualTo(Formats.instant(to));
        assertThat(body.get("count").asInt()).as(request).isEqualTo(expected.size());
        assertThat(body.get("truncated").asBoolean()).as(request).isEqualTo(truncated);
        assertThat(body.get("previousTo").isNull() ? null : body.get("previousTo").asText()).as(request)
            .isEqualTo(truncated ? Formats.instant(expected.get(0).start().minusNanos(1_000)) : null);
        assertThat(bars(body.get("bars"))).as(request + "\nall: " + all).isEqualTo(expected);
      }
      Statistics.label("ranges").collect(asked.label(), expected.isEmpty() ? "empty" : truncated ? "truncated"
          : "whole", expected.stream().anyMatch(bar -> !bar.closed()) ? "with open bar" : "final bars only");
      Optional<String> link = response.headers().firstValue("Link");
      assertThat(link.isPresent()).as(request + " Link").isEqualTo(truncated);
      if (truncated && pages > 0) {
        assertThat(link.get()).as(request).startsWith("<").endsWith(">; rel=\"prev\"");
        String previous = link.get().substring(1, link.get().indexOf('>'));
        Asked before = new Asked(asked.symbol(), true, asked.label(), asked.from(),
            Optional.of(expected.get(0).start().minusNanos(1_000)), asked.limit(), asked.format());
        checkRangeAnswer(before, previous, server.get(previous), pages - 1);
      }
    }

    private void checkLatest(Random random) {
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      boolean known = random.nextInt(6) > 0;
      String spelling = known ? instrument.spellings().get(random.nextInt(instrument.spellings().size()))
          : UNKNOWN.get(random.nextInt(UNKNOWN.size()));
      boolean given = random.nextInt(5) > 0;
      String label = given ? LABELS.get(random.nextInt(LABELS.size())) : LABELS.get(0);
      String request = "/api/v1/bars/" + encode(spelling, random) + "/latest" + (given ? "?tf=" + label : "");
      HttpResponse<String> response = server.get(request);
      List<BarView> all = known ? market.bars.getOrDefault(instrument.symbol(), Map.of())
          .getOrDefault(label, List.of()) : List.of();
      if (all.isEmpty()) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        return;
      }
      assertThat(response.statusCode()).as(request).isEqualTo(200);
      assertThat(JSON.convertValue(read(response.body()), BarView.class)).as(request + "\nall: " + all)
          .isEqualTo(all.get(all.size() - 1));
    }

    /**
     * Checks a read of one symbol's latest state ({@code endpoint}, with %s for the symbol): the expected one, or 404
     * saying {@code missing} and the symbol when there is none.
     */
    private <T> void checkState(Random random, String endpoint, Map<String, T> expected, Class<T> type,
                                String missing) {
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      boolean csv = random.nextInt(3) == 0;
      String request = "/api/v1/" + String.format(endpoint, encode(spelling, random)) + (csv ? "?format=csv" : "");
      HttpResponse<String> response = server.get(request);
      T state = expected.get(instrument.symbol());
      if (state == null) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        assertThat(response.body()).as(request).contains(missing + instrument.symbol());
        return;
      }
      assertThat(response.statusCode()).as(request).isEqualTo(200);
      if (!csv) {
        assertThat(JSON.convertValue(read(response.body()), type)).as(request).isEqualTo(state);
      } else if (state instanceof BookView) {
        BookView book = (BookView) state;
        assertThat(csvBook(csvRows(response.body()), book.symbol(), book.time())).as(request).isEqualTo(state);
      } else {
        assertThat(csvRows(response.body())).as(request).hasSize(1)
            .allSatisfy(row -> assertThat(JSON.convertValue(row, type)).as(request).isEqualTo(state));
      }
    }

    /** Every symbol with a trade, a quote or depth (the stores' keys), sorted. */
    private void checkSymbols() {
      TreeSet<String> symbols = new TreeSet<>(market.bars.keySet());
      symbols.addAll(market.latestQuotes.keySet());
      symbols.addAll(market.books.keySet());
      HttpResponse<String> response = server.get("/api/v1/symbols");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(read(response.body()).get("symbols")).extracting(JsonNode::asText)
          .containsExactlyElementsOf(symbols);
    }

    /** A request with one bad parameter (or a range the parameters make bad): 400 naming it, never a 500. */
    private void checkBadParameter(Random random) {
      Instant at = market.trades.get(random.nextInt(market.trades.size())).getEventTime();
      List<String[]> cases = List.of(
          new String[] {"limit", "bars/{symbol}?limit=0"},
          new String[] {"limit", "bars/{symbol}?limit=" + (MAX_LIMIT + 1)},
          new String[] {"limit", "bars/{symbol}?limit=-1"},
          new String[] {"limit", "bars/{symbol}?limit=1.5"},
          new String[] {"limit", "bars/{symbol}?limit=ten"},
          new String[] {"limit", "bars/{symbol}?limit=99999999999"},
          new String[] {"limit", "bars/{symbol}?limit=5%"},
          new String[] {"tf", "bars/{symbol}?tf=2m"},
          new String[] {"tf", "bars/{symbol}?tf=1M"},
          new String[] {"tf", "bars/{symbol}?tf=1m&tf=5m"},
          new String[] {"from", "bars/{symbol}?from=" + at.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1)
              .toString().replace("-01", "-00")},
          new String[] {"from", "bars/{symbol}?from=" + at.atZone(ZoneOffset.UTC).toLocalDateTime()},
          new String[] {"to", "bars/{symbol}?to=" + at.atZone(ZoneOffset.UTC).toLocalDate() + "T"},
          new String[] {"to", "bars/{symbol}?to=yesterday"},
          new String[] {"to", "bars/{symbol}?to=99999999999999999999"},
          new String[] {"to", "bars/{symbol}?to=253402300800000"},
          new String[] {"from", "bars/{symbol}?from=%2B10000-01-01T00:00:00Z"},
          new String[] {"from", "bars/{symbol}?from=" + at + "&to=" + at.minusNanos(1_000)},
          new String[] {"from", "bars/{symbol}?from=" + at.minus(Duration.ofDays(200)) + "&to=" + at},
          new String[] {"timeframe", "bars/{symbol}?timeframe=1m"},
          new String[] {"tf", "bars/{symbol}/latest?tf=2m"},
          new String[] {"limit", "bars/{symbol}/latest?limit=5"},
          new String[] {"symbol", "bars/%20%20?tf=1m"},
          new String[] {"symbol", "bars/" + "A".repeat(65)},
          new String[] {"symbol", "bars/E%7FS/latest"},
          new String[] {"symbol", "quotes/%20"});
      String[] chosen = cases.get(random.nextInt(cases.size()));
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String request = "/api/v1/" + chosen[1].replace("{symbol}", encode(instrument.spellings().get(0), random));
      assertBadRequest(request, chosen[1].endsWith("%") ? server.rawGet(request) : server.get(request).body(),
          chosen[0]);
    }

    private static void assertBadRequest(String request, HttpResponse<String> response, String parameter) {
      assertThat(response.statusCode()).as(request + " " + response.body()).isEqualTo(400);
      assertBadRequest(request, response.body(), parameter);
    }

    private static void assertBadRequest(String request, String body, String parameter) {
      JsonNode error = read(body.substring(body.indexOf('{')));
      assertThat(error.get("status").asInt()).as(request + " " + body).isEqualTo(400);
      assertThat(error.get("error").asText()).as(request).isEqualTo("bad_request");
      assertThat(error.get("parameter").asText()).as(request + " " + body).isEqualTo(parameter);
      assertThat(error.get("message").asText()).as(request).contains(parameter);
    }

    /**
     * A time near a bar start of the series (at it, a nanosecond, microsecond or millisecond either side), a trade,
     * now, or the bounds of the years a request may name and the epoch.
     */
    private Instant time(Random random, List<BarView> all) {
      Instant anchor;
      int pick = random.nextInt(7);
      if (pick == 6) {
        anchor = List.of(EARLIEST, Instant.EPOCH, LATEST).get(random.nextInt(3));
      } else if (pick < 3 && !all.isEmpty()) {
        anchor = all.get(random.nextInt(all.size())).start();
      } else if (pick < 5) {
        anchor = market.trades.get(random.nextInt(market.trades.size())).getEventTime();
      } else {
        anchor = market.now;
      }
      List<Duration> offsets = List.of(Duration.ZERO, Duration.ZERO, Duration.ofNanos(-1), Duration.ofNanos(1),
          Duration.ofNanos(-1_000), Duration.ofNanos(1_000), Duration.ofMillis(-1), Duration.ofMillis(1),
          Duration.ofHours(-random.nextInt(200)), Duration.ofMinutes(random.nextInt(200)));
      return anchor.plus(offsets.get(random.nextInt(offsets.size())));
    }

    private Duration maxRange(String label) {
      Duration bars = label.equals("1d") ? Duration.ofDays(MAX_LIMIT) : label.equals("1w")
          ? Duration.ofDays(7L * MAX_LIMIT) : Duration.ZERO;
      return bars.compareTo(MAX_RANGE) > 0 ? bars : MAX_RANGE;
    }
  }

  private static boolean inYears(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  /**
   * An instant as a client may write it: epoch milliseconds (when whole, negative before 1970), or ISO-8601 in UTC or
   * at an offset, with as many fraction digits as it needs or more, the offset's + percent-encoded or as is (a query
   * string's space).
   */
  /** The trading date of the session holding {@code time}. */
  private static LocalDate tradingDateOf(Instant time, Session session) {
    return session.tradingDate(session.openAtOrBefore(time));
  }

  /** A time whose trading dates have four-digit years on either side. */
  private static boolean ordinaryYear(Instant time) {
    return time.isAfter(Instant.parse("0001-01-02T00:00:00Z")) && time.isBefore(Instant.parse("9999-12-30T00:00:00Z"));
  }

  private static String timeText(Instant instant, Random random) {
    if (instant.getNano() % 1_000_000 == 0 && random.nextInt(3) == 0) {
      return Long.toString(instant.toEpochMilli());
    }
    // Near the bounds of the years, in UTC: at an offset, the local year of 0000-01-01T00:00Z is -0001.
    boolean nearBounds = instant.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
        || instant.isAfter(Instant.parse("9999-01-01T00:00:00Z"));
    ZoneOffset offset = nearBounds ? ZoneOffset.UTC : List.of(ZoneOffset.UTC, ZoneOffset.ofHours(1),
        ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30)).get(random.nextInt(4));
    int needed = instant.getNano() == 0 ? 0 : instant.getNano() % 1_000_000 == 0 ? 3
        : instant.getNano() % 1_000 == 0 ? 6 : 9;
    int digits = needed + random.nextInt(10 - needed);
    String fraction = digits == 0 ? "" : "." + String.format("%09d", instant.getNano()).substring(0, Math.min(9,
        digits)) + "0".repeat(Math.max(0, digits - 9));
    String local = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(instant.atOffset(offset)) + fraction;
    if (offset.equals(ZoneOffset.UTC) && random.nextBoolean()) {
      return local + "Z";
    }
    String id = offset.equals(ZoneOffset.UTC) ? "+00:00" : offset.getId();
    return local + (id.startsWith("+") && random.nextBoolean() ? "%2B" + id.substring(1) : id);
  }

  private static String query(Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
        .append(value));
    return query.toString();
  }

  /** A path segment percent-encoded, a + in it either as is (a path does not read it as a space) or encoded. */
  private static String encode(String pathSegment, Random random) {
    String encoded = URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    return random.nextBoolean() ? encoded.replace("%2B", "+") : encoded;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<BarView> bars(JsonNode bars) {
    return JSON.convertValue(bars, new TypeReference<List<BarView>>() { });
  }

  private static List<BarView> csvBars(String csv) {
    return csvRows(csv).stream().map(row -> JSON.convertValue(row, BarView.class)).toList();
  }

  /**
   * The book CSV's rows (symbol, side, level, price, quantity, orders) as a book: each side's levels best first,
   * numbered from 0; the CSV has no time, nor a symbol when the book is empty.
   */
  private static BookView csvBook(List<ObjectNode> rows, String symbol, Instant time) {
    Map<String, List<BookView.Level>> sides = Map.of("BID", new ArrayList<>(), "ASK", new ArrayList<>());
    for (ObjectNode row : rows) {
      List<BookView.Level> side = sides.get(row.get("side").asText());
      assertThat(row.get("level").asInt()).as(row.toString()).isEqualTo(side.size());
      assertThat(row.get("symbol").asText()).as(row.toString()).isEqualTo(symbol);
      side.add(JSON.convertValue(row.deepCopy().retain("price", "quantity", "orders"), BookView.Level.class));
    }
    return new BookView(symbol, time, sides.get("BID"), sides.get("ASK"));
  }

  /**
   * CSV rows read with a parser other than the one that writes them, as JSON objects of the cells' text (an empty
   * cell null), for Jackson to read as the JSON answer's types.
   */
  private static List<ObjectNode> csvRows(String csv) {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    List<ObjectNode> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
      for (CSVRecord record : parser.getRecords()) {
        ObjectNode row = JSON.createObjectNode();
        record.toMap().forEach((column, cell) -> {
          if (cell.isEmpty()) {
            row.putNull(column);
          } else {
            row.put(column, cell);
          }
        });
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
