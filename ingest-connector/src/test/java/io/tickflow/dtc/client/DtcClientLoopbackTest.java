package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.EncodingResponse;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataFeedStatus;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a server the test drives byte by byte over loopback: the faults a real server or a flaky
 * link produce and the simulator does not.
 */
class DtcClientLoopbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final double TRADE_SECONDS = 1_700_000_000.25;

  private LoopbackServer server;
  private DtcClient client;
  private Consumer consumer;

  @AfterEach
  void tearDown() throws Exception {
    if (consumer != null) {
      consumer.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(DtcEncoding encoding) throws IOException {
    server = new LoopbackServer();
    start(DtcClientConfig.of("127.0.0.1", server.port()).withEncoding(encoding)
        .withHeartbeatInterval(Duration.ofSeconds(1)).withReconnect(Duration.ofMillis(10), Duration.ofMillis(50)));
  }

  private void start(DtcClientConfig config) {
    consumer = new Consumer();
    client = new DtcClient(config, consumer);
    consumer.start(client);
    client.start();
  }

  /** Accepts the next connection, answers its binary logon and waits for the subscription. */
  private void acceptAndLogOn() throws IOException {
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome"));
    server.readUntil(MarketDataRequest.TYPE);
  }

  private static byte[] logonResponse(int result, String text) {
    return LoopbackServer.bytes(new LogonResponse().wrapForEncode(LoopbackServer.scratch(), 0).result(result)
        .resultText(text).serverName("loopback"));
  }

  private static byte[] trade(long symbolId, double price) {
    return LoopbackServer.bytes(new MarketDataUpdateTrade().wrapForEncode(LoopbackServer.scratch(), 0)
        .symbolId(symbolId).price(price).volume(2).atBidOrAsk(2).dateTime(TRADE_SECONDS));
  }

  @Test
  void shouldDeliverTheTradeWhenTheServerWritesItOneByteAtATime() throws IOException {
    start(DtcEncoding.BINARY);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    acceptAndLogOn();

    server.writeByteByByte(trade(symbolId, 5000.25));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.trades.get(0).price()).isEqualTo(5000.25);
    assertThat(consumer.trades.get(0).eventTimeMicros()).isEqualTo(1_700_000_000_250_000L);
  }

  @Test
  void shouldSayHowMuchOfTheFrameWasLostWhenTheServerClosesInTheMiddleOfIt() throws IOException {
    start(DtcEncoding.BINARY);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    acceptAndLogOn();

    server.write(Arrays.copyOf(trade(symbolId, 5000.25), 12)).hangUp();

    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() == 1);
    assertThat(consumer.disconnects.get(0))
        .isEqualTo("connection closed by the server in the middle of a frame (12 bytes not decoded)");
    acceptAndLogOn();
    server.write(trade(symbolId, 5000.5));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.trades.get(0).price()).isEqualTo(5000.5);
  }

  @Test
  void shouldCloseWithAClearReasonWhenTheServerGrantsAnEncodingTheProtocolDoesNotDefine() throws IOException {
    start(DtcEncoding.JSON);
    server.accept().readUntil(EncodingRequest.TYPE);

    server.write(LoopbackServer.bytes(new EncodingResponse().wrapForEncode(LoopbackServer.scratch(), 0)
        .encoding(99)));

    await().atMost(TIMEOUT).until(() -> !consumer.disconnects.isEmpty());
    assertThat(consumer.disconnects.get(0)).isEqualTo("server granted encoding 99, which DTC does not define");
  }

  @Test
  void shouldLogOnInBinaryWhenTheServerGrantsBinaryInsteadOfJson() throws IOException {
    start(DtcEncoding.JSON);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    server.accept().readUntil(EncodingRequest.TYPE);

    server.write(LoopbackServer.bytes(new EncodingResponse().wrapForEncode(LoopbackServer.scratch(), 0)
        .encoding(DtcEncoding.BINARY.code())));
    server.readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome"));
    server.readUntil(MarketDataRequest.TYPE);
    server.write(trade(symbolId, 5000.25));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
  }

  @Test
  void shouldGiveUpTheConnectionWhenTheServerHeartbeatsButNeverAnswersTheLogon() throws Exception {
    start(DtcEncoding.BINARY);
    server.accept().readUntil(LogonRequest.TYPE);
    final byte[] heartbeat = LoopbackServer.bytes(new Heartbeat().wrapForEncode(LoopbackServer.scratch(), 0));

    final long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (consumer.disconnects.isEmpty() && System.nanoTime() < deadline) {
      server.write(heartbeat);
      Thread.sleep(200); // the server's heartbeat pace: the connection is never idle
    }

    assertThat(consumer.disconnects).first().isEqualTo("no LOGON_RESPONSE within 2 s (twice the heartbeat interval)");
  }

  @Test
  void shouldRetryWhenTheLogonIsRefusedAndStreamOnceItIsAccepted() throws IOException {
    start(DtcEncoding.BINARY);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    server.accept().readUntil(LogonRequest.TYPE);

    server.write(logonResponse(LogonResult.ERROR, "too many connections"));

    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() == 1);
    assertThat(consumer.disconnects.get(0)).isEqualTo("logon refused (result 2): too many connections");
    assertThat(client.failure()).isEmpty();
    acceptAndLogOn();
    server.write(trade(symbolId, 5000.25));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
  }

  @Test
  void shouldBackOffAndKeepItsThreadsWhenTheServerIsDown() throws Exception {
    final int threadsBefore = Thread.activeCount();
    final long startNanos = System.nanoTime();
    start(DtcClientConfig.of("127.0.0.1", closedPort()).withReconnect(Duration.ofMillis(10), Duration.ofMillis(50)));

    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() >= 2);
    final int threadsWhileRetrying = Thread.activeCount();
    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() >= 40);

    // Delays are at least 5 + 10 + 20 + 37 x 25 ms: a busy loop would get there far sooner.
    assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isGreaterThan(Duration.ofMillis(960));
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsWhileRetrying);
    assertThat(consumer.disconnects).allSatisfy(reason -> assertThat(reason).startsWith("connect to 127.0.0.1:"));
    consumer.close();
    consumer = null;
    client.close();
    await().atMost(TIMEOUT).until(() -> Thread.activeCount() <= threadsBefore);
  }

  @Test
  void shouldCloseAtOnceWhenWaitingToReconnect() throws IOException {
    start(DtcClientConfig.of("127.0.0.1", closedPort()).withReconnect(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() == 1);

    final long startNanos = System.nanoTime();
    client.close();

    assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void shouldCloseAtOnceWhileTheServerIsStillAcceptingTheConnection() throws IOException {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         SocketChannel first = backlogFiller(full.getLocalPort());
         SocketChannel second = backlogFiller(full.getLocalPort());
         SocketChannel third = backlogFiller(full.getLocalPort())) {
      start(DtcClientConfig.of("127.0.0.1", full.getLocalPort()));
      await().pollDelay(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> true);
      assertThat(consumer.disconnects).isEmpty(); // still connecting: the listen backlog is full

      final long startNanos = System.nanoTime();
      client.close();

      assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(1));
    }
  }

  private static SocketChannel backlogFiller(int port) throws IOException {
    final SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return channel;
  }

  /** A loopback port nobody listens on: connecting is refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldSkipAndCountAMalformedJsonMessageAndKeepTheConnection() throws IOException {
    start(DtcEncoding.JSON);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    server.accept().readUntil(EncodingRequest.TYPE);
    server.write(LoopbackServer.bytes(new EncodingResponse().wrapForEncode(LoopbackServer.scratch(), 0)
        .encoding(DtcEncoding.JSON.code())));
    server.write(json("{\"Type\":2,\"Result\":1,\"ServerName\":\"loopback\"}"));

    server.write(json("{\"Type\":107,\"SymbolID\":" + symbolId + ",\"Price\":\"n/a\"}"))
        .write(json("{\"Type\":107,"))
        .write(json("{\"Type\":107,\"SymbolID\":" + symbolId + ",\"Price\":5000.25,\"Volume\":1,"
            + "\"DateTime\":1700000000.25}"));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.trades.get(0).price()).isEqualTo(5000.25);
    assertThat(client.metrics().malformedMessages()).isEqualTo(2);
    assertThat(client.metrics().protocolErrors()).isZero();
    assertThat(consumer.disconnects).isEmpty();
  }

  private static byte[] json(String message) {
    return (message + "\0").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPublishTheSnapshotsBestBidAndAskWithUnsetValuesAsNull() throws IOException {
    start(DtcEncoding.BINARY);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    acceptAndLogOn();

    server.write(LoopbackServer.bytes(new MarketDataSnapshot().wrapForEncode(LoopbackServer.scratch(), 0)
        .symbolId(symbolId)));
    server.write(LoopbackServer.bytes(new MarketDataSnapshot().wrapForEncode(LoopbackServer.scratch(), 0)
        .symbolId(symbolId).bidPrice(5000.25).askPrice(5000.5).askQuantity(12).bidAskDateTime(TRADE_SECONDS)));

    await().atMost(TIMEOUT).until(() -> !consumer.quotes.isEmpty());
    assertThat(consumer.quotes).containsExactly(new MarketEvents.Quote(symbolId, "ESZ6", "CME", 5000.25, null,
        5000.5, 12.0, 1_700_000_000_250_000L));
  }

  @Test
  void shouldKeepBackingOffWhenTheServerDropsEverySessionRightAfterTheLogon() throws IOException {
    server = new LoopbackServer();
    start(DtcClientConfig.of("127.0.0.1", server.port()).withReconnect(Duration.ofMillis(100),
        Duration.ofSeconds(10)));
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome")).hangUp();
    final long firstDropNanos = System.nanoTime();

    for (int i = 0; i < 5; i++) {
      server.accept().readUntil(LogonRequest.TYPE);
      server.write(logonResponse(LogonResult.SUCCESS, "welcome")).hangUp();
    }

    // Five delays of at least 50, 100, 200, 400 and 800 ms: a flapping session is not a stable one.
    assertThat(Duration.ofNanos(System.nanoTime() - firstDropNanos)).isGreaterThan(Duration.ofMillis(1550));
  }

  @Test
  void shouldCountTheMessagesTheServerSaysItDropped() throws IOException {
    start(DtcEncoding.BINARY);
    client.subscribe("ESZ6", "CME", 0);
    acceptAndLogOn();

    for (long dropped : new long[] {5, 0, 3}) {
      server.write(LoopbackServer.bytes(new Heartbeat().wrapForEncode(LoopbackServer.scratch(), 0)
          .numDroppedMessages(dropped)));
    }

    await().atMost(TIMEOUT).until(() -> client.metrics().serverDroppedMessages() == 8);
  }

  @Test
  void shouldDeliverAKnownMessageWhenANewerServerSendsItFarLongerThanItsStruct() throws IOException {
    server = new LoopbackServer();
    start(DtcClientConfig.of("127.0.0.1", server.port()).withQueueCapacity(1 << 18));
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    acceptAndLogOn();

    // A trade with 40000 bytes of fields this client does not know: more than a 256 KiB ring takes in one message.
    final byte[] longTrade = Arrays.copyOf(trade(symbolId, 5000.25), 40_000);
    longTrade[0] = (byte) 40_000;
    longTrade[1] = (byte) (40_000 >> 8);
    server.write(longTrade).write(trade(symbolId, 5000.5));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 2);
    assertThat(consumer.trades).extracting(MarketEvents.Trade::price).containsExactly(5000.25, 5000.5);
    assertThat(consumer.disconnects).isEmpty();
  }

  @Test
  void shouldResubscribeWhenTheFeedIsBackAndTheServerAskedForIt() throws IOException {
    start(DtcEncoding.BINARY);
    final long symbolId = client.subscribe("ESZ6", "CME", 0);
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(LoopbackServer.bytes(new LogonResponse().wrapForEncode(LoopbackServer.scratch(), 0)
        .result(LogonResult.SUCCESS).resubscribeWhenMarketDataFeedAvailable(1)));
    server.readUntil(MarketDataRequest.TYPE);

    server.write(feedStatus(1)).write(feedStatus(2));

    server.readUntil(MarketDataRequest.TYPE);
    server.write(trade(symbolId, 5000.25));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
  }

  private static byte[] feedStatus(int status) {
    return LoopbackServer.bytes(new MarketDataFeedStatus().wrapForEncode(LoopbackServer.scratch(), 0)
        .status(status));
  }

  @Test
  void shouldNotSendACancelledRequestAgainAfterAReconnect() throws IOException {
    start(DtcEncoding.BINARY);
    client.subscribe("ESZ6", "CME", 0);
    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", 1_700_000_000_000_000L);
    acceptAndLogOn();
    server.readUntil(HistoricalPriceDataRequest.TYPE);

    client.cancelRequest(requestId);
    server.hangUp();
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome"));
    await().atMost(TIMEOUT).until(client::isLoggedOn);
    client.requestSecurityDefinition("ESZ6", "CME");

    final List<Integer> sent = new ArrayList<>();
    for (int type = server.readFrame(); type != SecurityDefinitionForSymbolRequest.TYPE; type = server.readFrame()) {
      sent.add(type);
    }
    assertThat(sent).containsExactly(MarketDataRequest.TYPE);
  }
}
