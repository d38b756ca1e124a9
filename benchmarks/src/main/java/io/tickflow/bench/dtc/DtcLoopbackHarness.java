package io.tickflow.bench.dtc;

import io.tickflow.dtc.client.DtcClient;
import io.tickflow.dtc.client.DtcClientConfig;
import io.tickflow.dtc.client.DtcClientListener;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeWithUnbundledIndicator2;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Client + simulator over loopback, simulator unthrottled: how many trades per second reach the polling thread.
 * Args: [seconds to measure, default 10] [FULL|COMPACT|MICROS, default FULL]. Prints one line per second and a
 * summary; the target is 1,000,000 trades/s.
 */
public final class DtcLoopbackHarness {
  private static final long TARGET_TRADES_PER_SECOND = 1_000_000;
  private static final int WARMUP_SECONDS = 3;

  private long trades;
  private long messages;

  private DtcLoopbackHarness() {
  }

  public static void main(String[] args) {
    final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    final SimulatorConfig.WireFormat format = args.length > 1
        ? SimulatorConfig.WireFormat.valueOf(args[1].toUpperCase(Locale.ROOT)) : SimulatorConfig.WireFormat.FULL;
    new DtcLoopbackHarness().run(seconds, format);
  }

  private void run(int seconds, SimulatorConfig.WireFormat format) {
    final SimulatorConfig config = SimulatorConfig.defaults(1, 1_700_000_000_000_000L).withRate(0)
        .withFormat(format).withHistoryCapacity(0);
    try (DtcSimulator simulator = new DtcSimulator(config)) {
      final int port = simulator.start();
      try (DtcClient client = new DtcClient(DtcClientConfig.of("127.0.0.1", port), new DtcClientListener() { })) {
        client.start();
        Instrument.defaults().forEach(i -> client.subscribe(i.symbol(), i.exchange(), 0));
        measure(client, seconds, format);
      }
    }
  }

  private void measure(DtcClient client, int seconds, SimulatorConfig.WireFormat format) {
    long windowStart = System.nanoTime();
    long windowTrades = 0;
    long measuredTrades = 0;
    long measuredMessages = 0;
    long bytesAtStart = 0;
    long measureStart = 0;
    for (int second = -WARMUP_SECONDS; second < seconds; ) {
      if (client.poll(this::count, 4096) == 0) {
        LockSupport.parkNanos(10_000);
      }
      final long now = System.nanoTime();
      if (now - windowStart >= 1_000_000_000L) {
        final double rate = (trades - windowTrades) * 1e9 / (now - windowStart);
        System.out.printf(Locale.ROOT, "%s %2d  %,.0f trades/s%n", second < 0 ? "warmup " : "measure", second,
            rate);
        windowStart = now;
        windowTrades = trades;
        if (++second == 0) {
          measureStart = now;
          measuredTrades = trades;
          measuredMessages = messages;
          bytesAtStart = client.metrics().bytesReceived();
        }
      }
    }
    final double elapsed = (System.nanoTime() - measureStart) / 1e9;
    final double tradesPerSecond = (trades - measuredTrades) / elapsed;
    System.out.printf(Locale.ROOT, "format %s: %,.0f trades/s, %,.0f messages/s, %.1f MB/s, %.2fx the %,d "
            + "trades/s target; read pauses (backpressure) %d%n", format, tradesPerSecond,
        (messages - measuredMessages) / elapsed, (client.metrics().bytesReceived() - bytesAtStart) / elapsed / 1e6,
        tradesPerSecond / TARGET_TRADES_PER_SECOND, TARGET_TRADES_PER_SECOND, client.metrics().readPauses());
  }

  private void count(int type, org.agrona.DirectBuffer buffer, int offset, int length) {
    messages++;
    if (type == MarketDataUpdateTrade.TYPE || type == MarketDataUpdateTradeCompact.TYPE
        || type == MarketDataUpdateTradeWithUnbundledIndicator2.TYPE || type == MarketDataUpdateTradeV2.TYPE) {
      trades++;
    }
  }
}
