package io.tickflow.dtc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.tickflow.dtc.codec.DtcCodecException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resilient DTC market-data client: one non-blocking connection on its own network thread, which logs on,
 * heartbeats, detects a silent peer, reconnects with exponential backoff and jitter and then re-subscribes every
 * symbol and re-sends every unfinished request.
 *
 * <p>With a separate historical data server ({@link DtcClientConfig#hasHistoricalServer()}), each historical
 * request is a {@link HistoricalFetch} on a connection of its own, started once the market-data session is logged on
 * (so the live subscription is active before the history is asked for); its answer reaches the same queue.
 *
 * <p>Received messages travel through a bounded queue to whoever calls {@link #poll} (one thread at a time, e.g. a
 * Connect task's {@code poll()}); when that thread falls behind, the client stops reading the socket instead of
 * buffering. Session events go to the {@link DtcClientListener} on the network thread. The other methods may be
 * called from any thread.
 */
public final class DtcClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DtcClient.class);
  /**
   * Historical fetches running at once; more wait their turn. A few in parallel fill the gaps of many symbols
   * after a reconnect well within the backfill timeout (which runs from the request, waiting included), without
   * opening a connection per symbol at once to a server that reads a file for each.
   */
  static final int MAX_PARALLEL_FETCHES = 4;

  private final DtcClientConfig config;
  private final DtcClientListener listener;
  private final DtcClientMetrics metrics = new DtcClientMetrics();
  /** One set for all historical fetches: each is a short connection, of interest only in sum. */
  private final DtcClientMetrics historicalMetrics = new DtcClientMetrics();
  private final MessageQueue queue;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop eventLoop = group.next();
  private final Backoff backoff;
  private final AtomicInteger nextSymbolId = new AtomicInteger();
  private final AtomicInteger nextRequestId = new AtomicInteger();
  private final Map<Long, Subscription> symbols = new ConcurrentHashMap<>();
  private final Map<Long, String> rejections = new ConcurrentHashMap<>();
  private final Map<Integer, DataRequest> requests = new ConcurrentHashMap<>();
  private final AtomicBoolean resumeScheduled = new AtomicBoolean();
  private final Runnable resumeTask = this::resumeReading;
  // Touched only on the network thread:
  private final Map<Long, Subscription> active = new LinkedHashMap<>();
  private final Map<Integer, DataRequest> outstanding = new LinkedHashMap<>();
  private final Deque<DataRequest> waitingFetches = new ArrayDeque<>();
  /** Written on the network thread; read by the poller, which resumes a fetch paused by a full queue. */
  private final Map<Integer, HistoricalFetch> fetches = new ConcurrentHashMap<>();
  /**
   * Failed fetches whose reject found the queue full, oldest first: queued on the network thread once the poller
   * has made room (the poller sees them here), else their consumers would wait for them until their own timeout.
   */
  private final Queue<HistoricalFetch> unqueuedRejects = new ConcurrentLinkedQueue<>();
  private final HistoricalFetch.Owner fetchOwner = new FetchOwner();
  private final ConnectionOwner marketData = new MarketDataSession();
  /** Server of the current (or last) connection attempt. */
  private String host;
  private int port;
  /** Where a LOGON_RESPONSE sent the client, for the next connection only; null when nowhere. */
  private String redirectHost;
  private int redirectPort;
  private volatile DtcConnection connection;
  private volatile DtcClientException failure;
  private volatile boolean closed;

  public DtcClient(DtcClientConfig config, DtcClientListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.queue = new MessageQueue(config.queueCapacity());
    this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(), new Random());
    this.host = config.host();
    this.port = config.port();
  }

  /** Starts connecting in the background; returns at once. */
  public void start() {
    log.info("Starting DTC client: {}", config);
    eventLoop.execute(this::connect);
  }

  /**
   * Subscribes to market data, now if logged on and again after every reconnect.
   *
   * @param depthLevels market depth levels wanted, 0 for none
   * @return the SymbolID that the symbol's messages will carry
   */
  public long subscribe(String symbol, String exchange, int depthLevels) {
    final Subscription subscription = new Subscription(nextSymbolId.incrementAndGet(), symbol, exchange,
        depthLevels);
    symbols.put(subscription.symbolId(), subscription);
    eventLoop.execute(() -> {
      active.put(subscription.symbolId(), subscription);
      if (isLoggedOn()) {
        connection.send(subscription);
      }
    });
    return subscription.symbolId();
  }

  public void unsubscribe(long symbolId) {
    eventLoop.execute(() -> {
      if (active.remove(symbolId) != null && isLoggedOn()) {
        connection.sendUnsubscribe(symbolId);
      }
    });
  }

  /** @return the RequestID of the SECURITY_DEFINITION_RESPONSE or _REJECT to come */
  public int requestSecurityDefinition(String symbol, String exchange) {
    return request(new DataRequest(nextRequestId.incrementAndGet(), DataRequest.Kind.SECURITY_DEFINITION,
        symbol, exchange, 0));
  }

  /**
   * Asks for every tick from a time on (e.g. to fill the gap after a disconnect). DTC takes whole seconds, so
   * ticks of that second already seen come again: deduplicate downstream.
   *
   * @return the RequestID of the HISTORICAL_PRICE_DATA_* messages to come
   */
  public int requestHistoricalTicks(String symbol, String exchange, long fromEpochMicros) {
    return request(new DataRequest(nextRequestId.incrementAndGet(), DataRequest.Kind.HISTORICAL_TICKS, symbol,
        exchange, Math.floorDiv(fromEpochMicros, 1_000_000L)));
  }

  /**
   * The owner is done with a request (answered, superseded, given up): it is not sent again after a reconnect (to
   * be answered in full for nothing) and {@link #request(int)} no longer knows it, so that requests do not pile up
   * for as long as the client runs. Call it from the polling thread, once the answers it needs are handled.
   */
  public void forgetRequest(int requestId) {
    requests.remove(requestId);
    eventLoop.execute(() -> {
      outstanding.remove(requestId);
      waitingFetches.removeIf(waiting -> waiting.requestId() == requestId);
      final HistoricalFetch fetch = fetches.get(requestId);
      if (fetch != null) {
        fetch.abandon();
      }
    });
  }

  private int request(DataRequest request) {
    requests.put(request.requestId(), request);
    eventLoop.execute(() -> {
      outstanding.put(request.requestId(), request);
      if (isLoggedOn()) {
        dispatch(connection, request);
      }
    });
    return request.requestId();
  }

  /**
   * Hands up to {@code limit} queued messages to the handler on the calling thread; never blocks.
   *
   * @return the number of messages handled, 0 when none was waiting
   */
  public int poll(DtcMessageHandler handler, int limit) {
    final int count = queue.drain(handler, limit);
    if (count > 0 && (isAnyConnectionPaused() || !unqueuedRejects.isEmpty())
        && resumeScheduled.compareAndSet(false, true)) {
      eventLoop.execute(resumeTask);
    }
    return count;
  }

  private boolean isAnyConnectionPaused() {
    final DtcConnection current = connection;
    return current != null && current.isPaused()
        || fetches.values().stream().anyMatch(fetch -> fetch.connection().isPaused());
  }

  private void resumeReading() {
    resumeScheduled.set(false);
    // Before the connections refill the queue.
    queueUnqueuedRejects();
    final DtcConnection current = connection;
    if (current != null) {
      current.resume();
    }
    List.copyOf(fetches.values()).forEach(fetch -> fetch.connection().resume());
  }

  /** The subscription a SymbolID belongs to, or null. */
  public Subscription subscription(long symbolId) {
    return symbols.get(symbolId);
  }

  /** The request a RequestID belongs to (also after it completed, until {@link #forgetRequest}), or null. */
  public DataRequest request(int requestId) {
    return requests.get(requestId);
  }

  /** Why the server rejected a symbol, if it did. */
  public Optional<String> rejection(long symbolId) {
    return Optional.ofNullable(rejections.get(symbolId));
  }

  public boolean isLoggedOn() {
    final DtcConnection current = connection;
    return current != null && current.isLoggedOn();
  }

  /** Set when the client stopped for good; it will not reconnect. */
  public Optional<DtcClientException> failure() {
    return Optional.ofNullable(failure);
  }

  /** The market-data session's counters. */
  public DtcClientMetrics metrics() {
    return metrics;
  }

  /** The counters of every connection to the separate historical data server, summed. */
  public DtcClientMetrics historicalMetrics() {
    return historicalMetrics;
  }

  public DtcClientConfig config() {
    return config;
  }

  /** Closes the connection and stops the network thread; waits at most a few seconds. */
  @Override
  public void close() {
    closed = true;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    log.info("DTC client for {}:{} closed", host, port);
  }

  // --- network thread ---

  private void connect() {
    if (closed || failure != null) {
      return;
    }
    // A redirect holds for one connection: once that one is lost, the configured server decides again.
    host = redirectHost != null ? redirectHost : config.host();
    port = redirectHost != null ? redirectPort : config.port();
    redirectHost = null;
    final DtcConnection next = new DtcConnection(marketData, config, queue, metrics);
    connection = next;
    final ChannelFuture future = open(host, port, next);
    future.addListener(done -> {
      if (!done.isSuccess()) {
        scheduleReconnect("connect to " + host + ":" + port + " failed: " + done.cause().getMessage());
      }
    });
  }

  private ChannelFuture open(String toHost, int toPort, DtcConnection handler) {
    return new Bootstrap().group(eventLoop).channel(NioSocketChannel.class)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(DtcConnection.READ_CHUNK).maxMessagesPerRead(1))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(handler);
          }
        })
        .connect(toHost, toPort);
  }

  /** Sends a request on the market-data connection, or fetches history from the historical data server. */
  private void dispatch(DtcConnection loggedOn, DataRequest request) {
    if (request.kind() != DataRequest.Kind.HISTORICAL_TICKS || !config.hasHistoricalServer()) {
      loggedOn.send(request);
    } else if (!fetches.containsKey(request.requestId()) && !waitingFetches.contains(request)) {
      // A fetch still running from before a reconnect goes on: its connection does not depend on this one.
      waitingFetches.add(request);
      startWaitingFetches();
    }
  }

  private void startWaitingFetches() {
    while (!closed && fetches.size() < MAX_PARALLEL_FETCHES && !waitingFetches.isEmpty()) {
      final HistoricalFetch fetch = new HistoricalFetch(waitingFetches.poll(), config, queue, historicalMetrics,
          fetchOwner);
      fetches.put(fetch.requestId(), fetch);
      fetch.start(open(config.historicalHost(), config.historicalPort(), fetch.connection()));
    }
  }

  private void queueUnqueuedRejects() {
    while (!unqueuedRejects.isEmpty() && unqueuedRejects.peek().queueReject()) {
      unqueuedRejects.poll();
    }
  }

  /** The client side of the historical fetches. */
  private final class FetchOwner implements HistoricalFetch.Owner {

    @Override
    public void onFetchEnded(int requestId) {
      fetches.remove(requestId);
      outstanding.remove(requestId);
      startWaitingFetches();
    }

    @Override
    public void onRejectNotQueued(HistoricalFetch fetch) {
      unqueuedRejects.add(fetch);
      // Once more now that it is listed: a poller that made room before it was would not schedule the retry.
      queueUnqueuedRejects();
    }

    @Override
    public boolean isClosing() {
      return closed;
    }
  }

  private void scheduleReconnect(String reason) {
    final boolean willReconnect = !closed && failure == null;
    listener.onDisconnected(reason, willReconnect);
    if (willReconnect) {
      final long delay = backoff.nextDelayMillis();
      log.debug("Reconnecting to {}:{} in {} ms", host, port, delay);
      eventLoop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void redirect(String address) {
    final int colon = address.lastIndexOf(':');
    try {
      redirectPort = Integer.parseInt(address.substring(colon + 1).trim());
      redirectHost = address.substring(0, colon);
      log.info("DTC server redirects to {}:{}", redirectHost, redirectPort);
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      fail("server asked to reconnect to '" + address + "', which is not host:port");
    }
  }

  private void fail(String reason) {
    log.error("DTC client stops for good: {}", reason);
    failure = new DtcClientException(reason);
  }

  /** The market-data connection's session: every message is delivered; a lost connection is re-opened. */
  private final class MarketDataSession implements ConnectionOwner {

    @Override
    public boolean delivers(int type, DirectBuffer buffer, int offset, int length) {
      return true;
    }

    @Override
    public void onConnected(SocketAddress server) {
      listener.onConnected(server);
    }

    @Override
    public void onProtocolError(DtcCodecException error) {
      listener.onProtocolError(error);
    }

    @Override
    public void onConnectionClosed(DtcConnection closedConnection, String reason) {
      if (closedConnection != connection) {
        return;
      }
      if (closed) {
        // close() shut the connection: no disconnect to report (it read as "closed by the server", an error, in
        // the logs of every clean stop), nothing to reconnect.
        log.debug("DTC connection to {}:{} closed by close()", host, port);
        return;
      }
      log.info("DTC connection to {}:{} closed: {}", host, port, reason);
      // Only a session that outlived the longest delay was stable: one the server drops right after each logon
      // must not be retried at the shortest delay for ever.
      if (closedConnection.lastedLoggedOn(config.reconnectMax())) {
        backoff.reset();
      }
      scheduleReconnect(reason);
    }

    @Override
    public void onLoggedOn(DtcConnection loggedOn, LogonResult result) {
      resubscribe(loggedOn);
      // A copy: a request the connection refuses at once (no historical data on this server) completes meanwhile.
      List.copyOf(outstanding.values()).forEach(request -> dispatch(loggedOn, request));
      listener.onLoggedOn(result);
    }

    /** Sends every remembered subscription again, under its SymbolID. */
    @Override
    public void resubscribe(DtcConnection loggedOn) {
      active.values().forEach(loggedOn::send);
    }

    @Override
    public void onLogonRefused(LogonResult result) {
      if (result.result() == LogonResult.ERROR_NO_RECONNECT) {
        fail("logon refused, do not reconnect: " + result.text());
      } else if (result.result() == LogonResult.RECONNECT_NEW_ADDRESS) {
        redirect(result.reconnectAddress());
      }
      listener.onLogonFailed(result, failure == null);
    }

    @Override
    public void onLogoffForGood(String reason) {
      fail(reason);
    }

    @Override
    public void onSymbolRejected(long symbolId, String reason) {
      final Subscription subscription = active.remove(symbolId);
      final String symbol = subscription != null ? subscription.symbol() : "SymbolID " + symbolId;
      rejections.put(symbolId, reason);
      log.warn("DTC server rejected {} (SymbolID {}): {}", symbol, symbolId, reason);
      listener.onSymbolRejected(symbolId, symbol, reason);
    }

    /**
     * Not the symbol's rejection: its trades and quotes go on, so it stays subscribed, without depth (asking for the
     * depth again after every reconnect would be refused again).
     */
    @Override
    public void onDepthRejected(long symbolId, String reason) {
      final Subscription subscription = active.computeIfPresent(symbolId, (id, old) -> old.withoutDepth());
      symbols.computeIfPresent(symbolId, (id, old) -> old.withoutDepth());
      final String symbol = subscription != null ? subscription.symbol() : "SymbolID " + symbolId;
      log.warn("DTC server rejected the market depth of {} (SymbolID {}): {}; its market data goes on", symbol,
          symbolId, reason);
      listener.onSymbolRejected(symbolId, symbol, "depth: " + reason);
    }

    @Override
    public void onRequestCompleted(int requestId) {
      outstanding.remove(requestId);
    }
  }
}
