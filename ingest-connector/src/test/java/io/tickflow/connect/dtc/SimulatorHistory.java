package io.tickflow.connect.dtc;

import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.client.AggressorSide;
import io.tickflow.dtc.client.DtcClient;
import io.tickflow.dtc.client.DtcClientConfig;
import io.tickflow.dtc.client.DtcClientListener;
import io.tickflow.dtc.client.MarketDataAdapter;
import io.tickflow.dtc.client.MarketDataListener;
import io.tickflow.dtc.client.MarketEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the simulator streamed, asked of the simulator itself: its historical ticks are exactly the trades it sent,
 * so they are the reference the connector's output is compared with.
 */
public final class SimulatorHistory {

  private SimulatorHistory() {
  }

  /** Every trade the simulator streamed for the symbol from a time on, in the order it streamed them. */
  public static List<MarketEvents.HistoricalTick> ticks(int port, String symbol, String exchange, long fromMicros,
                                                 Duration timeout) {
    final List<MarketEvents.HistoricalTick> ticks = new ArrayList<>();
    final AtomicBoolean done = new AtomicBoolean();
    try (DtcClient client = new DtcClient(DtcClientConfig.of("127.0.0.1", port), new DtcClientListener() { })) {
      final MarketDataAdapter adapter = new MarketDataAdapter(client, new MarketDataListener() {
        @Override
        public void onHistoricalTick(MarketEvents.HistoricalTick tick) {
          ticks.add(tick);
          done.compareAndSet(false, tick.finalRecord());
        }

        @Override
        public void onHistoricalEnd(int requestId, String reason) {
          done.set(true);
        }

        @Override
        public void onHistoricalComplete(int requestId) {
          done.set(true);
        }
      });
      client.start();
      client.requestHistoricalTicks(symbol, exchange, fromMicros);
      await().atMost(timeout).until(() -> {
        client.poll(adapter, 100_000);
        return done.get();
      });
    }
    return ticks;
  }

  /**
   * The trades before {@code endMicros} as identities, numbered by the documented rule (earlier trades of the same
   * time): what the Streams app's deduplication keys a trade by.
   */
  public static Set<String> expectedIdentities(String symbol, List<MarketEvents.HistoricalTick> sent,
                                               long endMicros) {
    final Map<Long, Integer> perTime = new HashMap<>();
    final Set<String> identities = new HashSet<>();
    for (final MarketEvents.HistoricalTick tick : sent) {
      final int sequence = perTime.merge(tick.eventTimeMicros(), 1, Integer::sum) - 1;
      if (tick.eventTimeMicros() < endMicros) {
        identities.add(identity(symbol, tick.eventTimeMicros(), tick.price(), Math.round(tick.volume()),
            tick.side() == AggressorSide.BUY ? "ASK" : tick.side() == AggressorSide.SELL ? "BID" : "UNKNOWN",
            sequence));
      }
    }
    return identities;
  }

  public static String identity(String symbol, long eventTime, double price, long size, String side, int seq) {
    return symbol + "|" + eventTime + "|" + price + "|" + size + "|" + side + "|" + seq;
  }
}
