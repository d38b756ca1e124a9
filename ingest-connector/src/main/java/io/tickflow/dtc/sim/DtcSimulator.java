package io.tickflow.dtc.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DTC server for tests and demos: logon, heartbeats, security definitions, market data and depth for its
 * instruments from a seeded {@link MarketGenerator}, and historical ticks that are exactly the trades it streamed
 * (and, with a prehistory, those its market made before it started).
 * Everything runs on one network thread; {@link #faults()} and the fault methods may be called from any thread.
 */
public final class DtcSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DtcSimulator.class);
  private static final long TICK_MICROS = 1000;
  /** Events generated per tick at most, so that I/O keeps its turn on the single thread. */
  private static final int MAX_EVENTS_PER_TICK = 20_000;

  private final SimulatorConfig config;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop eventLoop = group.next();
  private final MarketGenerator generator;
  private final DepthBook depthBook;
  private final TradeHistory[] histories;
  private final SimFaults faults = new SimFaults();
  private final List<SimSession> sessions = new ArrayList<>();
  private final SimEvent event = new SimEvent();
  private final SimEvent held = new SimEvent();
  private Channel serverChannel;
  private Channel historicalChannel;
  private long startNanos;
  /** Whether {@link #event} holds a generated event that is not due yet. */
  private boolean pending;
  private volatile long tradesPublished;
  private boolean duplicateNextTrade;
  private boolean swapNextTrades;
  private boolean holding;
  private long lastFlushNanos;
  /** Whether the market is held: no events go out until it is released (tests). */
  private boolean marketHeld;

  public DtcSimulator(SimulatorConfig config) {
    this.config = config;
    this.generator = market(config);
    this.depthBook = new DepthBook(generator);
    this.histories = new TradeHistory[config.instruments().size()];
    for (int i = 0; i < histories.length; i++) {
      histories[i] = new TradeHistory(config.historyCapacity());
    }
    makeUpPrehistory();
  }

  /** The market, from the start of its prehistory: the same config gives the same events. */
  private static MarketGenerator market(SimulatorConfig config) {
    final long meanGap = config.eventsPerSecond() > 0 ? 1_000_000L / config.eventsPerSecond() : 1;
    return new MarketGenerator(config.instruments(), config.seed(), config.startMicros() - config.prehistoryMicros(),
        meanGap);
  }

  /**
   * Runs the market up to the start: its trades become history, its events move the book, nothing is streamed. The
   * first event of the start is left pending, due when the clock reaches it.
   */
  private void makeUpPrehistory() {
    for (generator.next(event); event.timeMicros < config.startMicros(); generator.next(event)) {
      if (event.trade) {
        histories[event.instrument].addKept(event.timeMicros, event.price, event.volume, event.side);
      }
      depthBook.apply(event);
    }
    for (final TradeHistory history : histories) {
      history.keepFromNowOn(config.historyCapacity());
    }
    pending = true;
  }

  /**
   * Binds to the configured address (loopback by default) and starts the market.
   *
   * @return the port bound (useful with port 0)
   */
  public int start() {
    serverChannel = listen(config.port(), false);
    if (config.hasHistoricalPort()) {
      historicalChannel = listen(config.historicalPort(), true);
      log.info("DTC simulator serves historical data on {}:{}", config.host(), historicalPort());
    }
    startNanos = System.nanoTime();
    eventLoop.scheduleAtFixedRate(this::tick, TICK_MICROS, TICK_MICROS, TimeUnit.MICROSECONDS);
    final int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    log.info("DTC simulator listening on {}:{} with {} instruments at {} events/s (seed {})", config.host(),
        port, config.instruments().size(), config.eventsPerSecond(), config.seed());
    return port;
  }

  /** The separate historical port bound (useful with port 0); only when the config asks for one. */
  public int historicalPort() {
    return ((InetSocketAddress) historicalChannel.localAddress()).getPort();
  }

  private Channel listen(int port, boolean historical) {
    return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(new SimSession(DtcSimulator.this, historical));
          }
        })
        .bind(new InetSocketAddress(config.host(), port)).syncUninterruptibly().channel();
  }

  public SimFaults faults() {
    return faults;
  }

  /** Trades streamed so far (each counted once, whatever the number of subscribers). */
  public long tradesPublished() {
    return tradesPublished;
  }

  /** Client connections open now, market-data and historical: none may outlive its client. */
  public int connections() {
    return eventLoop.submit(sessions::size).syncUninterruptibly().getNow();
  }

  /** Bytes written to client connections and not sent yet, summed: what the simulator holds for slow readers. */
  long unsentBytes() {
    return eventLoop.submit(() -> sessions.stream().mapToLong(SimSession::unsentBytes).sum()).syncUninterruptibly()
        .getNow();
  }

  /** Closes every client connection (they may reconnect). */
  public void dropConnections() {
    eventLoop.execute(() -> List.copyOf(sessions).forEach(SimSession::close));
  }

  /** Sends a frame whose Size (2) is below the header length to every client. */
  public void sendMalformedFrame() {
    eventLoop.execute(() -> sessions.forEach(s -> s.writeRaw(new byte[] {2, 0, 3, 0})));
  }

  /** Streams the next trade twice. */
  public void duplicateNextTrade() {
    eventLoop.execute(() -> duplicateNextTrade = true);
  }

  /** Holds back the next trade until a later one has been streamed: the client sees time go back. */
  public void swapNextTrades() {
    eventLoop.execute(() -> swapNextTrades = true);
  }

  /**
   * Holds (or releases) the market: while held no event goes out, so every client can catch up to the same one and
   * their books can be compared (tests). Returns once the network thread has taken it.
   */
  void holdMarket(boolean held) {
    eventLoop.submit(() -> marketHeld = held).syncUninterruptibly();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  // --- network thread ---

  SimulatorConfig config() {
    return config;
  }

  MarketGenerator generator() {
    return generator;
  }

  DepthBook depthBook() {
    return depthBook;
  }

  TradeHistory history(int instrument) {
    return histories[instrument];
  }

  int instrumentIndex(String symbol) {
    for (int i = 0; i < config.instruments().size(); i++) {
      if (config.instruments().get(i).symbol().equals(symbol)) {
        return i;
      }
    }
    return -1;
  }

  void sessionOpened(SimSession session) {
    sessions.add(session);
  }

  void sessionClosed(SimSession session) {
    sessions.remove(session);
  }

  /**
   * Sends the events that are due. Paced, an event is due once the simulated clock (started at {@code startMicros}
   * when the server started) has reached its time, so event times follow the wall clock however the random gaps add
   * up, and never run ahead of it.
   */
  private void tick() {
    if (marketHeld) {
      return;
    }
    final long now = config.eventsPerSecond() == 0 ? Long.MAX_VALUE
        : config.startMicros() + (System.nanoTime() - startNanos) / 1000;
    // Unpaced, the market goes as fast as the slowest client reads; paced, it keeps time and a client that does not
    // read loses its market data (SimSession.publish) instead of holding back everyone's.
    final boolean waitForClients = config.eventsPerSecond() == 0;
    for (int budget = MAX_EVENTS_PER_TICK; budget > 0 && (!waitForClients || allWritable()); budget--) {
      if (!pending) {
        generator.next(event);
        pending = true;
      }
      if (event.timeMicros > now) {
        break;
      }
      pending = false;
      if (event.trade) {
        histories[event.instrument].add(event.timeMicros, event.price, event.volume, event.side);
        publishTrade();
      } else {
        publish(event);
      }
    }
    if (flushDue()) {
      sessions.forEach(SimSession::flush);
    }
  }

  /** Whether the market data written since the last flush goes out now: every tick, or each burst (a fault). */
  private boolean flushDue() {
    final long now = System.nanoTime();
    if (now - lastFlushNanos < faults.liveBurstNanos()) {
      return false;
    }
    lastFlushNanos = now;
    return true;
  }

  private void publishTrade() {
    tradesPublished++;
    if (swapNextTrades && !holding) {
      copy(event, held);
      holding = true;
      return;
    }
    publish(event);
    // Released after a strictly later trade, so that the inversion is visible in the timestamps.
    if (holding && event.timeMicros > held.timeMicros) {
      publish(held);
      holding = false;
      swapNextTrades = false;
    }
    if (duplicateNextTrade) {
      publish(event);
      duplicateNextTrade = false;
    }
  }

  private void publish(SimEvent e) {
    depthBook.apply(e);
    for (int i = 0; i < sessions.size(); i++) {
      sessions.get(i).publish(e);
    }
  }

  private boolean allWritable() {
    for (int i = 0; i < sessions.size(); i++) {
      if (!sessions.get(i).isWritable()) {
        return false;
      }
    }
    return true;
  }

  private static void copy(SimEvent from, SimEvent to) {
    to.trade = from.trade;
    to.instrument = from.instrument;
    to.timeMicros = from.timeMicros;
    to.price = from.price;
    to.volume = from.volume;
    to.side = from.side;
    to.bid = from.bid;
    to.bidSize = from.bidSize;
    to.ask = from.ask;
    to.askSize = from.askSize;
  }
}
