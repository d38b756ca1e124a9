package io.tickflow.query.integration;

import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Raw market data for a few symbols, written to a real broker as the connectors would, and the bars, quotes and
 * books the Streams app must make of it, computed here apart from the topology's code. Prices sit on a 0.25 grid
 * within a few percent, so no price jump; every symbol trades at the same times, so every partition has the same
 * stream time and a bar is final when its end plus grace is at most the last trade's time.
 */
final class MarketScenario {

  static final List<String> SYMBOLS = List.of("SYMA", "SYMB", "SYMC", "SYMD", "SYME", "SYMF");
  static final Map<String, Duration> TIMEFRAMES = Map.of("1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5));
  static final Duration GRACE = Duration.ofSeconds(5);
  /** Three days and two hours ago, on the hour: every bar lies within the snapshot range (up to now). */
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3).plusHours(2));
  static final Duration STEP = Duration.ofSeconds(10);

  private final List<Trade> trades = new ArrayList<>();
  private int sequence;

  /** One trade per symbol at {@code T0 + STEP * i} for each i in [from, to). */
  List<Trade> tradesAt(int from, int to) {
    return tradesAt(from, to, 1);
  }

  /** One trade per symbol at {@code T0 + STEP * i} for every {@code stride}-th i in [from, to). */
  List<Trade> tradesAt(int from, int to, int stride) {
    List<Trade> batch = new ArrayList<>();
    for (int i = from; i < to; i += stride) {
      Instant at = T0.plus(STEP.multipliedBy(i));
      for (int s = 0; s < SYMBOLS.size(); s++) {
        double price = 100 + 0.25 * ((i * 7 + s) % 9);
        AggressorSide side = i % 2 == 0 ? AggressorSide.BID : AggressorSide.ASK;
        batch.add(new Trade(SYMBOLS.get(s), "", price, 1L + i % 5, side, at, at.plusMillis(1), ++sequence,
            DataSource.LIVE));
      }
    }
    trades.addAll(batch);
    return batch;
  }

  /** Records trades made elsewhere (accepted ones only: no copies), in order, as if made here. */
  void add(List<Trade> accepted) {
    trades.addAll(accepted);
  }

  /** Every trade made so far, in order. */
  List<Trade> trades() {
    return List.copyOf(trades);
  }

  /**
   * A security definition per symbol, on the prices' 0.25 grid. Its exchange has no session configured: the bars keep
   * the default session, as without definitions.
   */
  static List<SecurityDefinition> definitions() {
    return SYMBOLS.stream().map(symbol -> new SecurityDefinition(symbol, "TEST", symbol + " test contract", 0.25, 2,
        12.5, "USD", LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "UTC", T0)).toList();
  }

  /** Three quotes per symbol; the last (three hours after T0) is the latest. */
  static List<Quote> quotes() {
    List<Quote> quotes = new ArrayList<>();
    for (int hour = 1; hour <= 3; hour++) {
      Instant at = T0.plus(Duration.ofHours(hour));
      for (String symbol : SYMBOLS) {
        quotes.add(quote(symbol, 99.5 + hour * 0.25, at));
      }
    }
    return quotes;
  }

  static Quote quote(String symbol, double bid, Instant at) {
    return new Quote(symbol, "", bid, 10L, bid + 0.25, 12L, at, at.plusMillis(1), DataSource.LIVE);
  }

  static QuoteView latestQuote(String symbol) {
    return QuoteView.of(quotes().get(quotes().size() - SYMBOLS.size() + SYMBOLS.indexOf(symbol)));
  }

  /** Per symbol: two levels a side in one batch, then a change of the best bid. */
  static List<DepthUpdate> depth() {
    List<DepthUpdate> updates = new ArrayList<>();
    Instant at = T0.plus(Duration.ofHours(2));
    for (String symbol : SYMBOLS) {
      updates.add(level(symbol, BookSide.BID, DepthAction.INSERT, 99.75, 5, false, at));
      updates.add(level(symbol, BookSide.BID, DepthAction.INSERT, 99.5, 7, false, at));
      updates.add(level(symbol, BookSide.ASK, DepthAction.INSERT, 100.25, 4, false, at));
      updates.add(level(symbol, BookSide.ASK, DepthAction.INSERT, 100.5, 6, true, at));
      updates.add(level(symbol, BookSide.BID, DepthAction.UPDATE, 99.75, 8, true, at.plusSeconds(1)));
    }
    return updates;
  }

  static BookView book(String symbol) {
    return new BookView(symbol, T0.plus(Duration.ofHours(2)).plusSeconds(1),
        List.of(new BookView.Level(99.75, 8, 1), new BookView.Level(99.5, 7, 1)),
        List.of(new BookView.Level(100.25, 4, 1), new BookView.Level(100.5, 6, 1)));
  }

  private static DepthUpdate level(String symbol, BookSide side, DepthAction action, double price, long quantity,
                                   boolean endOfBatch, Instant at) {
    return new DepthUpdate(symbol, "", side, price, quantity, 1, action, endOfBatch, at, at.plusMillis(1),
        DataSource.LIVE);
  }

  /** The bars of a symbol and timeframe made of every trade so far, by window start. */
  TreeMap<Instant, BarView> expectedBars(String symbol, String timeframe) {
    long length = TIMEFRAMES.get(timeframe).toMillis();
    Instant streamTime = trades.get(trades.size() - 1).getEventTime();
    TreeMap<Instant, List<Trade>> windows = new TreeMap<>();
    for (Trade trade : trades) {
      if (trade.getSymbol().equals(symbol)) {
        long millis = trade.getEventTime().toEpochMilli();
        windows.computeIfAbsent(Instant.ofEpochMilli(millis - Math.floorMod(millis, length)),
            start -> new ArrayList<>()).add(trade);
      }
    }
    TreeMap<Instant, BarView> bars = new TreeMap<>();
    windows.forEach((start, inWindow) -> bars.put(start, bar(symbol, timeframe, start,
        start.plusMillis(length), inWindow, !start.plusMillis(length).plus(GRACE).isAfter(streamTime))));
    return bars;
  }

  /** The bar of {@code trades}, all in one window, in the order the Streams app got them. */
  static BarView bar(String symbol, String timeframe, Instant start, Instant end, List<Trade> trades,
                     boolean closed) {
    double high = Double.NEGATIVE_INFINITY;
    double low = Double.POSITIVE_INFINITY;
    long volume = 0;
    long bid = 0;
    long ask = 0;
    double notional = 0;
    for (Trade trade : trades) {
      high = Math.max(high, trade.getPrice());
      low = Math.min(low, trade.getPrice());
      volume += trade.getSize();
      bid += trade.getSide() == AggressorSide.BID ? trade.getSize() : 0;
      ask += trade.getSide() == AggressorSide.ASK ? trade.getSize() : 0;
      notional += trade.getPrice() * trade.getSize();
    }
    return new BarView(symbol, timeframe, start, end, null, trades.get(0).getPrice(), high, low,
        trades.get(trades.size() - 1).getPrice(), volume, bid, ask, trades.size(), notional / volume, closed,
        trades.size() - 1);
  }

  /** Writes records keyed by symbol, timestamped with their event time, and waits for the acks. */
  static <T extends SpecificRecord> void produce(EmbeddedKafkaBroker broker, String topic, Class<T> type,
                                                 List<T> records) {
    AvroSerializer<T> serializer = new AvroSerializer<>(type);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      for (T record : records) {
        String symbol = record.get(record.getSchema().getField("symbol").pos()).toString();
        // A security definition has no event time: it is dated by when it was received.
        Schema.Field time = record.getSchema().getField("eventTime");
        Instant at = (Instant) record.get((time != null ? time : record.getSchema().getField("updateTime")).pos());
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), symbol.getBytes(StandardCharsets.UTF_8),
            serializer.serialize(topic, record)));
      }
      producer.flush();
    }
  }

  static void produceTrades(EmbeddedKafkaBroker broker, List<Trade> trades) {
    produce(broker, TickflowTopics.RAW_TRADES, Trade.class, trades);
  }
}
