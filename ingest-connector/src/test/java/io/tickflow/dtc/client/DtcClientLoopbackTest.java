package io.tickflow.dtc.client;

import static io.tickflow.dtc.client.LoopbackServer.bytes;
import static io.tickflow.dtc.client.LoopbackServer.encodingResponse;
import static io.tickflow.dtc.client.LoopbackServer.json;
import static io.tickflow.dtc.client.LoopbackServer.logonResponse;
import static io.tickflow.dtc.client.LoopbackServer.scratch;
import static io.tickflow.dtc.client.LoopbackServer.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRecordResponse;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataFeedStatus;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.MarketDepthRequest;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The client against a server the test drives byte by byte over loopback: what a real server or a flaky link
 * sends and the simulator does not. Reconnect behaviour is in {@link DtcClientReconnectTest}.
 */
class DtcClientLoopbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private LoopbackServer server;
  private DtcClient client;
  private Consumer consumer;
  private long symbolId;

  @AfterEach
  void tearDown() throws Exception {
    if (consumer != null) {
      consumer.closeWith(client);
    }
    server.close();
  }

  /** A client with a 1 s heartbeat, subscribed to ESZ6, connecting to a fresh loopback server. */
  private void start(DtcEncoding encoding) throws IOException {
    start(encoding, DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
  }

  private void start(DtcEncoding encoding, int queueCapacity) throws IOException {
    server = new LoopbackServer();
    consumer = new Consumer();
    client = new DtcClient(DtcClientConfig.of("127.0.0.1", server.port()).withEncoding(encoding)
        .withHeartbeatInterval(Duration.ofSeconds(1)).withReconnect(Duration.ofMillis(10), Duration.ofMillis(50))
        .withQueueCapacity(queueCapacity), consumer);
    consumer.start(client);
    symbolId = client.subscribe("ESZ6", "CME", 0);
    client.start();
  }

  @Test
  void shouldDeliverTheTradeWhenTheServerWritesItOneByteAtATime() throws IOException {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();

    server.writeByteByByte(trade(symbolId, 5000.25));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.trades.get(0).price()).isEqualTo(5000.25);
    assertThat(consumer.trades.get(0).eventTimeMicros()).isEqualTo(1_700_000_000_250_000L);
  }

  @Test
  void shouldSayHowMuchOfTheFrameWasLostWhenTheServerClosesInTheMiddleOfIt() throws IOException {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();

    server.write(Arrays.copyOf(trade(symbolId, 5000.25), 12)).hangUp();

    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() == 1);
    assertThat(consumer.disconnects.get(0))
        .isEqualTo("connection closed by the server in the middle of a frame (12 bytes not decoded)");
    server.acceptAndLogOn();
    server.write(trade(symbolId, 5000.5));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.trades.get(0).price()).isEqualTo(5000.5);
  }

  @Test
  void shouldDeliverAKnownMessageWhenANewerServerSendsItFarLongerThanItsStruct() throws IOException {
    start(DtcEncoding.BINARY, 1 << 18);
    server.acceptAndLogOn();

    // A trade with 40000 bytes of fields this client does not know: more than a 256 KiB ring takes in one message.
    final byte[] longTrade = Arrays.copyOf(trade(symbolId, 5000.25), 40_000);
    longTrade[0] = (byte) 40_000;
    longTrade[1] = (byte) (40_000 >> 8);
    server.write(longTrade).write(trade(symbolId, 5000.5));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 2);
    assertThat(consumer.trades).extracting(MarketEvents.Trade::price).containsExactly(5000.25, 5000.5);
    assertThat(consumer.disconnects).isEmpty();
  }

  /** A server of a newer protocol version may send a type this client lacks for every trade: said once, by type. */
  @Test
  void shouldWarnOncePerUnknownTypeAndGoOn() throws IOException {
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    final Logger connectionLog = (Logger) LoggerFactory.getLogger(DtcConnection.class);
    connectionLog.addAppender(logged);
    try {
      start(DtcEncoding.BINARY);
      server.acceptAndLogOn();

      server.write(unknown(950, 40)).write(unknown(950, 40)).write(unknown(951, 12)).write(unknown(950, 40))
          .write(trade(symbolId, 5000.25));

      await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    } finally {
      connectionLog.detachAppender(logged);
    }
    assertThat(client.metrics().unknownMessages()).isEqualTo(4);
    assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            first -> assertThat(first).startsWith("Skipped a DTC message of type 950 from ").contains("(40 bytes)"),
            second -> assertThat(second).startsWith("Skipped a DTC message of type 951 from "));
  }

  private static byte[] unknown(int type, int size) {
    final byte[] frame = new byte[size];
    frame[0] = (byte) size;
    frame[2] = (byte) type;
    frame[3] = (byte) (type >> 8);
    return frame;
  }

  @Test
  void shouldCloseWithAClearReasonWhenTheServerGrantsAnEncodingTheProtocolDoesNotDefine() throws IOException {
    start(DtcEncoding.JSON);
    server.accept().readUntil(EncodingRequest.TYPE);

    server.write(encodingResponse(99));

    await().atMost(TIMEOUT).until(() -> !consumer.disconnects.isEmpty());
    assertThat(consumer.disconnects.get(0)).isEqualTo("server granted encoding 99, which DTC does not define");
  }

  @Test
  void shouldLogOnInBinaryWhenTheServerGrantsBinaryInsteadOfJson() throws IOException {
    start(DtcEncoding.JSON);
    server.accept().readUntil(EncodingRequest.TYPE);

    server.write(encodingResponse(DtcEncoding.BINARY.code())).readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome")).readUntil(MarketDataRequest.TYPE);
    server.write(trade(symbolId, 5000.25));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
  }

  @Test
  void shouldSkipAndCountAMalformedJsonMessageAndKeepTheConnection() throws IOException {
    start(DtcEncoding.JSON);
    server.accept().readUntil(EncodingRequest.TYPE);
    server.write(encodingResponse(DtcEncoding.JSON.code()))
        .write(json("{\"Type\":2,\"Result\":1,\"ServerName\":\"loopback\"}"));

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

  @Test
  void shouldGiveUpTheConnectionWhenTheServerHeartbeatsButNeverAnswersTheLogon() throws Exception {
    start(DtcEncoding.BINARY);
    server.accept().readUntil(LogonRequest.TYPE);
    final byte[] heartbeat = bytes(new Heartbeat().wrapForEncode(scratch(), 0));

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
    server.accept().readUntil(LogonRequest.TYPE);

    server.write(logonResponse(LogonResult.ERROR, "too many connections"));

    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() == 1);
    assertThat(consumer.disconnects.get(0)).isEqualTo("logon refused (result 2): too many connections");
    assertThat(client.failure()).isEmpty();
    server.acceptAndLogOn();
    server.write(trade(symbolId, 5000.25));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
  }

  @Test
  void shouldPublishTheSnapshotsBestBidAndAskWithUnsetValuesAsNull() throws IOException {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();

    server.write(bytes(new MarketDataSnapshot().wrapForEncode(scratch(), 0).symbolId(symbolId)));
    server.write(bytes(new MarketDataSnapshot().wrapForEncode(scratch(), 0).symbolId(symbolId).bidPrice(5000.25)
        .askPrice(5000.5).askQuantity(12).bidAskDateTime(LoopbackServer.TRADE_SECONDS)));

    await().atMost(TIMEOUT).until(() -> !consumer.quotes.isEmpty());
    assertThat(consumer.quotes).containsExactly(new MarketEvents.Quote(symbolId, "ESZ6", "CME", 5000.25, null,
        5000.5, 12.0, 1_700_000_000_250_000L));
  }

  @Test
  void shouldCountTheMessagesTheServerSaysItDropped() throws IOException {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();

    for (long dropped : new long[] {5, 0, 3}) {
      server.write(bytes(new Heartbeat().wrapForEncode(scratch(), 0).numDroppedMessages(dropped)));
    }

    await().atMost(TIMEOUT).until(() -> client.metrics().serverDroppedMessages() == 8);
  }

  @Test
  void shouldResubscribeWhenTheFeedIsBackAndTheServerAskedForIt() throws IOException {
    start(DtcEncoding.BINARY);
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(bytes(new LogonResponse().wrapForEncode(scratch(), 0).result(LogonResult.SUCCESS)
        .resubscribeWhenMarketDataFeedAvailable(1))).readUntil(MarketDataRequest.TYPE);

    server.write(feedStatus(MarketDataFeedStatus.UNAVAILABLE)).write(feedStatus(MarketDataFeedStatus.AVAILABLE));

    server.readUntil(MarketDataRequest.TYPE);
    server.write(trade(symbolId, 5000.25));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
  }

  private static byte[] feedStatus(int status) {
    return bytes(new MarketDataFeedStatus().wrapForEncode(scratch(), 0).status(status));
  }

  @Test
  void shouldTakeRecordResponsesAsTicksWhenTheServerAnswersATickRequestWithThem() throws IOException {
    start(DtcEncoding.BINARY);
    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", 1_700_000_000_000_000L);
    server.acceptAndLogOn();
    server.readUntil(HistoricalPriceDataRequest.TYPE);

    // One-trade records as Sierra Chart keeps ticks: the price in LastPrice, the side in where the volume went;
    // StartDateTime in microseconds, or seconds from an older server.
    server.write(bytes(new HistoricalPriceDataResponseHeader().wrapForEncode(scratch(), 0).requestId(requestId)))
        .write(bytes(tickRecord(requestId, 1_700_000_000_250_000L, 5000.25, 0, 3).isFinalRecord(0)))
        .write(bytes(tickRecord(requestId, 1_700_000_001L, 5000.0, 2, 0).isFinalRecord(1)));

    await().atMost(TIMEOUT).until(() -> consumer.history.size() == 2);
    assertThat(consumer.history).containsExactly(
        new MarketEvents.HistoricalTick(requestId, "ESZ6", "CME", 5000.25, 3, AggressorSide.BUY,
            1_700_000_000_250_000L, false),
        new MarketEvents.HistoricalTick(requestId, "ESZ6", "CME", 5000.0, 2, AggressorSide.SELL,
            1_700_000_001_000_000L, true));
  }

  private static HistoricalPriceDataRecordResponse tickRecord(int requestId, long startDateTime, double price,
      double bidVolume, double askVolume) {
    return new HistoricalPriceDataRecordResponse().wrapForEncode(scratch(), 0).requestId(requestId)
        .startDateTime(startDateTime).openPrice(0).highPrice(price + 0.25).lowPrice(price).lastPrice(price)
        .volume(bidVolume + askVolume).numTrades(1).bidVolume(bidVolume).askVolume(askVolume);
  }

  @Test
  void shouldRefuseAHistoricalRequestAtOnceWhenTheServerSaysItServesNoHistory() throws IOException {
    start(DtcEncoding.BINARY);
    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", 1_700_000_000_000_000L);
    server.accept().readUntil(LogonRequest.TYPE);

    server.write(bytes(new LogonResponse().wrapForEncode(scratch(), 0).result(LogonResult.SUCCESS)
        .historicalPriceDataSupported(0)));

    await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
    assertThat(consumer.historyEnds).containsExactly(requestId + ": rejected: the server does not serve historical"
        + " data (LOGON_RESPONSE HistoricalPriceDataSupported = 0)");
    client.requestSecurityDefinition("ESZ6", "CME");
    assertThat(server.readTypesUntil(SecurityDefinitionForSymbolRequest.TYPE)).contains(MarketDataRequest.TYPE)
        .doesNotContain(HistoricalPriceDataRequest.TYPE);
  }

  @Test
  void shouldKeepTheTradesOfASymbolWhoseDepthWasRejectedAcrossAReconnect() throws IOException {
    start(DtcEncoding.BINARY);
    final long withDepth = client.subscribe("NQZ6", "CME", 10);
    server.acceptAndLogOn();
    server.readUntil(MarketDepthRequest.TYPE);

    server.write(bytes(new MarketDepthReject().wrapForEncode(scratch(), 0).symbolId(withDepth)
        .rejectText("no depth for you")));
    await().atMost(TIMEOUT).until(() -> consumer.rejections.size() == 1);
    server.hangUp();
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome"));

    // Both symbols' market data again, and no depth: the server refused only that.
    assertThat(List.of(server.readMessage(), server.readMessage())).extracting(LoopbackServer::type)
        .containsExactly(MarketDataRequest.TYPE, MarketDataRequest.TYPE);
    assertThat(server.readFrame()).as("then the heartbeat, no depth request").isEqualTo(Heartbeat.TYPE);
    server.write(trade(withDepth, 5000.25));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.rejections).containsExactly("NQZ6: depth: no depth for you");
    assertThat(client.rejection(withDepth)).as("the symbol itself was not rejected").isEmpty();
  }

  @Test
  void shouldKeepItsEncodingWhenTheServerSendsAnEncodingResponseItDidNotAskFor() throws IOException {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();

    server.write(encodingResponse(DtcEncoding.JSON.code())).write(trade(symbolId, 5000.25));

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(client.metrics().malformedMessages()).isZero();
  }

  @Test
  void shouldFindTheServerDeadWhenItTricklesBytesThatNeverMakeAMessage() throws Exception {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();
    final byte[] endless = new byte[1000]; // a frame of an unknown type, sent slower than it could ever end
    endless[0] = (byte) 0xE8;
    endless[1] = 0x03;
    endless[2] = 0x0F;
    endless[3] = 0x27;

    final long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int i = 0; i < endless.length && consumer.disconnects.isEmpty() && System.nanoTime() < deadline; i++) {
      server.writeAfterAFatalFrame(new byte[] {endless[i]}, new Random(i));
      Thread.sleep(200); // the trickle's pace: bytes keep coming, messages never
    }

    assertThat(consumer.disconnects).first()
        .isEqualTo("no message from the server for 2 s (twice the heartbeat interval): peer presumed dead");
  }

  @Test
  void shouldIgnoreARepeatedLogonResponse() throws IOException {
    start(DtcEncoding.BINARY);
    server.acceptAndLogOn();

    server.write(logonResponse(LogonResult.SUCCESS, "welcome again")).write(trade(symbolId, 5000.25));

    // The trade comes after the repeated response: once it is here, that response was handled.
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() == 1);
    assertThat(consumer.logons).extracting(LogonResult::text).containsExactly("welcome");
    assertThat(client.metrics().messages(LogonResponse.TYPE)).as("not handed to the poller either").isEqualTo(1);
  }
}
