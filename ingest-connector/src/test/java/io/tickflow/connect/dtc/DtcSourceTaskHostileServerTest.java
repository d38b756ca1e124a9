package io.tickflow.connect.dtc;

import static io.tickflow.dtc.client.LoopbackServer.bytes;
import static io.tickflow.dtc.client.LoopbackServer.encodingResponse;
import static io.tickflow.dtc.client.LoopbackServer.inEncoding;
import static io.tickflow.dtc.client.LoopbackServer.logonResponse;
import static io.tickflow.dtc.client.LoopbackServer.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.FakeTaskContext;
import io.tickflow.dtc.client.LogonResult;
import io.tickflow.dtc.client.LoopbackServer;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded model test of the task against a hostile server scripted over loopback, on one thread that plays the
 * server and the worker in turn. The server keeps the full history of its feed and answers every historical request
 * from it; it sends live trades mixed with unknown types, malformed JSON and heartbeats in chunks cut at random
 * bytes, refuses logons, rejects one symbol, and ends sessions at random: a clean close, a frame cut short, a bad
 * frame followed by trades the client never reads, a historical answer cut off, or silence; trades also happen
 * between sessions. The model: after deduplication by identity (symbol, event time, price, size, side, sequence) the
 * task published every trade of the feed exactly once, numbered as the feed numbers them; the rejected symbol has a
 * dead letter and nothing else; every bad input is counted; the task never fails.
 */
class DtcSourceTaskHostileServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long START_MICROS = 1_700_000_000_000_000L;
  private static final List<String> SYMBOLS = List.of("ESZ6", "NQZ6", "CLF7");
  private static final String REJECTED = "CLF7";
  private static final int SESSIONS = 8;
  /** The record's side for each AtBidOrAsk: a trade at the bid was seller-initiated (BID), one at the ask ASK. */
  private static final List<String> SIDES = List.of("UNKNOWN", "BID", "ASK");

  private final FakeTaskContext context = new FakeTaskContext();
  private final DtcSourceTask task = new DtcSourceTask();
  private final LoopbackServer server = newServer();
  /** Every trade of the feed per symbol, in the order it happened: what the history answers from. */
  private final Map<String, List<Trade>> feed = new LinkedHashMap<>();
  private final Map<String, Long> symbolIds = new HashMap<>();
  private final Deque<byte[]> requests = new ArrayDeque<>();
  private final Set<String> published = new HashSet<>();
  private final List<SourceRecord> deadLetters = new ArrayList<>();
  private Random random;
  private DtcEncoding clientEncoding;
  /** The current session's encoding: a JSON client may be granted binary. */
  private DtcEncoding encoding;
  private long nowMicros = START_MICROS;
  private int nextPrice;
  private long unknown;
  private long malformed;
  private long protocolErrors;

  /** One trade of the feed; the price is unique, so it names the trade. */
  /** @param atBidOrAsk DTC's AtBidOrAsk: 0 unset, 1 at the bid (a sell), 2 at the ask (a buy) */
  private record Trade(long micros, double price, int size, int atBidOrAsk) {
  }

  @AfterEach
  void tearDown() throws IOException {
    task.stop();
    server.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void shouldPublishEveryTradeOfTheFeedOnceAfterDeduplication(long seed) throws Exception {
    start(seed);

    for (int session = 0; session < SESSIONS; session++) {
      if (logOn(session > 0 && random.nextInt(5) == 0)) {
        if (session == 0) {
          send(new MarketDataReject().wrapForEncode(scratch(), 0).symbolId(symbolIds.get(REJECTED))
              .rejectText("not licensed"));
        }
        runSession();
      }
      for (int i = random.nextInt(5); i > 0; i--) {
        happen(liveSymbol()); // while the client is away: only the history has them
      }
    }
    logOn(false);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      serve();
      assertThat(published).as("trades published, deduplicated").containsExactlyInAnyOrderElementsOf(expected());
    });

    assertThat(deadLetters).extracting(r -> ((Struct) r.value()).getString("reasonCode"))
        .containsExactly("symbol_rejected");
    assertThat(context.metric("unknown-messages-total")).as("unknown messages").isEqualTo(unknown);
    assertThat(context.metric("malformed-messages-total")).as("malformed JSON messages").isEqualTo(malformed);
    assertThat(context.metric("protocol-errors-total")).as("protocol errors").isEqualTo(protocolErrors);
    assertThat(context.metric("backfill-failures-total")).as("every backfill answered").isZero();
  }

  @Test
  void shouldCountAndDropTheMarketDataOfASymbolIdItNeverSubscribed() throws IOException {
    start(1);
    logOn(false);

    checkDroppedAndCounted(symbolIds.values().stream().mapToLong(Long::longValue).max().orElseThrow() + 1);
  }

  @Test
  void shouldCountAndDropTheMarketDataOfASymbolTheServerRejected() throws IOException {
    start(1);
    logOn(false);
    final long rejectedId = symbolIds.get(REJECTED);
    send(new MarketDataReject().wrapForEncode(scratch(), 0).symbolId(rejectedId).rejectText("not licensed"));

    checkDroppedAndCounted(rejectedId);
  }

  /** Sends a trade and a quote of {@code symbolId}, then a subscribed symbol's trade: only the last is published. */
  private void checkDroppedAndCounted(long symbolId) throws IOException {
    send(new MarketDataUpdateTrade().wrapForEncode(scratch(), 0).symbolId(symbolId).price(4000).volume(1)
        .dateTime(START_MICROS / 1e6));
    send(new MarketDataUpdateBidAsk().wrapForEncode(scratch(), 0).symbolId(symbolId).bidPrice(4000)
        .askPrice(4000.25));
    writeInChunks(liveTrade());

    // The subscribed symbol's trade came last: once it is published, the others were handled.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      serve();
      assertThat(published).hasSize(1);
    });
    assertThat(context.metric("unknown-symbol-messages-total")).isEqualTo(2);
  }

  private void start(long seed) {
    random = new Random(seed);
    clientEncoding = seed % 2 == 0 ? DtcEncoding.BINARY : DtcEncoding.JSON;
    SYMBOLS.forEach(symbol -> feed.put(symbol, new ArrayList<>()));
    task.initialize(context);
    task.start(Map.of("dtc.host", "127.0.0.1", "dtc.port", Integer.toString(server.port()),
        "dtc.encoding", clientEncoding.name().toLowerCase(), "symbols", "ESZ6@CME,NQZ6@CME,CLF7@CME",
        "heartbeat.interval.seconds", "1", "reconnect.backoff.ms", "10", "reconnect.backoff.max.ms", "50",
        "backfill.timeout.ms", "3600000", "poll.interval.ms", "1",
        // A symbol's first backfill reaches back to the feed's start: trades before the first live trade the task
        // received (lost to a fault, or while it was away) are in the model too.
        "backfill.lookback.ms", "3600000"));
  }

  /**
   * Accepts the next connection and logs it on (a JSON client is granted JSON, or sometimes binary), or refuses the
   * logon, or hangs up instead of answering it.
   *
   * @return whether it is logged on
   */
  private boolean logOn(boolean troubled) throws IOException {
    server.accept();
    encoding = DtcEncoding.BINARY;
    if (clientEncoding == DtcEncoding.JSON) {
      server.readUntil(EncodingRequest.TYPE);
      if (random.nextInt(4) > 0) {
        encoding = DtcEncoding.JSON;
        server.write(encodingResponse(DtcEncoding.JSON.code())).readJson();
      } else {
        server.write(encodingResponse(DtcEncoding.BINARY.code()));
      }
    }
    server.readUntil(LogonRequest.TYPE);
    if (troubled && random.nextBoolean()) {
      server.write(inEncoding(encoding, logonResponse(LogonResult.ERROR, "busy")));
      server.awaitClientClose();
      return false;
    }
    if (troubled) {
      server.hangUpAfterWrites();
      return false;
    }
    server.write(inEncoding(encoding, logonResponse(LogonResult.SUCCESS, "welcome")));
    final Set<String> subscribed = new HashSet<>();
    while (subscribed.size() < (symbolIds.containsKey(REJECTED) ? SYMBOLS.size() - 1 : SYMBOLS.size())) {
      final byte[] message = server.readMessage();
      if (LoopbackServer.type(message) == MarketDataRequest.TYPE) {
        final MarketDataRequest request = new MarketDataRequest().wrap(new UnsafeBuffer(message), 0, message.length);
        symbolIds.put(request.symbol(), request.symbolId());
        subscribed.add(request.symbol());
      } else {
        requests.add(message);
      }
    }
    return true;
  }

  private void runSession() throws IOException {
    for (int step = random.nextInt(30); step > 0; step--) {
      final int choice = random.nextInt(10);
      if (choice < 5) {
        final ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          burst.write(liveTrade());
        }
        writeInChunks(burst.toByteArray());
      } else if (choice < 7) {
        junk();
      } else {
        serve();
      }
    }
    endSession();
  }

  /** An unknown type, malformed JSON or a heartbeat: each counted or ignored, never fatal. */
  private void junk() throws IOException {
    final int choice = random.nextInt(3);
    if (choice == 0 && encoding == DtcEncoding.JSON) {
      writeInChunks(LoopbackServer.json("{\"Type\":107,\"SymbolID\":1,\"Price\":\"n/a\"}"));
      malformed++;
    } else if (choice == 1) {
      writeInChunks(encoding == DtcEncoding.JSON ? LoopbackServer.json("{\"Type\":9999,\"X\":[1]}")
          : new byte[] {8, 0, 0x0F, 0x27, 1, 2, 3, 4});
      unknown++;
    } else {
      send(new Heartbeat().wrapForEncode(scratch(), 0).currentDateTime(nowMicros / 1_000_000));
    }
  }

  private void endSession() throws IOException {
    final int choice = random.nextInt(5);
    if (choice == 0) {
      server.hangUpAfterWrites();
    } else if (choice == 1) {
      final byte[] cut = liveTrade();
      writeInChunks(Arrays.copyOf(cut, 1 + random.nextInt(cut.length - 2)));
      server.hangUpAfterWrites();
    } else if (choice == 2) {
      final ByteArrayOutputStream fatal = new ByteArrayOutputStream();
      fatal.write(encoding == DtcEncoding.JSON ? endlessJson() : new byte[] {2, 0, 107, 0});
      protocolErrors++;
      // The feed goes on, but the client reads none of it: only the next backfill can bring these.
      fatal.write(liveTrade());
      server.writeAfterAFatalFrame(fatal.toByteArray(), random);
      server.awaitClientClose();
    } else if (choice == 3) {
      work();
      answerRequests(true); // a disconnect during the historical download
      server.hangUpAfterWrites();
    } else {
      serve();
      server.awaitClientClose(); // silent: the client finds the server dead after two heartbeats
    }
  }

  private byte[] endlessJson() {
    final byte[] endless = new byte[0x10000 + random.nextInt(100)];
    Arrays.fill(endless, (byte) ' ');
    endless[0] = '{';
    return endless;
  }

  /** A trade of the feed now; the clock moves on 0 to 300 ms first, so some trades share their time. */
  private Trade happen(String symbol) {
    nowMicros += 1000L * random.nextInt(301);
    final Trade trade = new Trade(nowMicros, 4000 + 0.25 * nextPrice++, 1 + random.nextInt(5), random.nextInt(3));
    feed.get(symbol).add(trade);
    return trade;
  }

  private String liveSymbol() {
    final List<String> live = SYMBOLS.stream().filter(symbol -> !symbol.equals(REJECTED)).toList();
    return live.get(random.nextInt(live.size()));
  }

  /** A trade of the feed now, sent live. */
  private byte[] liveTrade() {
    final String symbol = liveSymbol();
    final Trade trade = happen(symbol);
    return inEncoding(encoding, bytes(new MarketDataUpdateTrade().wrapForEncode(scratch(), 0)
        .symbolId(symbolIds.get(symbol)).price(trade.price()).volume(trade.size())
        .atBidOrAsk(trade.atBidOrAsk()).dateTime(trade.micros() / 1e6)));
  }

  /** Plays the worker, then the server answering what the client asked for. */
  private void serve() throws IOException {
    work();
    answerRequests(false);
  }

  /** A few polls, their records committed, as the worker would. */
  private void work() {
    for (int i = 0; i < 5; i++) {
      final List<SourceRecord> batch = pollTask();
      if (batch != null) {
        batch.forEach(this::collect);
        context.commit(batch);
      }
    }
  }

  /** @param cut stop each answer before its final record */
  private void answerRequests(boolean cut) throws IOException {
    requests.addAll(server.readAvailable());
    while (!requests.isEmpty()) {
      final byte[] request = requests.poll();
      if (LoopbackServer.type(request) == HistoricalPriceDataRequest.TYPE) {
        answer(new HistoricalPriceDataRequest().wrap(new UnsafeBuffer(request), 0, request.length), cut);
      }
    }
  }

  private List<SourceRecord> pollTask() {
    try {
      return task.poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Answers a historical request from the feed, in full or cut off before its final record. */
  private void answer(HistoricalPriceDataRequest request, boolean cut) throws IOException {
    final List<Trade> ticks = feed.get(request.symbol()).stream()
        .filter(trade -> trade.micros() >= request.startDateTime() * 1_000_000L).toList();
    final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    answer.write(inEncoding(encoding, bytes(new HistoricalPriceDataResponseHeader().wrapForEncode(scratch(), 0)
        .requestId(request.requestId()).noRecordsToReturn(ticks.isEmpty() ? 1 : 0))));
    final int count = cut ? random.nextInt(Math.max(1, ticks.size())) : ticks.size();
    for (int i = 0; i < count; i++) {
      final Trade trade = ticks.get(i);
      answer.write(inEncoding(encoding, bytes(new HistoricalPriceDataTickRecordResponse().wrapForEncode(scratch(), 0)
          .requestId(request.requestId()).dateTime(trade.micros() / 1e6).atBidOrAsk(trade.atBidOrAsk())
          .price(trade.price()).volume(trade.size()).isFinalRecord(i == ticks.size() - 1 ? 1 : 0))));
    }
    writeInChunks(answer.toByteArray());
  }

  private void collect(SourceRecord record) {
    final Struct value = (Struct) record.value();
    if (record.topic().equals("tickflow.dead-letter")) {
      deadLetters.add(record);
    } else if (record.topic().equals("tickflow.raw.trades")) {
      published.add(identity(value.getString("symbol"), value.getInt64("eventTime"), value.getFloat64("price"),
          value.getInt64("size"), value.getString("side"), value.getInt32("sequence")));
    }
  }

  /** Every trade of the feed, numbered as the feed numbers trades of one event time. */
  private Set<String> expected() {
    final Set<String> identities = new HashSet<>();
    feed.forEach((symbol, trades) -> {
      final Map<Long, Integer> sameTime = new HashMap<>();
      for (Trade trade : trades) {
        identities.add(identity(symbol, trade.micros(), trade.price(), trade.size(), SIDES.get(trade.atBidOrAsk()),
            sameTime.merge(trade.micros(), 1, Integer::sum) - 1));
      }
    });
    return identities;
  }

  private static String identity(String symbol, long micros, double price, long size, String side, int sequence) {
    return symbol + " " + micros + " " + price + " x" + size + " " + side + " #" + sequence;
  }

  private void send(DtcFlyweight<?> message) throws IOException {
    writeInChunks(inEncoding(encoding, bytes(message)));
  }

  private void writeInChunks(byte[] bytes) throws IOException {
    server.writeInPieces(bytes, random);
  }

  private static LoopbackServer newServer() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
