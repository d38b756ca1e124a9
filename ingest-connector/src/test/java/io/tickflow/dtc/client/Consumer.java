package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.DtcCodecException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/** Polls a client on its own thread into lists, and records the session events, for client-vs-simulator tests. */
final class Consumer implements MarketDataListener, DtcClientListener, AutoCloseable {
  final List<MarketEvents.Trade> trades = new CopyOnWriteArrayList<>();
  final List<MarketEvents.Quote> quotes = new CopyOnWriteArrayList<>();
  final List<MarketEvents.Depth> depth = new CopyOnWriteArrayList<>();
  final List<MarketEvents.SecurityDefinition> definitions = new CopyOnWriteArrayList<>();
  final List<MarketEvents.HistoricalTick> history = new CopyOnWriteArrayList<>();
  final List<String> historyEnds = new CopyOnWriteArrayList<>();
  /** RequestIDs of the trailers received. */
  final List<Integer> historyCompletions = new CopyOnWriteArrayList<>();
  final List<String> rejections = new CopyOnWriteArrayList<>();
  final List<String> disconnects = new CopyOnWriteArrayList<>();
  final List<DtcCodecException> protocolErrors = new CopyOnWriteArrayList<>();
  final List<LogonResult> logons = new CopyOnWriteArrayList<>();
  private volatile boolean polling = true;
  private volatile boolean stopped;
  private Thread thread;

  void start(DtcClient client) {
    final MarketDataAdapter adapter = new MarketDataAdapter(client, this);
    thread = new Thread(() -> {
      while (!stopped) {
        if (!polling || client.poll(adapter, 1000) == 0) {
          LockSupport.parkNanos(100_000); // idle strategy of the poll loop, not a timing wait
        }
      }
    }, "dtc-test-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Pretends to be a slow consumer: stops polling until {@link #resumePolling()}. */
  void pausePolling() {
    polling = false;
  }

  void resumePolling() {
    polling = true;
  }

  @Override
  public void onTrade(MarketEvents.Trade trade) {
    trades.add(trade);
  }

  @Override
  public void onQuote(MarketEvents.Quote quote) {
    quotes.add(quote);
  }

  @Override
  public void onDepth(MarketEvents.Depth level) {
    depth.add(level);
  }

  @Override
  public void onSecurityDefinition(MarketEvents.SecurityDefinition definition) {
    definitions.add(definition);
  }

  @Override
  public void onHistoricalTick(MarketEvents.HistoricalTick tick) {
    history.add(tick);
  }

  @Override
  public void onHistoricalEnd(int requestId, String reason) {
    historyEnds.add(requestId + ": " + reason);
  }

  @Override
  public void onHistoricalComplete(int requestId) {
    historyCompletions.add(requestId);
  }

  @Override
  public void onSymbolRejected(long symbolId, String symbol, String reason) {
    rejections.add(symbol + ": " + reason);
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {
    disconnects.add(reason);
  }

  @Override
  public void onProtocolError(DtcCodecException error) {
    protocolErrors.add(error);
  }

  @Override
  public void onLoggedOn(LogonResult result) {
    logons.add(result);
  }

  long tradesOf(String symbol) {
    return trades.stream().filter(t -> t.symbol().equals(symbol)).count();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join();
  }

  /** Stops polling, then closes the client it polled: a test's tear-down. */
  void closeWith(DtcClient client) throws InterruptedException {
    close();
    client.close();
  }
}
