package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.tickflow.query.streams.ReferenceBars.Series;
import io.tickflow.query.streams.ReferenceBars.Tick;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.streams.StreamsConfig;

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
  private static final Session CME = new Session(LocalTime.of(17, 0), ZoneId.of("America/Chicago"));
  private static final Map<String, Object> SERIES = Map.of(
      StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m,7m,1h,1d,1w",
      StreamsAppConfig.BARS_ACTIVITY_CONFIG, "*=T3,*=V5",
      StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "ES*=17:00 America/Chicago");
  private static final List<String> LABELS = List.of("1m", "7m", "1h", "1d", "1w", "T3", "V5");
  private static final Duration GRACE = Duration.ofMillis(5_000);
  /** The first and the last instant a request may name (the years 0000 to 9999). */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** A traded instrument: its canonical symbol, the spellings feeds and clients may use, its session. */
  private record Instrument(String symbol, List<String> spellings, Session session, double price, double tick) {
  }

  private static final List<Instrument> INSTRUMENTS = List.of(
      new Instrument("ESZ26", List.of("ESZ26", "ESZ6", "esz2026", "ESZ6-CME", "ESZ2026"), CME, 4700, 0.25),
      new Instrument("EUR/USD", List.of("EUR/USD"), Session.UTC, 1.085, 0.0001),
      new Instrument("A+B %C", List.of("A+B %C"), Session.UTC, 250, 0.01));
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
  static void stopServer() {
    server.close();
  }

  @Property(tries = 40)
  void shouldAnswerBarRequestsAsTheTradesAndTheDocsSay(@ForAll Random random) {
    Market market = Market.random(random);
    try (DriverStores driver = new DriverStores(market.config(stateDirs), market.trades.get(0).getEventTime())) {
      market.pipe(driver);
      stores = driver;
      clock.set(market.now);
      for (int i = 0; i < 40; i++) {
        market.check(random);
      }
    } finally {
      stores = null;
    }
  }

  /** One try's trades, the stores' settings, the server's clock, and the bars they should make. */
  private static final class Market {

    final List<Trade> trades;
    /** Quotes, each piped just before the trade of the same index (none where null). */
    final List<Quote> quotes;
    /** Depth updates, each piped just before the trade of the same index (none where null). */
    final List<DepthUpdate> depth;
    final String storeType;
    final Duration idle;
    final boolean sessionAligned;
    final Instant now;
    final Map<String, Map<String, List<BarView>>> bars = new HashMap<>();
    final Map<String, QuoteView> latestQuotes = new HashMap<>();
    final Map<String, BookView> books = new HashMap<>();

    private Market(List<Trade> trades, List<Quote> quotes, List<DepthUpdate> depth, String storeType, Duration idle, boolean sessionAligned,
                   Instant now) {
      this.trades = trades;
      this.quotes = quotes;
      this.depth = depth;
      this.storeType = storeType;
      this.idle = idle;
      this.sessionAligned = sessionAligned;
      this.now = now;
    }

    static Market random(Random random) {
      Instant time = Instant.parse("2026-02-26T00:00:00Z").plusSeconds(random.nextInt(14 * 86_400));
      List<Trade> trades = new ArrayList<>();
      int count = 5 + random.nextInt(60);
      List<Quote> quotes = new ArrayList<>();
      List<DepthUpdate> depth = new ArrayList<>();
      int sequence = 0;
      for (int i = 0; i < count; i++) {
        // Now and then trades sharing a time, told apart by their sequence: tick and volume bars opened by them
        // start a microsecond after the previous one.
        boolean sameTime = i > 0 && random.nextInt(6) == 0;
        time = sameTime ? time : next(time, random);
        sequence = sameTime ? sequence + 1 : 0;
        trades.add(trade(INSTRUMENTS.get(random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0), time, sequence,
            random));
        quotes.add(random.nextInt(3) == 0 ? quote(INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size())), time, random)
            : null);
        depth.add(random.nextInt(3) == 0 ? depth(INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size())), time, random)
            : null);
      }
      if (random.nextBoolean()) {
        // A burst of trades just after a session open: the stores are read while the previous session's last
        // activity bars and time bars may still be open (their end plus grace not reached).
        time = later(time, CME.nextOpen(CME.openAtOrBefore(time)).plusNanos(1_000L * random.nextInt(2)));
        for (int i = random.nextInt(8); i >= 0; i--) {
          trades.add(trade(INSTRUMENTS.get(0), time, 0, random));
          time = time.plusMillis(1 + random.nextInt(1_500));
        }
      }
      Instant now = time.plus(List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(random.nextInt(300)),
          Duration.ofDays(40)).get(random.nextInt(4)));
      while (quotes.size() < trades.size()) {
        quotes.add(null);
        depth.add(null);
      }
      Market market = new Market(trades, quotes, depth, random.nextInt(3) > 0 ? StreamsAppConfig.STORE_IN_MEMORY
          : StreamsAppConfig.STORE_ROCKSDB, random.nextBoolean() ? Duration.ZERO : Duration.ofMillis(5_000),
          random.nextBoolean(), now);
      market.reference();
      return market;
    }

    private static Trade trade(Instrument instrument, Instant time, int sequence, Random random) {
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      double price = instrument.price() * (1 + (random.nextInt(41) - 20) / 1000.0);
      AggressorSide side = AggressorSide.values()[random.nextInt(AggressorSide.values().length)];
      return new Trade(spelling, "", price, 1L + random.nextInt(4), side, time, time.plusMillis(1), sequence,
          DataSource.LIVE);
    }

    /** A quote that may leave one side unset, at the time of a trade: quotes move no bar's stream time. */
    private static Quote quote(Instrument instrument, Instant time, Random random) {
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      int sides = random.nextInt(4);
      Double bid = sides == 1 ? null : instrument.price() - 0.25;
      Double ask = sides == 2 ? null : instrument.price() + 0.25;
      return new Quote(spelling, "", bid, bid == null ? null : 1L + random.nextInt(20), ask,
          ask == null ? null : 1L + random.nextInt(20), time, time.plusMillis(1), DataSource.LIVE);
    }

    /**
     * A depth update, each a batch of its own, setting or removing a level a few ticks from the price: bids below,
     * asks above (a removal of a level the book lacks too).
     */
    private static DepthUpdate depth(Instrument instrument, Instant time, Random random) {
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      BookSide side = random.nextBoolean() ? BookSide.BID : BookSide.ASK;
      // In decimal, as a feed's prices are: the book keys levels by price rounded to 12 digits.
      double price = BigDecimal.valueOf(instrument.price()).add(BigDecimal.valueOf(instrument.tick())
          .multiply(BigDecimal.valueOf((side == BookSide.BID ? -1 : 1) * (1 + random.nextInt(14))))).doubleValue();
      DepthAction action = List.of(DepthAction.INSERT, DepthAction.UPDATE, DepthAction.DELETE).get(random.nextInt(3));
      return new DepthUpdate(spelling, "", side, price, action == DepthAction.DELETE ? 0L : 1L + random.nextInt(50),
          1 + random.nextInt(5), action, true, time, time.plusMillis(1), DataSource.LIVE);
    }

    /** Pipes the quotes, depth and trades in their order. */
    void pipe(DriverStores driver) {
      for (int i = 0; i < trades.size(); i++) {
        Optional.ofNullable(quotes.get(i)).ifPresent(driver::pipe);
        Optional.ofNullable(depth.get(i)).ifPresent(driver::pipe);
        driver.pipe(trades.get(i));
      }
    }

    /** The next trade time: near, at, just before or after a window start or a session open, or much later. */
    private static Instant next(Instant time, Random random) {
      Duration nudge = Duration.ofNanos(1_000L * (random.nextInt(3) - 1));
      switch (random.nextInt(8)) {
        case 0:
          return time.plusNanos(1_000L * (1 + random.nextInt(1_000)));
        case 1:
          return time.plusMillis(1 + random.nextInt(20_000));
        case 2:
          return later(time, Instant.ofEpochSecond((time.getEpochSecond() / 60 + 1) * 60).plus(nudge));
        case 3:
          return later(time, CME.nextOpen(CME.openAtOrBefore(time)).plus(nudge)
              .plusMillis(random.nextBoolean() ? 0 : random.nextInt(8_000)));
        case 4:
          return later(time, Session.UTC.nextOpen(Session.UTC.openAtOrBefore(time)).plus(nudge));
        case 5:
          return time.plusSeconds(60L * (1 + random.nextInt(600)));
        case 6:
          return time.plusSeconds(3_600L * (1 + random.nextInt(80)));
        default:
          return time.plusSeconds(1 + random.nextInt(400));
      }
    }

    private static Instant later(Instant time, Instant candidate) {
      return candidate.isAfter(time) ? candidate : time.plusNanos(1_000);
    }

    StreamsAppConfig config(Path stateDirs) {
      Map<String, Object> settings = new HashMap<>(SERIES);
      settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, storeType);
      settings.put(StreamsAppConfig.BARS_IDLE_MS_CONFIG, String.valueOf(idle.toMillis()));
      settings.put(StreamsAppConfig.BARS_INTRADAY_ALIGN_CONFIG, sessionAligned ? "session" : "utc");
      try {
        settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDirs, "try").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new StreamsAppConfig(settings);
    }

    private void reference() {
      for (Instrument instrument : INSTRUMENTS) {
        quotes.stream().filter(q -> q != null && instrument.spellings().contains(q.getSymbol())).forEach(q -> {
          QuoteView before = latestQuotes.get(instrument.symbol());
          boolean bid = q.getBidPrice() != null;
          boolean ask = q.getAskPrice() != null;
          latestQuotes.put(instrument.symbol(), new QuoteView(instrument.symbol(),
              bid ? q.getBidPrice() : before == null ? null : before.bidPrice(),
              bid ? q.getBidSize() : before == null ? null : before.bidSize(),
              ask ? q.getAskPrice() : before == null ? null : before.askPrice(),
              ask ? q.getAskSize() : before == null ? null : before.askSize(), q.getEventTime()));
        });
      }
      for (Instrument instrument : INSTRUMENTS) {
        referenceBook(instrument);
      }
      Instant streamTime = trades.get(trades.size() - 1).getEventTime();
      for (Instrument instrument : INSTRUMENTS) {
        List<Tick> ticks = trades.stream().filter(t -> instrument.spellings().contains(t.getSymbol()))
            .map(t -> new Tick(t.getEventTime(), t.getPrice(), t.getSize(), t.getSide())).toList();
        if (ticks.isEmpty()) {
          continue;
        }
        Instant last = ticks.get(ticks.size() - 1).time();
        Instant closing = Duration.between(last, streamTime).compareTo(idle) >= 0 ? streamTime : last;
        Map<String, List<BarView>> series = new LinkedHashMap<>();
        for (String label : LABELS) {
          series.put(label, ReferenceBars.bars(instrument.symbol(), series(label, instrument), instrument.session(),
              ticks, closing, GRACE));
        }
        bars.put(instrument.symbol(), series);
        series.forEach((label, list) -> {
          for (int i = 0; i + 1 < list.size(); i++) {
            if (!list.get(i).closed() && list.get(i + 1).closed()) {
              Statistics.label("reference").collect("open bar before a final one", label);
            }
          }
        });
      }
    }

    /** The top {@code book.depth} (10) levels of each side, best first, as of the last update. */
    private void referenceBook(Instrument instrument) {
      Map<BookSide, TreeMap<Double, BookView.Level>> sides = Map.of(BookSide.BID, new TreeMap<>(Comparator.reverseOrder()),
          BookSide.ASK, new TreeMap<>());
      Instant time = null;
      for (DepthUpdate update : depth) {
        if (update != null && instrument.spellings().contains(update.getSymbol())) {
          if (update.getAction() == DepthAction.DELETE) {
            sides.get(update.getSide()).remove(update.getPrice());
          } else {
            sides.get(update.getSide()).put(update.getPrice(), new BookView.Level(update.getPrice(),
                update.getQuantity(), update.getNumOrders()));
          }
          time = update.getEventTime();
        }
      }
      if (time != null) {
        books.put(instrument.symbol(), new BookView(instrument.symbol(), time,
            sides.get(BookSide.BID).values().stream().limit(10).toList(),
            sides.get(BookSide.ASK).values().stream().limit(10).toList()));
      }
    }

    private Series series(String label, Instrument instrument) {
      Session days = sessionAligned ? instrument.session() : Session.UTC;
      switch (label) {
        case "1m":
          return new ReferenceBars.Intraday(label, Duration.ofMinutes(1), days);
        case "7m":
          return new ReferenceBars.Intraday(label, Duration.ofMinutes(7), days);
        case "1h":
          return new ReferenceBars.Intraday(label, Duration.ofHours(1), days);
        case "1d":
          return new ReferenceBars.Days(label);
        case "1w":
          return new ReferenceBars.Weeks(label);
        case "T3":
          return new ReferenceBars.Ticks(label, 3);
        default:
          return new ReferenceBars.Volume(label, 5);
      }
    }

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
        checkQuote(random);
        checkLatestTrade(random);
        checkBook(random);
      } else {
        checkSymbols();
      }
    }

    private void checkRange(Random random) {
      boolean listed = random.nextInt(8) > 0;
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String symbol = listed ? instrument.symbol() : UNKNOWN.get(random.nextInt(UNKNOWN.size()));
      String spelling = listed ? instrument.spellings().get(random.nextInt(instrument.spellings().size())) : symbol;
      boolean known = bars.containsKey(symbol);
      Optional<String> tf = random.nextInt(6) == 0 ? Optional.empty()
          : Optional.of(LABELS.get(random.nextInt(LABELS.size())));
      String label = tf.orElse(LABELS.get(0));
      List<BarView> all = bars.getOrDefault(symbol, Map.of()).getOrDefault(label, List.of());
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
      Optional<Integer> limit = random.nextInt(3) == 0 ? Optional.empty()
          : Optional.of(random.nextBoolean() ? MAX_LIMIT : 1 + random.nextInt(MAX_LIMIT));
      Optional<String> format = List.of(Optional.<String>empty(), Optional.of("json"), Optional.of("csv"),
          Optional.of("toon")).get(random.nextInt(4));

      Map<String, String> query = new LinkedHashMap<>();
      tf.ifPresent(value -> query.put("tf", value));
      from.ifPresent(value -> query.put("from", timeText(value, random)));
      to.ifPresent(value -> query.put("to", timeText(value, random)));
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
      Instant to = asked.to().orElse(now);
      Instant from = asked.from().orElse(to.minus(maxRange));
      if (from.isAfter(to) || Duration.between(from, to).compareTo(maxRange) > 0) {
        assertBadRequest(request, response, "from");
        return;
      }
      if (!asked.known()) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        assertThat(response.body()).as(request).contains("Unknown symbol: ");
        return;
      }
      List<BarView> all = bars.get(asked.symbol()).get(asked.label());
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
      List<BarView> all = known ? bars.getOrDefault(instrument.symbol(), Map.of()).getOrDefault(label, List.of())
          : List.of();
      if (all.isEmpty()) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        return;
      }
      assertThat(response.statusCode()).as(request).isEqualTo(200);
      assertThat(JSON.convertValue(read(response.body()), BarView.class)).as(request + "\nall: " + all)
          .isEqualTo(all.get(all.size() - 1));
    }

    private void checkLatestTrade(Random random) {
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      String request = "/api/v1/trades/" + encode(spelling, random) + "/latest";
      HttpResponse<String> response = server.get(request);
      Optional<Trade> last = trades.stream().filter(t -> instrument.spellings().contains(t.getSymbol()))
          .reduce((first, second) -> second);
      if (last.isEmpty()) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        return;
      }
      assertThat(response.statusCode()).as(request).isEqualTo(200);
      assertThat(JSON.convertValue(read(response.body()), TradeView.class)).as(request).isEqualTo(new TradeView(
          instrument.symbol(), last.get().getPrice(), last.get().getSize(), last.get().getSide().name(),
          last.get().getEventTime(), last.get().getSequence()));
    }

    private void checkBook(Random random) {
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      String request = "/api/v1/book/" + encode(spelling, random);
      HttpResponse<String> response = server.get(request);
      BookView expected = books.get(instrument.symbol());
      if (expected == null) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        assertThat(response.body()).as(request).contains("No book for " + instrument.symbol());
        return;
      }
      assertThat(response.statusCode()).as(request).isEqualTo(200);
      assertThat(JSON.convertValue(read(response.body()), BookView.class)).as(request).isEqualTo(expected);
    }

    private void checkQuote(Random random) {
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
      String request = "/api/v1/quotes/" + encode(spelling, random);
      HttpResponse<String> response = server.get(request);
      QuoteView expected = latestQuotes.get(instrument.symbol());
      if (expected == null) {
        assertThat(response.statusCode()).as(request).isEqualTo(404);
        assertThat(response.body()).as(request).contains("No quote for " + instrument.symbol());
        return;
      }
      assertThat(response.statusCode()).as(request).isEqualTo(200);
      assertThat(JSON.convertValue(read(response.body()), QuoteView.class)).as(request).isEqualTo(expected);
    }

    /** Every symbol with a trade, a quote or depth (the stores' keys), sorted. */
    private void checkSymbols() {
      TreeSet<String> symbols = new TreeSet<>(bars.keySet());
      symbols.addAll(latestQuotes.keySet());
      symbols.addAll(books.keySet());
      HttpResponse<String> response = server.get("/api/v1/symbols");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(read(response.body()).get("symbols")).extracting(JsonNode::asText)
          .containsExactlyElementsOf(symbols);
    }

    /** A request with one bad parameter (or a range the parameters make bad): 400 naming it, never a 500. */
    private void checkBadParameter(Random random) {
      Instant at = trades.get(random.nextInt(trades.size())).getEventTime();
      List<String[]> cases = List.of(
          new String[] {"limit", "limit=0"},
          new String[] {"limit", "limit=" + (MAX_LIMIT + 1)},
          new String[] {"limit", "limit=-1"},
          new String[] {"limit", "limit=1.5"},
          new String[] {"limit", "limit=ten"},
          new String[] {"limit", "limit=99999999999"},
          new String[] {"tf", "tf=2m"},
          new String[] {"tf", "tf=1M"},
          new String[] {"tf", "tf=1m&tf=5m"},
          new String[] {"from", "from=" + at.atZone(ZoneOffset.UTC).toLocalDate()},
          new String[] {"from", "from=" + at.atZone(ZoneOffset.UTC).toLocalDateTime()},
          new String[] {"to", "to=" + at.atZone(ZoneOffset.UTC).toLocalDate()},
          new String[] {"to", "to=yesterday"},
          new String[] {"to", "to=99999999999999999999"},
          new String[] {"to", "to=253402300800000"},
          new String[] {"from", "from=%2B10000-01-01T00:00:00Z"},
          new String[] {"from", "from=" + at + "&to=" + at.minusNanos(1_000)},
          new String[] {"from", "from=" + at.minus(Duration.ofDays(200)) + "&to=" + at},
          new String[] {"timeframe", "timeframe=1m"},
          new String[] {"limit", "limit=5%"});
      String[] chosen = cases.get(random.nextInt(cases.size()));
      Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
      String request = "/api/v1/bars/" + encode(instrument.spellings().get(0), random) + "?" + chosen[1];
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
        anchor = trades.get(random.nextInt(trades.size())).getEventTime();
      } else {
        anchor = now;
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
   * An instant as a client may write it: epoch milliseconds (when whole), or ISO-8601 in UTC or at an offset, with
   * as many fraction digits as it needs or more, the offset's + percent-encoded or as is (a query string's space).
   */
  private static String timeText(Instant instant, Random random) {
    if (instant.getNano() % 1_000_000 == 0 && !instant.isBefore(Instant.EPOCH) && random.nextInt(3) == 0) {
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
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    List<BarView> bars = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
      for (CSVRecord row : parser.getRecords()) {
        String tradingDate = row.get("tradingDate");
        bars.add(new BarView(row.get("symbol"), row.get("timeframe"), Instant.parse(row.get("start")),
            Instant.parse(row.get("end")), tradingDate.isEmpty() ? null : LocalDate.parse(tradingDate),
            Double.parseDouble(row.get("open")), Double.parseDouble(row.get("high")),
            Double.parseDouble(row.get("low")), Double.parseDouble(row.get("close")),
            Long.parseLong(row.get("volume")), Long.parseLong(row.get("bidVolume")),
            Long.parseLong(row.get("askVolume")), Long.parseLong(row.get("trades")),
            Double.parseDouble(row.get("vwap")), Boolean.parseBoolean(row.get("closed")),
            Integer.parseInt(row.get("revision"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bars;
  }
}
