package io.tickflow.dtc.client;

import static io.tickflow.dtc.client.LoopbackServer.bytes;
import static io.tickflow.dtc.client.LoopbackServer.logonResponse;
import static io.tickflow.dtc.client.LoopbackServer.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reconnecting over loopback: backoff, threads, a prompt close, what is sent again. */
class DtcClientReconnectTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private LoopbackServer server;
  private DtcClient client;
  private Consumer consumer;

  @AfterEach
  void tearDown() throws Exception {
    if (consumer != null) {
      consumer.closeWith(client);
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(int port, Duration reconnectMin, Duration reconnectMax) {
    consumer = new Consumer();
    client = new DtcClient(DtcClientConfig.of("127.0.0.1", port).withReconnect(reconnectMin, reconnectMax),
        consumer);
    consumer.start(client);
    client.start();
  }

  @Test
  void shouldBackOffAndKeepItsThreadsWhenTheServerIsDown() throws Exception {
    final long threadsBefore = networkThreads();
    final long startNanos = System.nanoTime();
    start(closedPort(), Duration.ofMillis(10), Duration.ofMillis(50));

    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() >= 2);
    final long threadsWhileRetrying = networkThreads();
    await().atMost(TIMEOUT).until(() -> consumer.disconnects.size() >= 40);

    // Delays are at least 5 + 10 + 20 + 37 x 25 ms: a busy loop would get there far sooner.
    assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isGreaterThan(Duration.ofMillis(960));
    assertThat(networkThreads()).isLessThanOrEqualTo(threadsWhileRetrying);
    assertThat(consumer.disconnects).allSatisfy(reason -> assertThat(reason).startsWith("connect to 127.0.0.1:"));
    consumer.closeWith(client);
    consumer = null;
    await().atMost(TIMEOUT).until(() -> networkThreads() <= threadsBefore);
  }

  /** Live Netty event-loop threads (earlier tests' may still be ending: the count only falls). */
  private static long networkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("multiThreadIoEventLoopGroup")).count();
  }

  @Test
  void shouldKeepBackingOffWhenTheServerDropsEverySessionRightAfterTheLogon() throws IOException {
    server = new LoopbackServer();
    start(server.port(), Duration.ofMillis(100), Duration.ofSeconds(10));
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
  void shouldCloseAtOnceWhenWaitingToReconnect() throws IOException {
    start(closedPort(), Duration.ofMinutes(1), Duration.ofMinutes(1));
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
      start(full.getLocalPort(), Duration.ofMillis(100), Duration.ofSeconds(1));
      await().pollDelay(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> true);
      assertThat(consumer.disconnects).isEmpty(); // still connecting: the listen backlog is full

      final long startNanos = System.nanoTime();
      client.close();

      assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void shouldNotSendAForgottenRequestAgainAfterAReconnect() throws IOException {
    server = new LoopbackServer();
    start(server.port(), Duration.ofMillis(10), Duration.ofMillis(50));
    client.subscribe("ESZ6", "CME", 0);
    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", 1_700_000_000_000_000L);
    server.acceptAndLogOn();
    server.readUntil(HistoricalPriceDataRequest.TYPE);

    client.forgetRequest(requestId);
    assertThat(client.request(requestId)).isNull();
    server.hangUp();
    server.accept().readUntil(LogonRequest.TYPE);
    server.write(logonResponse(LogonResult.SUCCESS, "welcome"));
    await().atMost(TIMEOUT).until(client::isLoggedOn);
    client.requestSecurityDefinition("ESZ6", "CME");

    assertThat(server.readTypesUntil(SecurityDefinitionForSymbolRequest.TYPE)).contains(MarketDataRequest.TYPE)
        .doesNotContain(HistoricalPriceDataRequest.TYPE);
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
  void shouldGoBackToTheConfiguredServerWhenTheOneItWasRedirectedToIsLost() throws IOException {
    server = new LoopbackServer();
    try (LoopbackServer other = new LoopbackServer()) {
      start(server.port(), Duration.ofMillis(10), Duration.ofMillis(50));
      client.subscribe("ESZ6", "CME", 0);
      server.accept().readUntil(LogonRequest.TYPE);
      server.write(bytes(new LogonResponse().wrapForEncode(scratch(), 0)
          .result(LogonResult.RECONNECT_NEW_ADDRESS).reconnectAddress("127.0.0.1:" + other.port())));
      other.acceptAndLogOn();

      other.hangUp();

      // The redirect held for one connection: the configured server decides again where to go.
      server.acceptAndLogOn();
    }
  }
}
