package io.tickflow.dtc.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.tickflow.dtc.codec.DtcCodecException;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.DtcFramer;
import io.tickflow.dtc.codec.DtcMessageWriter;
import io.tickflow.dtc.codec.DtcStreamDecoder;
import io.tickflow.dtc.codec.message.DtcMessages;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDepthRequest;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of a {@link DtcClient}, on its network thread: frames and decodes what arrives, hands the
 * messages its owner delivers to the queue (and stops reading while the queue is full), runs the session (encoding,
 * logon, heartbeats) and closes with a stated reason on any protocol error or a silent peer. The owner is the
 * client's market-data session or the fetch of one request from a separate historical data server.
 */
final class DtcConnection extends ChannelInboundHandlerAdapter implements DtcFramer.FrameHandler {
  static final int READ_CHUNK = 64 * 1024;
  private static final Logger log = LoggerFactory.getLogger(DtcConnection.class);
  private static final int REQUEST_ACTION_SUBSCRIBE = 1;
  private static final int INTERVAL_TICK = 0;
  private static final String CLOSED_BY_SERVER = "connection closed by the server";
  private static final long NEVER = Long.MIN_VALUE;
  private static final String NO_HISTORY =
      "the server does not serve historical data (LOGON_RESPONSE HistoricalPriceDataSupported = 0)";

  private final ConnectionOwner owner;
  private final DtcClientConfig config;
  private final MessageQueue queue;
  private final DtcClientMetrics metrics;
  private final DtcStreamDecoder decoder;
  private final DtcMessageWriter writer = new DtcMessageWriter();
  private final SessionMessages session;
  private final UnsafeBuffer localMessage = new UnsafeBuffer(new byte[HistoricalPriceDataReject.ENCODED_LENGTH]);
  /** The unknown message types already logged on this connection (read on its event loop only). */
  private final IntHashSet unknownTypesTold = new IntHashSet();
  private ChannelHandlerContext ctx;
  private ByteBuf unread;
  private ScheduledFuture<?> heartbeats;
  private boolean loggedOn;
  private long loggedOnAtNanos = NEVER;
  private boolean servesHistory;
  /** ENCODING_REQUEST sent and not answered yet: the only time an ENCODING_RESPONSE may switch the encoding. */
  private boolean awaitingEncoding;
  private volatile boolean paused;
  private ScheduledFuture<?> logonTimeout;
  private ScheduledFuture<?> silenceCheck;
  /**
   * Whole messages received (of any type, skipped ones too): bytes alone do not prove a peer alive. A count, read by
   * the periodic silence check, rather than a clock read per message on the hot path.
   */
  private long messages;
  private long messagesAtLastCheck;
  /** When the silence check last saw the count move (or the connection began or was paused). */
  private long lastHeardNanos;
  /** Why this side closed the connection; null while it did not. */
  private String closeReason;

  DtcConnection(ConnectionOwner owner, DtcClientConfig config, MessageQueue queue, DtcClientMetrics metrics) {
    this.owner = owner;
    this.config = config;
    this.queue = queue;
    this.metrics = metrics;
    this.decoder = new DtcStreamDecoder(config.maxFrameLength(), READ_CHUNK);
    this.session = new SessionMessages(this, owner, metrics);
  }

  boolean isLoggedOn() {
    return loggedOn;
  }

  /** Whether the session logged on and then lasted at least {@code duration}; network thread. */
  boolean lastedLoggedOn(Duration duration) {
    return loggedOnAtNanos != NEVER && System.nanoTime() - loggedOnAtNanos >= duration.toNanos();
  }

  /** True while the queue is full and the socket is not read: the poller must call {@link #resume()}. */
  boolean isPaused() {
    return paused;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    this.ctx = context;
    metrics.connected();
    log.info("Connected to DTC server {}", context.channel().remoteAddress());
    owner.onConnected(context.channel().remoteAddress());
    // The idle timer alone misses a server that heartbeats (or relays anything) but never answers the logon.
    final long timeoutMillis = 2 * config.heartbeatInterval().toMillis();
    logonTimeout = context.executor().schedule(() -> close("no LOGON_RESPONSE within " + timeoutMillis / 1000
        + " s (twice the heartbeat interval)"), timeoutMillis, TimeUnit.MILLISECONDS);
    lastHeardNanos = System.nanoTime();
    checkSilenceIn();
    if (config.encoding() == DtcEncoding.BINARY) {
      sendLogon();
    } else {
      // The writer is still binary: ENCODING_REQUEST always is.
      writer.end(writer.begin(new EncodingRequest()).encoding(config.encoding().code()));
      awaitingEncoding = true;
      flush();
    }
    context.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    final ByteBuf bytes = (ByteBuf) msg;
    metrics.bytesReceived(bytes.readableBytes());
    unread = unread == null ? bytes : appendUnread(bytes);
    drain();
  }

  private ByteBuf appendUnread(ByteBuf more) {
    final ByteBuf both = ctx.alloc().buffer(unread.readableBytes() + more.readableBytes());
    both.writeBytes(unread).writeBytes(more);
    unread.release();
    more.release();
    return both;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    readIfRoom();
  }

  /** Moves bytes into the decoder and messages into the queue, until either side is stuck. */
  private void drain() {
    boolean progress = true;
    while (progress) {
      progress = feedDecoder() > 0;
      decoder.poll(this);
      if (paused) {
        return;
      }
    }
  }

  private int feedDecoder() {
    if (unread == null) {
      return 0;
    }
    final ByteBuffer view = unread.nioBuffer();
    final int copied = decoder.append(view);
    unread.skipBytes(copied);
    if (!unread.isReadable()) {
      unread.release();
      unread = null;
    }
    return copied;
  }

  private void readIfRoom() {
    if (!paused && unread == null && decoder.writableBytes() >= READ_CHUNK && ctx.channel().isActive()) {
      ctx.read();
    }
  }

  /** Called on the network thread after the poller freed queue space. */
  void resume() {
    if (!paused || !ctx.channel().isActive()) {
      return;
    }
    paused = false;
    try {
      drain();
      readIfRoom();
    } catch (DtcCodecException e) {
      protocolError(e);
    }
  }

  private long silenceLimitNanos() {
    return 2 * config.heartbeatInterval().toNanos();
  }

  /** Every half of the limit, so a dead peer is found between the limit and one and a half times it. */
  private void checkSilenceIn() {
    silenceCheck = ctx.executor().schedule(this::checkSilence, silenceLimitNanos() / 2, TimeUnit.NANOSECONDS);
  }

  /**
   * Closes the connection when no whole message came for twice the heartbeat interval. Counting messages, not
   * bytes: a peer that trickles a frame that never ends would otherwise hold the connection for ever.
   */
  private void checkSilence() {
    final long now = System.nanoTime();
    // While paused we do not read, so the silence says nothing about the peer: it gets a full limit again.
    if (paused || messages != messagesAtLastCheck) {
      messagesAtLastCheck = messages;
      lastHeardNanos = now;
    } else if (now - lastHeardNanos >= silenceLimitNanos()) {
      close("no message from the server for " + 2 * config.heartbeatInterval().toSeconds()
          + " s (twice the heartbeat interval): peer presumed dead");
      return;
    }
    checkSilenceIn();
  }

  @Override
  public boolean onFrame(DirectBuffer buffer, int offset, int frameLength) {
    messages++;
    final int type = buffer.getShort(offset + DtcFlyweight.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    // Fields a newer peer appended are ignored by every reader: not queued, so a long frame cannot exceed the
    // ring's largest message (an eighth of its capacity).
    final int length = Math.min(frameLength, DtcMessages.layout(type).encodedLength());
    if (type == LogonResponse.TYPE && loggedOn) {
      // Dropped, not queued: a second answer would start a second heartbeat timer (never cancelled), re-subscribe
      // everything and make the consumer start its session (and backfills) again.
      log.debug("Ignoring a repeated LOGON_RESPONSE from {}", ctx.channel().remoteAddress());
      return true;
    }
    if (!owner.delivers(type, buffer, offset, length)) {
      session.onMessage(type, buffer, offset, length);
      return true;
    }
    if (!queue.offer(type, buffer, offset, length)) {
      paused = true;
      metrics.readPaused();
      return false;
    }
    metrics.message(type);
    session.onMessage(type, buffer, offset, length);
    return true;
  }

  /**
   * Said once per type and connection: a server of a newer protocol version may send a type this client lacks for
   * every trade (as current headers' V2 messages once were), and a count alone would not say which.
   */
  @Override
  public void onUnknownType(int type, int size, long streamOffset) {
    messages++;
    metrics.unknownMessage();
    if (unknownTypesTold.add(type)) {
      log.warn("Skipped a DTC message of type {} from {} ({} bytes): a type this client does not know; further ones "
          + "of this type are counted in unknown-messages-total, not logged", type, ctx.channel().remoteAddress(), size);
    } else {
      log.debug("Skipped DTC message of unknown type {} ({} bytes)", type, size);
    }
  }

  @Override
  public void onMalformedMessage(DtcCodecException error) {
    messages++;
    final long count = metrics.malformedMessage();
    // A server that sends one bad message tends to repeat it: the 1st, 2nd, 4th, 8th... are logged, not each one.
    if (Long.bitCount(count) == 1) {
      log.warn("Skipped a malformed DTC message from {} ({} so far; the connection stays up): {}",
          ctx.channel().remoteAddress(), count, error.getMessage());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (cause instanceof DtcCodecException) {
      protocolError((DtcCodecException) cause);
    } else if (cause instanceof IOException) {
      close("I/O error: " + cause.getMessage());
    } else {
      log.error("Unexpected error on the DTC connection to {}", context.channel().remoteAddress(), cause);
      close("unexpected error: " + cause);
    }
  }

  private void protocolError(DtcCodecException error) {
    metrics.protocolError();
    log.warn("Closing DTC connection to {}: protocol error: {}", ctx.channel().remoteAddress(), error.getMessage());
    owner.onProtocolError(error);
    close("protocol error: " + error.getMessage());
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    final String reason = closeReason != null ? closeReason : CLOSED_BY_SERVER + undecoded();
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
    if (logonTimeout != null) {
      logonTimeout.cancel(false);
    }
    if (silenceCheck != null) {
      silenceCheck.cancel(false);
    }
    if (unread != null) {
      unread.release();
      unread = null;
    }
    loggedOn = false;
    owner.onConnectionClosed(this, reason);
  }

  /** What a close by the server cost: bytes received but never handed on, so that the log tells. */
  private String undecoded() {
    final int bytes = decoder.pendingBytes() + (unread == null ? 0 : unread.readableBytes());
    if (bytes == 0) {
      return "";
    }
    return paused ? " with " + bytes + " received bytes not delivered (the consumer was behind)"
        : " in the middle of a frame (" + bytes + " bytes not decoded)";
  }

  void close(String reason) {
    if (ctx.channel().isActive()) {
      closeReason = reason;
      ctx.close();
    }
  }

  // --- session, called by SessionMessages on the network thread ---

  boolean isAwaitingEncoding() {
    return awaitingEncoding;
  }

  void encodingGranted(DtcEncoding encoding) {
    awaitingEncoding = false;
    decoder.encoding(encoding);
    writer.encoding(encoding);
    sendLogon();
  }

  void loggedOn(boolean serverServesHistory) {
    loggedOn = true;
    awaitingEncoding = false; // a server that logged on without answering the encoding request keeps binary
    servesHistory = serverServesHistory;
    loggedOnAtNanos = System.nanoTime();
    logonTimeout.cancel(false);
    final long intervalMillis = config.heartbeatInterval().toMillis();
    heartbeats = ctx.executor().scheduleAtFixedRate(this::sendHeartbeat, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  private void sendLogon() {
    writer.end(writer.begin(new LogonRequest()).username(config.username()).password(config.password())
        .clientName(config.clientName())
        .heartbeatIntervalInSeconds((int) config.heartbeatInterval().toSeconds()));
    flush();
  }

  private void sendHeartbeat() {
    writer.end(writer.begin(new Heartbeat()).currentDateTime(System.currentTimeMillis() / 1000));
    flush();
  }

  void send(Subscription subscription) {
    writer.end(writer.begin(new MarketDataRequest()).requestAction(REQUEST_ACTION_SUBSCRIBE)
        .symbolId(subscription.symbolId()).symbol(subscription.symbol()).exchange(subscription.exchange()));
    if (subscription.depthLevels() > 0) {
      writer.end(writer.begin(new MarketDepthRequest()).requestAction(REQUEST_ACTION_SUBSCRIBE)
          .symbolId(subscription.symbolId()).symbol(subscription.symbol())
          .exchange(subscription.exchange()).numLevels(subscription.depthLevels()));
    }
    flush();
  }

  void sendUnsubscribe(long symbolId) {
    writer.end(writer.begin(new MarketDataRequest()).requestAction(2).symbolId(symbolId));
    flush();
  }

  void send(DataRequest request) {
    if (request.kind() == DataRequest.Kind.HISTORICAL_TICKS && !servesHistory
        && queueHistoryReject(request.requestId(), NO_HISTORY)) {
      return;
    }
    if (request.kind() == DataRequest.Kind.SECURITY_DEFINITION) {
      writer.end(writer.begin(new SecurityDefinitionForSymbolRequest()).requestId(request.requestId())
          .symbol(request.symbol()).exchange(request.exchange()));
    } else {
      writer.end(writer.begin(new HistoricalPriceDataRequest()).requestId(request.requestId())
          .symbol(request.symbol()).exchange(request.exchange()).recordInterval(INTERVAL_TICK)
          .startDateTime(request.startEpochSeconds()));
    }
    flush();
  }

  /**
   * Answers a historical request that will not be served (the server said it serves no history, the historical
   * data server failed) with a HISTORICAL_PRICE_DATA_REJECT of our own, queued like the server's would be: its
   * consumer stops waiting now rather than at its timeout. Needs no open channel.
   *
   * @return false when the queue is full: the caller decides (a failed fetch is retried once there is room)
   */
  boolean queueHistoryReject(int requestId, String text) {
    final int length = new HistoricalPriceDataReject().wrapForEncode(localMessage, 0)
        .requestId(requestId).rejectText(text).length();
    if (!queue.offer(HistoricalPriceDataReject.TYPE, localMessage, 0, length)) {
      return false;
    }
    session.onMessage(HistoricalPriceDataReject.TYPE, localMessage, 0, length);
    return true;
  }

  private void flush() {
    final int length = writer.length();
    if (length == 0 || ctx == null) {
      return;
    }
    final ByteBuf out = ctx.alloc().buffer(length).writeBytes(writer.array(), 0, length);
    writer.reset();
    metrics.bytesSent(length);
    ctx.writeAndFlush(out);
  }
}
