package io.tickflow.dtc.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.tickflow.dtc.codec.DtcCodecException;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.DtcFramer;
import io.tickflow.dtc.codec.DtcMessageWriter;
import io.tickflow.dtc.codec.DtcStreamDecoder;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.EncodingResponse;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.Logoff;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDepthRequest;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's side of one client connection: answers the session and request messages and streams the market
 * events of the symbols the client subscribed to. On a separate historical port it serves one historical request
 * and closes, as Sierra Chart's historical data server does. Runs on the simulator's single network thread.
 */
final class SimSession extends ChannelInboundHandlerAdapter implements DtcFramer.FrameHandler {
  static final int FLUSH_THRESHOLD = 64 * 1024;
  private static final Logger log = LoggerFactory.getLogger(SimSession.class);
  private static final int SUBSCRIBE = 1;
  private static final int UNSUBSCRIBE = 2;
  /**
   * Depth levels per side served at most, the connector's depth.levels maximum: the snapshot is written at once on
   * the single network thread, so a client's NumLevels of millions held up every client (and overflowed past 2^30).
   */
  static final int MAX_DEPTH_LEVELS = 100;
  private static final String NOT_LOGGED_ON = "Not logged on: LOGON_REQUEST comes first";
  /**
   * DTC's SymbolID 0 is "unset": every reply carries only the SymbolID, so nothing sent under 0 could be told apart
   * (and 0 also marks a free slot of {@link #symbolIds}, which made the reject name another symbol as its holder).
   */
  static final String SYMBOL_ID_ZERO = "SymbolID must be non-zero (0 is unset)";

  private final DtcSimulator simulator;
  /** Whether this is a connection to the separate historical port. */
  private final boolean historical;
  private final DtcStreamDecoder decoder = new DtcStreamDecoder(DtcFlyweight.MAX_MESSAGE_LENGTH, 64 * 1024);
  private final DtcMessageWriter writer = new DtcMessageWriter();
  private final SimMessages messages;
  private final long[] symbolIds;
  private final long[] depthSymbolIds;
  /** Levels per side of each depth subscription, as its snapshot sent them. */
  private final int[] depthLevels;
  /**
   * Per instrument, whether depth updates of it were dropped (the client did not read): its book is wrong until a
   * snapshot is sent again, once the client reads, before any further update of it.
   */
  private final boolean[] depthStale;
  private final EncodingRequest encodingRequest = new EncodingRequest();
  private final LogonRequest logonRequest = new LogonRequest();
  private final MarketDataRequest marketDataRequest = new MarketDataRequest();
  private final MarketDepthRequest marketDepthRequest = new MarketDepthRequest();
  private final SecurityDefinitionForSymbolRequest securityDefinitionRequest = new SecurityDefinitionForSymbolRequest();
  private final HistoricalPriceDataRequest historicalRequest = new HistoricalPriceDataRequest();
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> heartbeats;
  private boolean loggedOn;
  /**
   * Market events not sent to this client since its last heartbeat, as it did not read them: each heartbeat reports
   * the drops since the one before, which Tickflow's client takes as a new gap to backfill.
   */
  private long droppedEvents;
  /** Whether this session closed its connection: what the client sent after is not read. */
  private boolean closing;
  /**
   * Whether requests wait until the answers already written are sent ({@link SimulatorConfig#MAX_UNSENT_ANSWER_BYTES}):
   * the connection is not read meanwhile, and {@link #unread} keeps what Netty had read already.
   */
  private boolean answersHeld;
  /** Bytes read and not yet handed to the decoder, while answers are held; else null. */
  private ByteBuf unread;

  SimSession(DtcSimulator simulator, boolean historical) {
    this.simulator = simulator;
    this.historical = historical;
    this.messages = new SimMessages(writer, simulator.generator(), simulator.depthBook(),
        simulator.config().format());
    this.symbolIds = new long[simulator.config().instruments().size()];
    this.depthSymbolIds = new long[symbolIds.length];
    this.depthLevels = new int[symbolIds.length];
    this.depthStale = new boolean[symbolIds.length];
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    ctx = context;
    simulator.sessionOpened(this);
    log.info("DTC simulator: client connected from {}", context.channel().remoteAddress());
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
    if (unread != null) {
      unread.release();
      unread = null;
    }
    simulator.sessionClosed(this);
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    final ByteBuf bytes = (ByteBuf) msg;
    // Netty may still deliver what it read before auto-read was turned off.
    unread = unread == null ? bytes : Unpooled.wrappedBuffer(unread, bytes);
    decode();
  }

  /** Hands the bytes read to the decoder and answers their requests, until they are done or answers are held. */
  private void decode() {
    while (unread.isReadable() && !closing && !answersHeld) {
      unread.skipBytes(decoder.append(unread.nioBuffer()));
      decoder.poll(this);
    }
    if (!unread.isReadable() || closing) {
      unread.release();
      unread = null;
    }
    if (!closing) {
      flush();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (cause instanceof DtcCodecException) {
      log.warn("DTC simulator: closing client {}: protocol error: {}", context.channel().remoteAddress(),
          cause.getMessage());
    } else {
      log.debug("DTC simulator: client {} failed", context.channel().remoteAddress(), cause);
    }
    context.close();
  }

  @Override
  public boolean onFrame(DirectBuffer buffer, int offset, int length) {
    if (closing) {
      return true; // the frames left in the last read of a connection closed: not answered
    }
    if (unsentBytes() > SimulatorConfig.MAX_UNSENT_ANSWER_BYTES) {
      holdAnswers();
      return false; // the decoder keeps the request and offers it again when the answers are released
    }
    final int type = buffer.getShort(offset + DtcFlyweight.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    switch (type) {
      case EncodingRequest.TYPE:
        onEncodingRequest(encodingRequest.wrap(buffer, offset, length));
        break;
      case LogonRequest.TYPE:
        onLogon(logonRequest.wrap(buffer, offset, length));
        break;
      case MarketDataRequest.TYPE:
        onMarketDataRequest(marketDataRequest.wrap(buffer, offset, length));
        break;
      case MarketDepthRequest.TYPE:
        onDepthRequest(marketDepthRequest.wrap(buffer, offset, length));
        break;
      case SecurityDefinitionForSymbolRequest.TYPE:
        securityDefinitionRequest.wrap(buffer, offset, length);
        messages.securityDefinition(securityDefinitionRequest.requestId(),
            simulator.instrumentIndex(securityDefinitionRequest.symbol()),
            securityDefinitionRequest.symbol());
        break;
      case HistoricalPriceDataRequest.TYPE:
        onHistoricalRequest(historicalRequest.wrap(buffer, offset, length));
        break;
      case Logoff.TYPE: // either side may end the session with it; the connection closes after
        closeAfterWrites();
        break;
      default:
        break; // heartbeats and messages a market-data server ignores
    }
    flushIfLarge(); // so that the answers to many requests in one read wait in Netty's buffer, where they are counted
    return true;
  }

  /**
   * Stops reading a client's requests while too much written to it is unsent: its answers, which may not be dropped,
   * would otherwise pile up in the simulator's heap for as long as it asks and does not read. Its requests wait in
   * the socket (TCP's flow control then stops the client's writes); Tickflow's client pauses reading while its queue
   * is full and may ask for several histories meanwhile, and closing it would make it reconnect and ask again.
   */
  private void holdAnswers() {
    log.debug("DTC simulator: client {} has {} bytes unsent (at most {}): its requests wait", ctx.channel()
        .remoteAddress(), unsentBytes(), SimulatorConfig.MAX_UNSENT_ANSWER_BYTES);
    answersHeld = true;
    ctx.channel().config().setAutoRead(false);
    flush();
  }

  /**
   * Reads the client's requests again, once what was written to it is sent (the channel turned writable). Run as a
   * task of its own: Netty may report the channel writable from within a flush made while a request is answered,
   * and the decoder must not be polled from within its own poll.
   */
  private void releaseAnswers() {
    if (!answersHeld || closing || !ctx.channel().isWritable()) {
      return;
    }
    answersHeld = false;
    ctx.channel().config().setAutoRead(true);
    decoder.poll(this); // the request refused when the answers were held, and those read with it
    if (unread != null && !answersHeld) {
      decode();
    } else if (!closing) {
      flush();
    }
  }

  /** Bytes written to this connection and not sent yet: in the writer, and queued in Netty's outbound buffer. */
  long unsentBytes() {
    final Channel channel = ctx.channel();
    // Netty tells the queued bytes only against its water marks: the distance below the high one while the channel
    // is writable, above the low one while it is not.
    final long queued = channel.isWritable()
        ? channel.config().getWriteBufferHighWaterMark() - channel.bytesBeforeUnwritable()
        : channel.config().getWriteBufferLowWaterMark() + channel.bytesBeforeWritable();
    return writer.length() + queued;
  }

  private void onEncodingRequest(EncodingRequest request) {
    // The answer names the encoding the server will use: BINARY for any value but JSON, also one the protocol does
    // not define (which fromCode refuses).
    final int code = request.encoding();
    final DtcEncoding granted = DtcEncoding.isDefined(code) && DtcEncoding.fromCode(code).isSupported()
        ? DtcEncoding.fromCode(code) : DtcEncoding.BINARY;
    writer.end(writer.begin(new EncodingResponse()).encoding(granted.code()));
    writer.encoding(granted);
    decoder.encoding(granted);
  }

  private void onLogon(LogonRequest request) {
    final SimFaults faults = simulator.faults();
    final boolean servesHistory = historical || !simulator.config().hasHistoricalPort();
    final LogonResponse response = writer.begin(new LogonResponse()).serverName("Tickflow DTC simulator")
        .securityDefinitionsSupported(1).historicalPriceDataSupported(servesHistory ? 1 : 0)
        .oneHistoricalPriceDataRequestPerConnection(historical ? 1 : 0);
    if (faults.logonResult() != SimFaults.LOGON_SUCCESS) {
      writer.end(response.result(faults.logonResult()).resultText(faults.logonText()));
      flush();
      ctx.close();
      return;
    }
    writer.end(response.result(1)
        .resultText(request.username().isEmpty() ? "Welcome" : "Welcome " + request.username()));
    loggedOn = true;
    if (heartbeats != null) { // a second logon: its interval replaces the first's, and one timer runs
      heartbeats.cancel(false);
    }
    final long intervalMillis = Math.max(1, request.heartbeatIntervalInSeconds()) * 1000L;
    heartbeats = ctx.executor().scheduleAtFixedRate(this::heartbeat, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    if (!simulator.faults().heartbeatsStopped()) {
      writer.end(writer.begin(new Heartbeat()).currentDateTime(System.currentTimeMillis() / 1000)
          .numDroppedMessages(droppedEvents));
      droppedEvents = 0;
      flush();
    }
  }

  private void onMarketDataRequest(MarketDataRequest request) {
    if (historical) {
      messages.marketDataReject(request.symbolId(), "This is the historical data server: no market data");
      return;
    }
    if (!loggedOn) {
      messages.marketDataReject(request.symbolId(), NOT_LOGGED_ON);
      return;
    }
    if (request.symbolId() == 0) {
      messages.marketDataReject(0, SYMBOL_ID_ZERO);
      return;
    }
    if (request.requestAction() == UNSUBSCRIBE) {
      unsubscribe(symbolIds, request.symbolId());
      return;
    }
    final String symbol = request.symbol();
    final int index = simulator.instrumentIndex(symbol);
    String rejection = index < 0 ? "Unknown symbol " + symbol
        : simulator.faults().isRejected(symbol) ? "Symbol " + symbol + " is not available" : null;
    if (rejection == null && request.requestAction() == SUBSCRIBE) {
      rejection = idConflict(symbolIds, index, request.symbolId());
    }
    if (rejection != null) {
      messages.marketDataReject(request.symbolId(), rejection);
      return;
    }
    if (request.requestAction() == SUBSCRIBE) {
      symbolIds[index] = request.symbolId();
    }
    messages.snapshot(request.symbolId(), index);
  }

  private void onDepthRequest(MarketDepthRequest request) {
    if (historical || !loggedOn) {
      messages.depthReject(request.symbolId(), historical ? "This is the historical data server: no market depth"
          : NOT_LOGGED_ON);
      return;
    }
    if (request.symbolId() == 0) {
      messages.depthReject(0, SYMBOL_ID_ZERO);
      return;
    }
    if (request.requestAction() == UNSUBSCRIBE) {
      unsubscribe(depthSymbolIds, request.symbolId());
      return; // a stale flag left is harmless: a new subscription starts with a snapshot, and clears it
    }
    final int index = simulator.instrumentIndex(request.symbol());
    if (index < 0 || simulator.faults().isRejected(request.symbol())) {
      messages.depthReject(request.symbolId(), "No market depth for " + request.symbol());
      return;
    }
    final String conflict = idConflict(depthSymbolIds, index, request.symbolId());
    if (conflict != null) {
      messages.depthReject(request.symbolId(), conflict);
      return;
    }
    depthSymbolIds[index] = request.symbolId();
    depthLevels[index] = Math.min(MAX_DEPTH_LEVELS, Math.max(1, request.numLevels()));
    sendDepthSnapshot(index);
  }

  private void sendDepthSnapshot(int index) {
    depthStale[index] = false;
    messages.depthSnapshot(depthSymbolIds[index], index, depthLevels[index]);
  }

  /**
   * Why a subscription of instrument {@code index} under {@code symbolId} is refused, or null: the SymbolID is the
   * only key of what the server streams, so a symbol under a second ID, or an ID for a second symbol, would send
   * updates the client cannot tell apart (the notes: a server must reject the first).
   */
  private String idConflict(long[] ids, int index, long symbolId) {
    if (ids[index] != 0 && ids[index] != symbolId) {
      return "Symbol " + simulator.config().instruments().get(index).symbol()
          + " is already subscribed under SymbolID " + ids[index];
    }
    for (int i = 0; i < ids.length; i++) {
      if (i != index && ids[i] == symbolId) {
        return "SymbolID " + symbolId + " is in use for " + simulator.config().instruments().get(i).symbol();
      }
    }
    return null;
  }

  private static void unsubscribe(long[] ids, long symbolId) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == symbolId) {
        ids[i] = 0;
      }
    }
  }

  private void onHistoricalRequest(HistoricalPriceDataRequest request) {
    if (!historical && simulator.config().hasHistoricalPort()) {
      // As the logon said (HistoricalPriceDataSupported = 0): the answer points to the port that serves it, and
      // this connection goes on.
      messages.historicalReject(request.requestId(),
          "This is the market data server: historical data is served on port " + simulator.historicalPort());
      return;
    }
    if (simulator.faults().isHistoryWithheld(request.symbol())) {
      return;
    }
    serveHistory(request);
    final int cutAfter = simulator.faults().historyCutAfter();
    if (historical || cutAfter >= 0) {
      // One request per connection, as the logon said; a cut answer ends with the connection, mid-stream.
      closeAfterWrites();
    }
  }

  private void closeAfterWrites() {
    flush();
    // After the answer's writes, which a close right away could discard while they wait for the socket.
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private void serveHistory(HistoricalPriceDataRequest request) {
    final int index = simulator.instrumentIndex(request.symbol());
    final String rejection = simulator.faults().historyRejectText();
    if (index < 0 || request.recordInterval() != 0 || rejection != null) {
      messages.historicalReject(request.requestId(), index < 0 ? "Unknown symbol " + request.symbol()
          : rejection != null ? rejection : "Only tick data (RecordInterval 0) is served");
      return;
    }
    final long from = request.startDateTime() * 1_000_000L;
    final long to = request.endDateTime() == 0 ? Long.MAX_VALUE : request.endDateTime() * 1_000_000L;
    final int cutAfter = simulator.faults().historyCutAfter();
    messages.historicalTicks(request.requestId(), simulator.history(index), from, to,
        cutAfter < 0 ? Integer.MAX_VALUE : cutAfter, simulator.faults().historyEnd(), this::flushIfLarge);
  }

  /**
   * Streams one market event if this client subscribed to its instrument. A paced market does not wait for a
   * client that stopped reading, which would stall every other client: while its channel is above the high-water
   * mark its market events are dropped, and counted in its heartbeats' NumDroppedMessages. Its depth of an
   * instrument is then sent again as a snapshot before the next update (see {@link #channelWritabilityChanged}).
   */
  void publish(SimEvent event) {
    if (!loggedOn) {
      return;
    }
    final int instrument = event.instrument;
    if (!isWritable() && simulator.config().eventsPerSecond() > 0) {
      if (symbolIds[instrument] != 0 || depthSymbolIds[instrument] != 0) {
        droppedEvents++;
      }
      depthStale[instrument] |= depthSymbolIds[instrument] != 0;
      return;
    }
    final long symbolId = symbolIds[instrument];
    if (symbolId != 0) {
      messages.marketData(symbolId, event);
    }
    final long depthId = depthSymbolIds[instrument];
    if (depthStale[instrument] && depthId != 0) { // the snapshot, of the book after this event, replaces its update
      sendDepthSnapshot(instrument);
    } else if (depthId != 0) { // a trade changes the best sizes, and a trade through a side moves the market
      messages.depthUpdate(depthId, event, depthLevels[instrument]);
    }
    flushIfLarge();
  }

  /**
   * A client that lost depth updates, reading again: each instrument's depth it lost updates of is sent again as a
   * snapshot (the batch a subscription starts with), so that its book is right from now on and not only once the
   * instrument's next event comes.
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (context.channel().isWritable() && answersHeld) {
      context.executor().execute(this::releaseAnswers);
    }
    if (context.channel().isWritable() && loggedOn && !closing) {
      for (int i = 0; i < depthStale.length; i++) {
        if (depthStale[i] && depthSymbolIds[i] != 0) {
          sendDepthSnapshot(i);
          flushIfLarge();
        }
      }
      flush();
    }
    context.fireChannelWritabilityChanged();
  }

  private void flushIfLarge() {
    if (writer.length() >= FLUSH_THRESHOLD) {
      flush();
    }
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  void flush() {
    final int length = writer.length();
    if (length > 0) {
      final ByteBuf bytes = ctx.alloc().buffer(length).writeBytes(writer.array(), 0, length);
      // Reset first: the write may drain the channel below its low-water mark, and Netty then calls
      // channelWritabilityChanged at once, which writes (depth snapshots) and flushes again.
      writer.reset();
      ctx.writeAndFlush(bytes);
    }
  }

  /** Fault injection: raw bytes straight onto the socket, bypassing the encoder. */
  void writeRaw(byte[] bytes) {
    flush();
    ctx.writeAndFlush(ctx.alloc().buffer(bytes.length).writeBytes(bytes));
  }

  void close() {
    ctx.close();
  }
}
