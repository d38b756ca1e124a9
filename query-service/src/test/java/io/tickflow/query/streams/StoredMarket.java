package io.tickflow.query.streams;

import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.streams.ReferenceBars.Session;
import io.tickflow.query.streams.ReferenceBars.Series;
import io.tickflow.query.streams.ReferenceBars.Tick;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One try of {@link StoredBarsApiPropertyTest}: random trades (with quotes and depth) of a few instruments over days
 * across a DST change, near and at window starts and session opens, the stores' settings, the server's clock, and what
 * the API should answer: bars computed by {@link ReferenceBars}, the latest quote, trade and book.
 */
final class StoredMarket {

  static final Session CME = new Session(LocalTime.of(17, 0), ZoneId.of("America/Chicago"));
  /** The series of every try, and the session of ES. */
  static final Map<String, Object> SERIES = Map.of(
      StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m,7m,1h,1d,1w",
      StreamsAppConfig.BARS_ACTIVITY_CONFIG, "*=T3,*=V5",
      StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "ES*=17:00 America/Chicago");
  static final List<String> LABELS = List.of("1m", "7m", "1h", "1d", "1w", "T3", "V5");
  private static final Duration GRACE = Duration.ofMillis(5_000);

  /**
   * A traded instrument: its canonical symbol, the spellings feeds and clients may use, its session (by
   * {@code session.overrides}, or by the exchange its security definition names, or the default), its price and tick.
   *
   * @param exchange the exchange of its security definition; empty for none
   */
  record Instrument(String symbol, List<String> spellings, Session session, double price, double tick,
                    String exchange) {
  }

  static final List<Instrument> INSTRUMENTS = List.of(
      new Instrument("ESZ26", List.of("ESZ26", "ESZ6", "esz2026", "ESZ6-CME", "ESZ2026"), CME, 4700, 0.25, ""),
      new Instrument("EUR/USD", List.of("EUR/USD"), Session.UTC, 1.085, 0.0001, ""),
      // NYSE's session by session.exchanges' default, since its definition states none (00:00 to 00:00 UTC).
      new Instrument("A+B %C", List.of("A+B %C"), new Session(LocalTime.MIDNIGHT, ZoneId.of("America/New_York")),
          250, 0.01, "NYSE"));

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
  final Map<String, TradeView> latestTrades = new HashMap<>();

  private StoredMarket(List<Trade> trades, List<Quote> quotes, List<DepthUpdate> depth, String storeType,
                       Duration idle, boolean sessionAligned, Instant now) {
    this.trades = trades;
    this.quotes = quotes;
    this.depth = depth;
    this.storeType = storeType;
    this.idle = idle;
    this.sessionAligned = sessionAligned;
    this.now = now;
  }

  static StoredMarket random(Random random) {
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
    StoredMarket market = new StoredMarket(trades, quotes, depth, random.nextInt(3) > 0
        ? StreamsAppConfig.STORE_IN_MEMORY : StreamsAppConfig.STORE_ROCKSDB,
        random.nextBoolean() ? Duration.ZERO : Duration.ofMillis(5_000), random.nextBoolean(), now);
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

  /**
   * A quote that may leave one side unset, at the time of the trade it is piped before: whatever stream time it moves,
   * that trade moves as far.
   */
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

  /** Pipes the security definitions, then the quotes, depth and trades in their order. */
  void pipe(DriverStores driver) {
    INSTRUMENTS.stream().filter(instrument -> !instrument.exchange().isEmpty())
        .forEach(instrument -> driver.pipe(new SecurityDefinition(instrument.symbol(), instrument.exchange(), "",
            instrument.tick(), 2, 0.0, "USD", LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "UTC",
            trades.get(0).getEventTime())));
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
    // The reference keeps every bar: a history can span longer than the 30 days 1m bars are kept by default, and the
    // stores then hide the oldest (by the stores' stream time, which is not what this test is about).
    settings.put(StreamsAppConfig.BARS_RETENTION_CONFIG, "");
    settings.put(StreamsAppConfig.BARS_RETENTION_DEFAULT_CONFIG, "3650d");
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
      List<Trade> own = trades.stream().filter(t -> instrument.spellings().contains(t.getSymbol())).toList();
      if (own.isEmpty()) {
        continue;
      }
      Trade latest = own.get(own.size() - 1);
      latestTrades.put(instrument.symbol(), new TradeView(instrument.symbol(), latest.getPrice(), latest.getSize(),
          latest.getSide().name(), latest.getEventTime(), latest.getSequence()));
      List<Tick> ticks = own.stream().map(t -> new Tick(t.getEventTime(), t.getPrice(), t.getSize(), t.getSide()))
          .toList();
      Instant last = latest.getEventTime();
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
    Map<BookSide, TreeMap<Double, BookView.Level>> sides = Map.of(
        BookSide.BID, new TreeMap<>(Comparator.reverseOrder()), BookSide.ASK, new TreeMap<>());
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
}
