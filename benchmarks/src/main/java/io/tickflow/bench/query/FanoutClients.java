package io.tickflow.bench.query;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ResourceLeakDetector;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Many WebSocket clients (Netty), each following the one-minute bars of some symbols. For every live bar update
 * received it records, against the {@link RevisionLog}, the time since the broker appended the revision (the
 * end-to-end latency) and the time since the baseline consumer received it (what the query service adds).
 * Updates the baseline has not logged yet are matched at the end. The clients share a Netty event loop group
 * ({@code -Dclient.threads}, default 2) and pick fields from the message bytes without decoding them
 * ({@link UpdateBytes}): they may run on the server's machine, so their own CPU is kept small (the JDK's WebSocket
 * client, used before, took about 7 us per message on two threads).
 * With system property {@code client.batch=true} they connect with {@code /ws?batch=true} and take the messages of
 * each write as one JSON array.
 */
final class FanoutClients implements AutoCloseable {

  static {
    // Netty's leak detector records a stack trace for a sample of the buffers it allocates: a few percent of the
    // clients' CPU (async-profiler), taken from the cores the service under test shares with them.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }

  private final RevisionLog log;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(Integer.getInteger("client.threads", 2), NioIoHandler.newFactory());
  private final List<Channel> channels = new ArrayList<>();
  /** Each event loop records into its own histograms: shared ones cost the clients atomics on every update. */
  private final Queue<Latencies> latencies = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Latencies> local = ThreadLocal.withInitial(() -> {
    Latencies mine = new Latencies();
    latencies.add(mine);
    return mine;
  });
  private final Queue<Receipt> unmatched = new ConcurrentLinkedQueue<>();
  private final LongAdder updates = new LongAdder();
  private final LongAdder conflated = new LongAdder();
  private final LongAdder frames = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private volatile boolean measuring;

  private FanoutClients(RevisionLog log) {
    this.log = log;
  }

  /**
   * Connects {@code clients} clients; client i follows {@code perClient} consecutive symbols from {@code i *
   * perClient}, wrapping around, so each symbol has about {@code clients * perClient / symbols} followers.
   */
  static FanoutClients connect(String host, int port, int clients, int perClient, List<String> symbols,
                               RevisionLog log) {
    FanoutClients fanout = new FanoutClients(log);
    URI uri = URI.create("ws://" + host + ":" + port + "/ws?batch=" + Boolean.getBoolean("client.batch"));
    List<CompletableFuture<Channel>> handshakes = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      CompletableFuture<Channel> handshake = new CompletableFuture<>();
      handshakes.add(handshake);
      new Bootstrap().group(fanout.group).channel(NioSocketChannel.class)
          .handler(fanout.new Client(uri, handshake)).connect(uri.getHost(), uri.getPort());
    }
    for (int i = 0; i < clients; i++) {
      Channel channel = handshakes.get(i).join();
      fanout.channels.add(channel);
      for (int j = 0; j < perClient; j++) {
        String symbol = symbols.get((i * perClient + j) % symbols.size());
        channel.writeAndFlush(new TextWebSocketFrame("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\""
            + symbol + "\",\"timeframe\":\"1m\"}"));
      }
    }
    return fanout;
  }

  void measure(boolean on) {
    measuring = on;
  }

  /** Receipt minus broker append time, in ms, of every live bar update received while measuring. */
  Histogram endToEnd() {
    return merged(mine -> mine.endToEnd);
  }

  /** Receipt minus the baseline consumer's receipt of the same revision, in ms (0 when the client was first). */
  Histogram added() {
    return merged(mine -> mine.added);
  }

  private Histogram merged(Function<Latencies, Histogram> histogram) {
    matchLate();
    Histogram all = new Histogram(3);
    latencies.forEach(mine -> all.add(histogram.apply(mine)));
    return all;
  }

  long updates() {
    return updates.sum();
  }

  /** WebSocket messages received: one per update, or fewer when they come in arrays. */
  long frames() {
    return frames.sum();
  }

  /** Socket reads that delivered data to a client (Netty's read-complete events): how many writes reached them. */
  long reads() {
    return reads.sum();
  }

  /** Sum of the updates' {@code conflated} counts: revisions replaced before they were sent. */
  long conflated() {
    return conflated.sum();
  }

  private synchronized void matchLate() {
    for (Receipt receipt = unmatched.poll(); receipt != null; receipt = unmatched.poll()) {
      RevisionLog.Times times = log.times(receipt.key());
      if (times != null) {
        record(times, receipt.millis());
      }
    }
  }

  /** A WebSocket message: one message, or an array of them. */
  private void onFrame(ByteBuf content, long receipt) {
    frames.increment();
    int length = content.readableBytes();
    Latencies mine = local.get();
    if (mine.buffer.length < length) {
      mine.buffer = new byte[Math.max(length, 2 * mine.buffer.length)];
    }
    byte[] bytes = mine.buffer;
    content.getBytes(content.readerIndex(), bytes, 0, length);
    for (int at = UpdateBytes.nextUpdate(bytes, 0, length); at >= 0; ) {
      UpdateBytes.Update update = UpdateBytes.read(bytes, at, length);
      onUpdate(update, receipt);
      at = UpdateBytes.nextUpdate(bytes, update.end(), length);
    }
  }

  private void onUpdate(UpdateBytes.Update update, long receipt) {
    if (update.closed()) {
      return;
    }
    updates.increment();
    conflated.add(update.conflated());
    if (!measuring) {
      return;
    }
    RevisionLog.Times times = log.times(update.revisionKey());
    if (times == null) {
      unmatched.add(new Receipt(update.revisionKey(), receipt));
    } else {
      record(times, receipt);
    }
  }

  private void record(RevisionLog.Times times, long receipt) {
    Latencies mine = local.get();
    mine.endToEnd.recordValue(Math.max(0, receipt - times.appended()));
    mine.added.recordValue(Math.max(0, receipt - times.received()));
  }

  @Override
  public void close() {
    channels.forEach(Channel::close);
    group.shutdownGracefully().syncUninterruptibly();
  }

  /** One thread's latencies, in ms. */
  private static final class Latencies {
    private final Histogram endToEnd = new Histogram(3);
    private final Histogram added = new Histogram(3);
    /** The message being read: a copy of its bytes, reused. */
    private byte[] buffer = new byte[8192];
  }

  /** An update received before the baseline logged its revision. */
  private record Receipt(long key, long millis) {
  }

  /** One client's pipeline: HTTP upgrade, WebSocket framing (whole text messages), then the receipt. */
  private final class Client extends ChannelInitializer<SocketChannel> {

    private final URI uri;
    private final CompletableFuture<Channel> handshake;

    private Client(URI uri, CompletableFuture<Channel> handshake) {
      this.uri = uri;
      this.handshake = handshake;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
      channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
          new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
              .maxFramePayloadLength(1 << 20).withUTF8Validator(false).build()),
          new WebSocketFrameAggregator(1 << 20),
          new SimpleChannelInboundHandler<TextWebSocketFrame>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
              onFrame(frame.content(), System.currentTimeMillis());
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
              reads.increment();
              ctx.fireChannelReadComplete();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
              if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(ctx.channel());
              } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
              }
              ctx.fireUserEventTriggered(event);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
              handshake.completeExceptionally(cause);
              ctx.close();
            }
          });
    }
  }
}
