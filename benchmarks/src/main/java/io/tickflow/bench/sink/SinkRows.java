package io.tickflow.bench.sink;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of the sink benchmark: distinct final bars and trades over one trading day, and the same rows as lines
 * of PostgreSQL's COPY text format for the baseline.
 */
final class SinkRows {

  private static final DateTimeFormatter COPY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");
  private static final int SYMBOLS = 50;

  private final Instant day;

  SinkRows(Instant day) {
    this.day = day.truncatedTo(ChronoUnit.DAYS);
  }

  /** {@code count} distinct 1-minute bars, symbol after symbol. */
  List<Bar> bars(int count) {
    SplittableRandom random = new SplittableRandom(7);
    List<Bar> bars = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant start = day.plus(i / SYMBOLS, ChronoUnit.MINUTES);
      double open = 100 + random.nextInt(4000) * 0.25;
      double low = open - random.nextInt(8) * 0.25;
      double high = open + random.nextInt(8) * 0.25;
      long bid = random.nextInt(500);
      long ask = random.nextInt(500);
      bars.add(Bar.newBuilder().setSymbol(symbol(i)).setTimeframe("1m").setWindowStart(start)
          .setWindowEnd(start.plus(1, ChronoUnit.MINUTES)).setOpen(open).setHigh(high).setLow(low)
          .setClose((low + high) / 2).setVolume(bid + ask).setBidVolume(bid).setAskVolume(ask)
          .setTradeCount(1 + random.nextInt(90)).setVwap(low + (high - low) / 3)
          .setFirstTradeTime(start.plusNanos(123_456_000)).setLastTradeTime(start.plusNanos(59_999_999_000L))
          .setIsFinal(true).setRevision(random.nextInt(30)).build());
    }
    return bars;
  }

  /** {@code count} distinct trades, a few microseconds apart. */
  List<Trade> trades(int count) {
    SplittableRandom random = new SplittableRandom(11);
    List<Trade> trades = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant eventTime = day.plus(i * 37L, ChronoUnit.MICROS);
      trades.add(Trade.newBuilder().setSymbol(symbol(i)).setExchange("CME")
          .setPrice(100 + random.nextInt(4000) * 0.25).setSize(1 + random.nextInt(20))
          .setSide(AggressorSide.values()[random.nextInt(3)]).setEventTime(eventTime)
          .setReceiveTime(eventTime.plus(417, ChronoUnit.MICROS)).setSequence(0).setSource(DataSource.LIVE)
          .build());
    }
    return trades;
  }

  /** A bar as a line of COPY text, columns in table order. */
  static String copyLine(Bar bar) {
    return String.join("\t", bar.getSymbol(), bar.getTimeframe(), time(bar.getWindowStart()),
        time(bar.getWindowEnd()), Double.toString(bar.getOpen()), Double.toString(bar.getHigh()),
        Double.toString(bar.getLow()), Double.toString(bar.getClose()), Long.toString(bar.getVolume()),
        Long.toString(bar.getBidVolume()), Long.toString(bar.getAskVolume()), Long.toString(bar.getTradeCount()),
        Double.toString(bar.getVwap()), time(bar.getFirstTradeTime()), time(bar.getLastTradeTime()),
        Boolean.toString(bar.getIsFinal()), Integer.toString(bar.getRevision())) + "\n";
  }

  /** A trade as a line of COPY text, columns in table order. */
  static String copyLine(Trade trade) {
    return String.join("\t", trade.getSymbol(), time(trade.getEventTime()), Double.toString(trade.getPrice()),
        Long.toString(trade.getSize()), trade.getSide().name(), Integer.toString(trade.getSequence()),
        trade.getExchange(), time(trade.getReceiveTime()), trade.getSource().name()) + "\n";
  }

  private static String time(Instant instant) {
    return COPY_TIME.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  private static String symbol(int i) {
    return "SYM" + (i % SYMBOLS);
  }
}
