package io.tickflow.bench.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Many WebSocket clients (JDK), each following the one-minute bars of some symbols. For every live bar update
 * received it records, against the {@link RevisionLog}, the time since the broker appended the revision (the
 * end-to-end latency) and the time since the baseline consumer received it (what the query service adds).
 * Updates the baseline has not logged yet are matched at the end. Fields are picked from the message text without
 * a JSON parser, to keep the clients' own cost low.
 */
final class FanoutClients implements AutoCloseable {

  private final RevisionLog log;
  private final List<WebSocket> sockets = new ArrayList<>();
  private final Histogram endToEnd = new ConcurrentHistogram(3);
  private final Histogram added = new ConcurrentHistogram(3);
  private final Queue<Receipt> unmatched = new ConcurrentLinkedQueue<>();
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong conflated = new AtomicLong();
  private volatile boolean measuring;

  private FanoutClients(RevisionLog log) {
    this.log = log;
  }

  /**
   * Connects {@code clients} clients; client i follows {@code perClient} consecutive symbols from {@code i *
   * perClient}, wrapping around, so each symbol has about {@code clients * perClient / symbols} followers.
   */
  static FanoutClients connect(int port, int clients, int perClient, List<String> symbols, RevisionLog log) {
    FanoutClients fanout = new FanoutClients(log);
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      connecting.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
          fanout.new Listener()));
    }
    for (int i = 0; i < clients; i++) {
      WebSocket socket = connecting.get(i).join();
      fanout.sockets.add(socket);
      for (int j = 0; j < perClient; j++) {
        String symbol = symbols.get((i * perClient + j) % symbols.size());
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"" + symbol
            + "\",\"timeframe\":\"1m\"}", true).join();
      }
    }
    return fanout;
  }

  void measure(boolean on) {
    measuring = on;
  }

  /** Receipt minus broker append time, in ms, of every live bar update received while measuring. */
  Histogram endToEnd() {
    matchLate();
    return endToEnd;
  }

  /** Receipt minus the baseline consumer's receipt of the same revision, in ms (0 when the client was first). */
  Histogram added() {
    matchLate();
    return added;
  }

  long updates() {
    return updates.get();
  }

  /** Sum of the updates' {@code conflated} counts: revisions replaced before they were sent. */
  long conflated() {
    return conflated.get();
  }

  private synchronized void matchLate() {
    for (Receipt receipt = unmatched.poll(); receipt != null; receipt = unmatched.poll()) {
      RevisionLog.Times times = log.times(receipt.key());
      if (times != null) {
        record(times, receipt.millis());
      }
    }
  }

  private void onMessage(String text, long receipt) {
    if (!text.startsWith("{\"type\":\"update\"") || text.contains("\"closed\":true")) {
      return;
    }
    updates.incrementAndGet();
    conflated.addAndGet(Long.parseLong(field(text, "\"conflated\":", ',')));
    if (!measuring) {
      return;
    }
    String key = RevisionLog.key(field(text, "\"symbol\":\"", '"'), "1m", field(text, "\"start\":\"", '"'),
        Integer.parseInt(field(text, "\"revision\":", '}')));
    RevisionLog.Times times = log.times(key);
    if (times == null) {
      unmatched.add(new Receipt(key, receipt));
    } else {
      record(times, receipt);
    }
  }

  private void record(RevisionLog.Times times, long receipt) {
    endToEnd.recordValue(Math.max(0, receipt - times.appended()));
    added.recordValue(Math.max(0, receipt - times.received()));
  }

  private static String field(String text, String prefix, char end) {
    int from = text.indexOf(prefix) + prefix.length();
    return text.substring(from, text.indexOf(end, from));
  }

  @Override
  public void close() {
    sockets.forEach(WebSocket::abort);
  }

  /** An update received before the baseline logged its revision. */
  private record Receipt(String key, long millis) {
  }

  /** One client's listener: whole messages only, one at a time. */
  private final class Listener implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        onMessage(partial.toString(), System.currentTimeMillis());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
