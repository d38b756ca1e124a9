package io.tickflow.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.query.data.TradeView;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.topics.TickflowTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecentTradesTest {

  private static final Instant START = Instant.parse("2026-11-28T14:00:00Z");
  private static final AvroSerializer<Trade> SERIALIZER = new AvroSerializer<>(Trade.class);

  @Test
  void shouldKeepTheLatestTradesOfEachSymbolNewestFirst() {
    RecentTrades recent = new RecentTrades(3);
    IntStream.range(0, 5).forEach(i -> recent.add("ESZ26", trade("ESZ26", 6000 + i)));
    recent.add("NQZ26", trade("NQZ26", 21000));

    assertThat(prices(recent.newest("ESZ26", 10))).containsExactly(6004.0, 6003.0, 6002.0);
    assertThat(prices(recent.newest("ESZ26", 2))).containsExactly(6004.0, 6003.0);
    assertThat(prices(recent.newest("NQZ26", 10))).containsExactly(21000.0);
    assertThat(recent.newest("CLF27", 10)).isEmpty();
  }

  @Test
  void shouldKeepNothingWithCapacityZero() {
    RecentTrades recent = new RecentTrades(0);
    recent.add("ESZ26", trade("ESZ26", 6000));

    assertThat(recent.newest("ESZ26", 10)).isEmpty();
  }

  @Test
  void shouldLeaveAnUndecodableTradeOutOfTheAnswer() {
    RecentTrades recent = new RecentTrades(3);
    recent.add("ESZ26", trade("ESZ26", 6000));
    recent.add("ESZ26", "not avro".getBytes(StandardCharsets.UTF_8));
    recent.add("ESZ26", trade("ESZ26", 6001));

    assertThat(prices(recent.newest("ESZ26", 10))).containsExactly(6001.0, 6000.0);
  }

  private static byte[] trade(String symbol, double price) {
    Instant at = START.plusMillis((long) price);
    return SERIALIZER.serialize(TickflowTopics.TRADES, new Trade(symbol, "CME", price, 1L, AggressorSide.ASK, at,
        at.plusMillis(1), 0, DataSource.LIVE));
  }

  private static List<Double> prices(List<TradeView> trades) {
    return trades.stream().map(TradeView::price).toList();
  }
}
