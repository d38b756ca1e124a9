package io.tickflow.dtc.client;

import static io.tickflow.dtc.client.LoopbackServer.bytes;
import static io.tickflow.dtc.client.LoopbackServer.encodingResponse;
import static io.tickflow.dtc.client.LoopbackServer.logonResponse;
import static io.tickflow.dtc.client.LoopbackServer.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.message.DtcMessages;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.EncodingResponse;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.MarketDepthRequest;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded model test of the client against a hostile server scripted over loopback: each session the server
 * picks at random how the encoding and the logon go (granted, another encoding, refused, cut), then sends valid
 * trades, quotes, depth and historical ticks mixed with unknown types, malformed JSON, heartbeats and rejects, in
 * chunks cut at random bytes, and ends the session at random: a clean close, a frame cut short, a Size out of range,
 * or silence. The model checks that every valid message sent before the session's end reached the consumer once and
 * in order per symbol, that the client asked again for what it still wanted (each live symbol, depth unless
 * rejected, an unfinished history), and that every bad input was counted and every disconnect had its documented
 * reason. The client takes no clock: the dead-peer detection runs on its 1 s heartbeat.
 */
class DtcClientHostileServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  /** Below the uint16 ceiling, so that a Size above the maximum can be sent. */
  private static final int MAX_FRAME = 4096;
  private static final int SESSIONS = 10;
  private static final String CLOSED = "connection closed by the server";
  private static final long SECONDS = 1_700_000_000L;
  private static final List<String> MALFORMED_JSON = List.of("not json", "[1,2]", "{\"Type\":\"x\"}",
      "{\"Type\":107,\"SymbolID\":1,\"Price\":\"n/a\"}", "{\"Type\":107,\"Price\":[1]}", "{\"Type\":107,",
      "{\"Type\":108,\"BidPrice\":{\"a\":1}}");

  private final LoopbackServer server = newServer();
  private final Consumer consumer = new Consumer();
  /** SymbolID to depth levels asked, in subscription order. */
  private final Map<Long, Integer> depthLevels = new LinkedHashMap<>();
  private final Set<Long> rejected = new HashSet<>();
  private final Set<Long> depthRejected = new HashSet<>();
  /** The prices the consumer must get, per SymbolID and kind ("1 trade", "0 tick" for the history), in order. */
  private final Map<String, List<Double>> expected = new TreeMap<>();
  private final List<String> expectedDisconnects = new ArrayList<>();
  private final List<String> expectedRejections = new ArrayList<>();
  private Random random;
  private DtcClient client;
  private int historyRequest;
  private boolean historyComplete;
  private int nextPrice;
  private long unknown;
  private long malformed;
  private long protocolErrors;

  @AfterEach
  void tearDown() throws Exception {
    consumer.closeWith(client);
    server.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void shouldDeliverEveryValidMessageOnceAndAccountForEveryBadOne(long seed) throws Exception {
    random = new Random(seed);
    // Not random.nextBoolean(): the first draw of nearby seeds is the same.
    final DtcEncoding encoding = seed % 2 == 0 ? DtcEncoding.BINARY : DtcEncoding.JSON;
    client = new DtcClient(new DtcClientConfig("127.0.0.1", server.port(), "", "", "model", HEARTBEAT, encoding,
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5), MAX_FRAME,
        DtcClientConfig.DEFAULT_QUEUE_CAPACITY, "127.0.0.1", DtcClientConfig.NO_HISTORICAL_SERVER), consumer);
    consumer.start(client);
    for (String symbol : List.of("ESZ6", "NQZ6", "CLF7")) {
      final int levels = symbol.equals("CLF7") ? 0 : 5;
      depthLevels.put(client.subscribe(symbol, "CME", levels), levels);
    }
    historyRequest = client.requestHistoricalTicks("ESZ6", "CME", SECONDS * 1_000_000L);
    client.start();

    for (int session = 0; session < SESSIONS; session++) {
      runSession(encoding);
      await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() == expectedDisconnects.size());
    }
    logOn(encoding);
    assertSubscriptionsAsked(true);

    await().atMost(TIMEOUT).until(() -> delivered().equals(expected));
    assertThat(consumer.disconnects).hasSameSizeAs(expectedDisconnects);
    for (int i = 0; i < expectedDisconnects.size(); i++) {
      assertThat(consumer.disconnects.get(i)).as("disconnect %d", i).matches(expectedDisconnects.get(i));
    }
    assertThat(consumer.rejections).isEqualTo(expectedRejections);
    assertThat(client.metrics().unknownMessages()).as("unknown messages").isEqualTo(unknown);
    assertThat(client.metrics().malformedMessages()).as("malformed JSON messages").isEqualTo(malformed);
    assertThat(client.metrics().protocolErrors()).as("protocol errors").isEqualTo(protocolErrors);
    assertThat(consumer.protocolErrors).hasSize((int) protocolErrors);
    assertThat(client.metrics().connects()).as("one connection per session: no reconnect storm")
        .isEqualTo(SESSIONS + 1);
    assertThat(client.failure()).isEmpty();
  }

  /** One connection, from the encoding to its random end. */
  private void runSession(DtcEncoding clientEncoding) throws IOException, InterruptedException {
    final DtcEncoding sessionEncoding;
    server.accept();
    if (clientEncoding == DtcEncoding.JSON) {
      server.readUntil(EncodingRequest.TYPE);
      final int choice = random.nextInt(10);
      if (choice == 0) {
        hangUp(CLOSED);
        return;
      }
      if (choice == 1) {
        server.write(encodingResponse(DtcEncoding.JSON_COMPACT.code()));
        clientCloses("server granted encoding JSON_COMPACT, which this client does not decode");
        return;
      }
      sessionEncoding = grant(choice < 4 ? DtcEncoding.BINARY : DtcEncoding.JSON);
    } else {
      sessionEncoding = DtcEncoding.BINARY;
    }
    server.readUntil(LogonRequest.TYPE);
    final int choice = random.nextInt(10);
    if (choice == 0) {
      hangUp(CLOSED);
      return;
    }
    if (choice == 1) {
      server.write(encode(sessionEncoding, logonResponse(LogonResult.ERROR, "busy")));
      clientCloses("logon refused (result 2): busy");
      return;
    }
    server.write(encode(sessionEncoding, logonResponse(LogonResult.SUCCESS, "welcome")));
    final boolean historyAsked = assertSubscriptionsAsked(false);
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    sendBody(sessionEncoding, historyAsked, stream);
    endSession(sessionEncoding, stream);
  }

  private DtcEncoding grant(DtcEncoding encoding) throws IOException {
    server.write(encodingResponse(encoding.code()));
    if (encoding == DtcEncoding.JSON) {
      server.readJson();
    }
    return encoding;
  }

  /** A session that goes well, for the final checks. */
  private void logOn(DtcEncoding clientEncoding) throws IOException {
    server.accept();
    if (clientEncoding == DtcEncoding.JSON) {
      server.readUntil(EncodingRequest.TYPE);
      grant(DtcEncoding.JSON);
    }
    server.readUntil(LogonRequest.TYPE);
    server.write(encode(clientEncoding, logonResponse(LogonResult.SUCCESS, "welcome")));
  }

  /**
   * Reads what the client sends after the logon (all at once, before its first heartbeat): every symbol not
   * rejected, its depth unless rejected, the history while it is not complete.
   *
   * @param untilHeartbeat read up to the heartbeat, so that nothing asked for too much goes unseen (1 s)
   * @return whether the history was asked for
   */
  private boolean assertSubscriptionsAsked(boolean untilHeartbeat) throws IOException {
    final Set<String> wanted = new HashSet<>();
    depthLevels.forEach((symbolId, levels) -> {
      if (!rejected.contains(symbolId)) {
        wanted.add("market data " + symbolId);
        if (levels > 0 && !depthRejected.contains(symbolId)) {
          wanted.add("depth " + symbolId);
        }
      }
    });
    if (!historyComplete) {
      wanted.add("history " + historyRequest);
    }
    final Set<String> asked = new HashSet<>();
    while (untilHeartbeat || !asked.equals(wanted)) {
      final byte[] message = server.readMessage();
      if (LoopbackServer.type(message) == Heartbeat.TYPE) {
        break;
      }
      asked.add(describeRequest(message));
    }
    assertThat(asked).as("what the client asks for after its logon").isEqualTo(wanted);
    return !historyComplete;
  }

  private static String describeRequest(byte[] message) {
    final UnsafeBuffer buffer = new UnsafeBuffer(message);
    switch (LoopbackServer.type(message)) {
      case MarketDataRequest.TYPE:
        return "market data " + new MarketDataRequest().wrap(buffer, 0, message.length).symbolId();
      case MarketDepthRequest.TYPE:
        return "depth " + new MarketDepthRequest().wrap(buffer, 0, message.length).symbolId();
      case HistoricalPriceDataRequest.TYPE:
        return "history " + new HistoricalPriceDataRequest().wrap(buffer, 0, message.length).requestId();
      default:
        return "type " + LoopbackServer.type(message);
    }
  }

  /** Valid market data mixed with what the client must skip and count, written in random chunks. */
  private void sendBody(DtcEncoding encoding, boolean historyAsked, ByteArrayOutputStream stream)
      throws IOException {
    final int events = random.nextInt(40);
    boolean historyStarted = false;
    for (int i = 0; i < events; i++) {
      final int choice = random.nextInt(40);
      if (choice < 24) {
        marketData(encoding, stream);
      } else if (choice < 28) {
        unknownType(encoding, stream);
      } else if (choice < 32 && encoding == DtcEncoding.JSON) {
        stream.write(LoopbackServer.json(MALFORMED_JSON.get(random.nextInt(MALFORMED_JSON.size()))));
        malformed++;
      } else if (choice < 35) {
        message(encoding, new Heartbeat().wrapForEncode(scratch(), 0).currentDateTime(SECONDS), stream);
      } else if (choice == 35) {
        reject(encoding, stream);
      } else if (choice == 36) {
        // Not asked for: ignored, the encoding stays.
        message(encoding, new EncodingResponse().wrapForEncode(scratch(), 0).encoding(random.nextInt(5)), stream);
      } else if (historyAsked && !historyComplete) {
        if (!historyStarted) {
          message(encoding, new HistoricalPriceDataResponseHeader().wrapForEncode(scratch(), 0)
              .requestId(historyRequest), stream);
          historyStarted = true;
        }
        historyComplete = random.nextInt(4) == 0;
        final double price = price();
        message(encoding, new HistoricalPriceDataTickRecordResponse().wrapForEncode(scratch(), 0)
            .requestId(historyRequest).dateTime(SECONDS).atBidOrAsk(1).price(price).volume(1)
            .isFinalRecord(historyComplete ? 1 : 0), stream);
        expect(0, "tick", price);
      }
    }
    writeInChunks(stream.toByteArray());
  }

  private void marketData(DtcEncoding encoding, ByteArrayOutputStream stream) throws IOException {
    final List<Long> live = depthLevels.keySet().stream().filter(id -> !rejected.contains(id)).toList();
    final long symbolId = live.get(random.nextInt(live.size()));
    final double price = price();
    final int kind = random.nextInt(4);
    if (kind == 0) {
      message(encoding, new MarketDataUpdateTrade().wrapForEncode(scratch(), 0).symbolId(symbolId).price(price)
          .volume(1).atBidOrAsk(2).dateTime(SECONDS), stream);
      expect(symbolId, "trade", price);
    } else if (kind == 1) {
      message(encoding, new MarketDataUpdateTradeCompact().wrapForEncode(scratch(), 0).symbolId(symbolId)
          .price((float) price).volume(1).atBidOrAsk(1).dateTime(SECONDS), stream);
      expect(symbolId, "trade", price);
    } else if (kind == 2 || depthLevels.get(symbolId) == 0 || depthRejected.contains(symbolId)) {
      message(encoding, new MarketDataUpdateBidAsk().wrapForEncode(scratch(), 0).symbolId(symbolId).bidPrice(price)
          .bidQuantity(1).askPrice(price + 0.25).askQuantity(1).dateTime(SECONDS), stream);
      expect(symbolId, "quote", price);
    } else {
      message(encoding, new MarketDepthUpdateLevel().wrapForEncode(scratch(), 0).symbolId(symbolId).side(1)
          .price(price).quantity(3).updateType(1).dateTime(SECONDS).numOrders(1), stream);
      expect(symbolId, "depth", price);
    }
  }

  /** A price no other message has, exact in a float. */
  private double price() {
    return 4000 + 0.25 * nextPrice++;
  }

  private void unknownType(DtcEncoding encoding, ByteArrayOutputStream stream) throws IOException {
    unknown++;
    if (encoding == DtcEncoding.JSON) {
      stream.write(LoopbackServer.json("{\"Type\":9999,\"Levels\":[1,{\"a\":\"b\"}],\"Text\":\"x\"}"));
      return;
    }
    final byte[] frame = new byte[4 + random.nextInt(200)];
    random.nextBytes(frame);
    int type = random.nextInt(0x10000);
    while (DtcMessages.isKnown(type)) {
      type = random.nextInt(0x10000);
    }
    frame[0] = (byte) frame.length;
    frame[1] = (byte) (frame.length >> 8);
    frame[2] = (byte) type;
    frame[3] = (byte) (type >> 8);
    stream.write(frame);
  }

  /** The market data or the depth of a symbol, refused for good; never all symbols. */
  private void reject(DtcEncoding encoding, ByteArrayOutputStream stream) throws IOException {
    final List<Long> live = depthLevels.keySet().stream().filter(id -> !rejected.contains(id)).toList();
    final long symbolId = live.get(random.nextInt(live.size()));
    final String symbol = client.subscription(symbolId).symbol();
    if (depthLevels.get(symbolId) > 0 && !depthRejected.contains(symbolId) && random.nextBoolean()) {
      message(encoding, new MarketDepthReject().wrapForEncode(scratch(), 0).symbolId(symbolId)
          .rejectText("no depth"), stream);
      depthRejected.add(symbolId);
      expectedRejections.add(symbol + ": depth: no depth");
    } else if (live.size() > 1) {
      message(encoding, new MarketDataReject().wrapForEncode(scratch(), 0).symbolId(symbolId)
          .rejectText("not licensed"), stream);
      rejected.add(symbolId);
      expectedRejections.add(symbol + ": not licensed");
    }
  }

  /** How the session ends, after the body was sent. */
  private void endSession(DtcEncoding encoding, ByteArrayOutputStream stream) throws IOException,
      InterruptedException {
    final int choice = random.nextInt(10);
    if (choice < 3) {
      hangUp(CLOSED);
    } else if (choice < 6) {
      final byte[] cut = encode(encoding, new MarketDataUpdateTrade().wrapForEncode(scratch(), 0).symbolId(1)
          .price(1).volume(1).dateTime(SECONDS));
      final int length = 1 + random.nextInt(cut.length - 2);
      writeInChunks(Arrays.copyOf(cut, length));
      hangUp(CLOSED + " in the middle of a frame (" + length + " bytes not decoded)");
    } else if (choice < 9) {
      stream.reset();
      stream.write(outOfRange(encoding));
      protocolErrors++;
      // Lost: the stream cannot be followed past a bad frame.
      message(encoding, new MarketDataUpdateTrade().wrapForEncode(scratch(), 0).symbolId(1).price(price())
          .volume(1).dateTime(SECONDS), stream);
      server.writeAfterAFatalFrame(stream.toByteArray(), random);
      server.awaitClientClose();
    } else {
      final long silentSince = System.nanoTime();
      if (random.nextBoolean()) {
        trickleUntilClosed(encoding);
      }
      server.awaitClientClose();
      expectedDisconnects.add(Pattern.quote("no message from the server for 2 s (twice the heartbeat interval): "
          + "peer presumed dead"));
      assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).as("a silent server found dead in time")
          .isLessThan(HEARTBEAT.multipliedBy(2).plusSeconds(2));
    }
  }

  /** Bytes of a message that never ends, slower than it could: alive by the byte, dead by the message. */
  private void trickleUntilClosed(DtcEncoding encoding) throws IOException, InterruptedException {
    final byte[] endless = encoding == DtcEncoding.JSON ? new byte[] {'{', ' '} : new byte[] {(byte) 0xE8, 3, 0x0F, 0x27};
    final int disconnectsBefore = consumer.disconnects.size();
    final long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int i = 0; consumer.disconnects.size() == disconnectsBefore && System.nanoTime() < deadline; i++) {
      server.writeAfterAFatalFrame(new byte[] {endless[Math.min(i, endless.length - 1)]}, random);
      Thread.sleep(200); // the trickle's pace
    }
  }

  /** A binary Size below the header or above the maximum, or a JSON message without its terminator. */
  private byte[] outOfRange(DtcEncoding encoding) {
    if (encoding == DtcEncoding.JSON) {
      final byte[] endless = new byte[MAX_FRAME + 1 + random.nextInt(100)];
      Arrays.fill(endless, (byte) ' ');
      endless[0] = '{';
      expectedDisconnects.add(Pattern.quote("protocol error: JSON message without terminator within the maximum "
          + "frame length " + MAX_FRAME + " (") + ".*");
      return endless;
    }
    final int size = random.nextBoolean() ? random.nextInt(4) : MAX_FRAME + 1 + random.nextInt(0xFFFF - MAX_FRAME);
    expectedDisconnects.add(Pattern.quote("protocol error: invalid size " + size
        + (size < 4 ? " below the header length 4 (" : " above the maximum frame length " + MAX_FRAME + " (")) + ".*");
    return new byte[] {(byte) size, (byte) (size >> 8), (byte) MarketDataUpdateTrade.TYPE, 0};
  }

  private void hangUp(String reason) throws IOException {
    server.hangUpAfterWrites();
    expectedDisconnects.add(Pattern.quote(reason));
  }

  private void clientCloses(String reason) throws IOException {
    server.awaitClientClose();
    expectedDisconnects.add(Pattern.quote(reason));
  }

  private void writeInChunks(byte[] bytes) throws IOException {
    server.writeInPieces(bytes, random);
  }

  private void message(DtcEncoding encoding, DtcFlyweight<?> message, ByteArrayOutputStream stream)
      throws IOException {
    stream.write(encode(encoding, message));
  }

  private static byte[] encode(DtcEncoding encoding, DtcFlyweight<?> message) {
    return encode(encoding, bytes(message));
  }

  private static byte[] encode(DtcEncoding encoding, byte[] binary) {
    return LoopbackServer.inEncoding(encoding, binary);
  }

  private void expect(long symbolId, String kind, double price) {
    add(expected, symbolId, kind, price);
  }

  /** What the consumer got, in the model's terms. */
  private Map<String, List<Double>> delivered() {
    final Map<String, List<Double>> got = new TreeMap<>();
    consumer.trades.forEach(trade -> add(got, trade.symbolId(), "trade", trade.price()));
    consumer.quotes.forEach(quote -> add(got, quote.symbolId(), "quote", quote.bidPrice()));
    consumer.depth.forEach(level -> add(got, level.symbolId(), "depth", level.price()));
    consumer.history.forEach(tick -> add(got, 0, "tick", tick.price()));
    return got;
  }

  private static void add(Map<String, List<Double>> events, long symbolId, String kind, double price) {
    events.computeIfAbsent(symbolId + " " + kind, key -> new ArrayList<>()).add(price);
  }

  private static LoopbackServer newServer() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
