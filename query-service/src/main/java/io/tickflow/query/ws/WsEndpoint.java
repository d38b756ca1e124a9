package io.tickflow.query.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import io.tickflow.query.format.Formats;
import io.tickflow.query.http.ApiException;
import io.tickflow.query.http.CanonicalSymbols;
import io.tickflow.query.http.QueryParams;
import io.tickflow.query.security.AccessControl;
import io.tickflow.symbols.SymbolRule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} endpoint: JSON subscribe/unsubscribe/ping messages in; subscribed, snapshot, update, pong,
 * heartbeat and error messages out, each data message numbered per subscription. Heartbeats go both ways: the
 * server sends one every interval and disconnects a client silent for longer than the timeout. Snapshots load on
 * a small pool so a slow owner never blocks Jetty's threads.
 */
public final class WsEndpoint implements AutoCloseable {

  /** Close code for a client that stopped sending heartbeats (application range 4000-4999). */
  public static final int CLOSE_HEARTBEAT_TIMEOUT = 4000;

  private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
  private static final String BATCH = "batch";
  private static final String MESSAGE_RULE = "messages are single JSON objects with a 'type'";
  private static final String NUMBER_RULE = "numbers must have an exponent within +-" + Integer.MAX_VALUE;
  private static final String TYPE_RULE = "type must be one of: subscribe, unsubscribe, ping, heartbeat";

  private final LiveHub hub;
  private final SnapshotLoader snapshots;
  private final SubscribeLimit subscribeLimit;
  private final WsMeters metrics;
  private final ObjectMapper json;
  private final ObjectReader reader;
  private final Settings settings;
  private final Clock clock;
  private final ExecutorService snapshotPool = Executors.newFixedThreadPool(2, daemon("ws-snapshot"));
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("ws-heartbeat"));

  /**
   * Limits and timing of the endpoint.
   *
   * @param symbols the canonical form of a symbol as a client spells it
   * @param queueCapacity per-client queue bound ({@code ws.queue.capacity})
   * @param maxSubscriptions per-client subscription bound
   */
  public record Settings(List<String> timeframes, CanonicalSymbols symbols, int queueCapacity, int maxSubscriptions,
                         Duration heartbeatInterval, Duration heartbeatTimeout) {
  }

  /** Admits a client's subscribe: each loads a snapshot, so a loop of them must count against its API key's rate. */
  @FunctionalInterface
  public interface SubscribeLimit {

    /** Empty to go on, else the whole seconds to wait. */
    OptionalLong tryAcquire(ClientConnection client);
  }

  public WsEndpoint(LiveHub hub, SnapshotLoader snapshots, WsMeters metrics, ObjectMapper json,
                    Settings settings, SubscribeLimit subscribeLimit, Clock clock) {
    this.hub = hub;
    this.subscribeLimit = subscribeLimit;
    this.snapshots = snapshots;
    this.metrics = metrics;
    this.json = json;
    // Decimals as sent: a ping's id comes back the same, where a double would round it (1e400 to "Infinity").
    this.reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
        DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.settings = settings;
    this.clock = clock;
    long interval = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
  }

  /**
   * Refuses, before the upgrade, a connection whose parameters are invalid (a 400 naming the parameter); else keeps
   * with the request what the open WebSocket needs of the upgrade.
   *
   * @throws ApiException for a parameter other than {@code batch} and {@code api_key} ({@code batched=true} would
   *     give unbatched frames unseen), or when {@code batch} is neither true nor false
   */
  public void beforeUpgrade(Context ctx) {
    QueryParams.checkKnown(ctx, "/ws", List.of(BATCH, AccessControl.QUERY_PARAM));
    framing(ctx.queryParam(BATCH));
    ReceivedFrames.remember(ctx);
  }

  private static Framing framing(String batch) {
    return Framing.ofBatchParameter(batch)
        .orElseThrow(() -> ApiException.badRequest(BATCH, "batch must be true or false, was '" + batch + "'"));
  }

  /** Installs the handlers on Javalin's WebSocket route. */
  public void configure(WsConfig ws) {
    ws.onConnect(this::onConnect);
    ws.onMessage(this::onMessage);
    ws.onBinaryMessage(this::onBinaryMessage);
    ws.onClose(this::onClose);
    ws.onError(this::onError);
  }

  private void onConnect(WsConnectContext ctx) {
    JettySessionSink sink = new JettySessionSink(ctx.session);
    Outbox outbox = new Outbox(sink, framing(ctx.queryParam(BATCH)), settings.queueCapacity(),
        new MeteredListener(ctx.sessionId()));
    hub.add(new ClientConnection(ctx.sessionId(), sink, outbox, AccessControl.keyHeaders(ctx::header,
        ctx::queryParam), ReceivedFrames.of(ctx), clock.millis()));
    metrics.connected();
  }

  private void onMessage(WsMessageContext ctx) {
    hub.client(ctx.sessionId()).ifPresent(client -> {
      client.heard(clock.millis());
      try {
        handle(client, parse(ctx.message()));
      } catch (BadMessage e) {
        sendError(client, "bad_request", e.getMessage(), null);
      }
    });
  }

  /** A binary frame still shows the client is alive, but the protocol is JSON text: say so rather than drop it. */
  private void onBinaryMessage(WsBinaryMessageContext ctx) {
    hub.client(ctx.sessionId()).ifPresent(client -> {
      client.heard(clock.millis());
      sendError(client, "bad_request", MESSAGE_RULE + " in text frames; binary frames are not read", null);
    });
  }

  /** One JSON object: anything after it (a second object) would be dropped unseen, so it fails the message. */
  private JsonNode parse(String text) {
    JsonNode message;
    try {
      message = reader.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadMessage(MESSAGE_RULE);
    } catch (NumberFormatException e) {
      // Valid JSON that no BigDecimal holds (1e9999999999): uncaught, it left the client without an answer.
      throw new BadMessage(NUMBER_RULE);
    }
    if (!message.isObject()) {
      throw new BadMessage(MESSAGE_RULE);
    }
    return message;
  }

  private void handle(ClientConnection client, JsonNode message) {
    String type = text(message, "type", TYPE_RULE).orElse("");
    switch (type) {
      case "subscribe":
        subscribe(client, parseKey(message));
        break;
      case "unsubscribe":
        unsubscribe(client, subscriptionId(message));
        break;
      case "ping":
        ObjectNode pong = json.createObjectNode().put("type", "pong").put("time", Formats.instant(clock.instant()));
        pong.set("id", message.get("id"));
        client.outbox().offerControl(pong.toString());
        break;
      case "heartbeat":
        break;
      default:
        throw new BadMessage(TYPE_RULE);
    }
  }

  private SubscriptionKey parseKey(JsonNode message) {
    String channelRule = "channel must be one of: " + Channel.allowedLabels();
    Channel channel = text(message, "channel", channelRule).flatMap(Channel::byLabel)
        .orElseThrow(() -> new BadMessage(channelRule));
    String symbol = text(message, "symbol", SymbolRule.RULE).flatMap(settings.symbols()::of)
        .orElseThrow(() -> new BadMessage(SymbolRule.RULE));
    String timeframeRule = "timeframe must be one of: " + String.join(", ", settings.timeframes());
    Optional<String> timeframe = text(message, "timeframe", timeframeRule);
    if (channel != Channel.BARS) {
      // Ignoring it would leave the client believing it follows, say, one-minute trades.
      if (timeframe.isPresent()) {
        throw new BadMessage("timeframe applies to channel bars only");
      }
      return SubscriptionKey.of(channel, symbol);
    }
    String chosen = timeframe.orElse(settings.timeframes().get(0));
    if (!settings.timeframes().contains(chosen)) {
      throw new BadMessage(timeframeRule);
    }
    return SubscriptionKey.bars(symbol, chosen);
  }

  /** The subscription an unsubscribe names: by its id, as the server sent it, or by the fields of its subscribe. */
  private String subscriptionId(JsonNode message) {
    Optional<String> id = text(message, "sub", "sub must be a subscription id, as in 'subscribed'");
    if (id.isEmpty()) {
      return parseKey(message).id();
    }
    // A null field is an absent one here too, as text() reads it.
    if (message.hasNonNull("channel") || message.hasNonNull("symbol") || message.hasNonNull("timeframe")) {
      throw new BadMessage("unsubscribe takes a subscription id (sub) or the fields of its subscribe, not both");
    }
    return id.get();
  }

  /**
   * An optional string field; empty when absent or null. A number or an object where a string belongs is refused
   * with {@code rule}, not read as its text: {@code "symbol":123} is no symbol.
   */
  private static Optional<String> text(JsonNode message, String field, String rule) {
    JsonNode value = message.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadMessage(rule);
    }
    return Optional.of(value.textValue());
  }

  private void subscribe(ClientConnection client, SubscriptionKey key) {
    // At the limit, a repeated subscription is still told as already_subscribed (below), not as one too many.
    if (client.subscriptions().size() >= settings.maxSubscriptions()
        && !client.subscriptions().containsKey(key.id())) {
      sendError(client, "too_many_subscriptions", "at most " + settings.maxSubscriptions()
          + " subscriptions per connection (ws.max.subscriptions)", key.id());
      return;
    }
    OptionalLong wait = subscribeLimit.tryAcquire(client);
    if (wait.isPresent()) {
      client.outbox().offerControl(error("rate_limited", "Rate limit of this API key exceeded; retry in "
          + wait.getAsLong() + " s", key.id()).put("retryAfter", wait.getAsLong()).toString());
      return;
    }
    Optional<Subscription> subscription = hub.subscribe(client, key);
    if (subscription.isEmpty()) {
      sendError(client, "already_subscribed", "already subscribed to " + key.id(), key.id());
      return;
    }
    client.outbox().offerControl(control("subscribed", key.id()));
    snapshotPool.execute(() -> loadSnapshot(client, subscription.get()));
  }

  private void loadSnapshot(ClientConnection client, Subscription subscription) {
    SubscriptionKey key = subscription.key();
    try {
      hub.snapshotLoaded(client, subscription, snapshots.load(key, client.forwardHeaders()));
    } catch (ApiException e) {
      fail(client, subscription, "unavailable", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Snapshot of {} for client {} failed", key.id(), client.id(), e);
      fail(client, subscription, "internal", "the snapshot could not be loaded");
    }
  }

  /** Ends a subscription whose snapshot failed, unless the client ended it first (and maybe subscribed anew). */
  private void fail(ClientConnection client, Subscription subscription, String code, String message) {
    if (hub.unsubscribe(client, subscription)) {
      sendError(client, code, message, subscription.key().id());
    }
  }

  private void unsubscribe(ClientConnection client, String subscriptionId) {
    if (hub.unsubscribe(client, subscriptionId)) {
      client.outbox().offerControl(control("unsubscribed", subscriptionId));
    } else {
      sendError(client, "not_subscribed", "no subscription " + subscriptionId, subscriptionId);
    }
  }

  private void onClose(WsCloseContext ctx) {
    hub.client(ctx.sessionId()).ifPresent(client -> disconnect(client, DisconnectReason.CLOSED));
  }

  private void onError(WsErrorContext ctx) {
    log.debug("WebSocket error on {}", ctx.sessionId(), ctx.error());
    hub.client(ctx.sessionId()).ifPresent(client -> disconnect(client, DisconnectReason.ERROR));
  }

  private void disconnect(ClientConnection client, DisconnectReason reason) {
    if (hub.remove(client)) {
      client.outbox().close();
      metrics.disconnected(reason);
    }
  }

  private void heartbeat() {
    long now = clock.millis();
    // The interval lets a client tell a dead connection (no close, nothing at all) from a quiet market.
    String beat = json.createObjectNode().put("type", "heartbeat").put("time", Formats.instant(clock.instant()))
        .put("intervalMillis", settings.heartbeatInterval().toMillis()).toString();
    for (ClientConnection client : hub.clients()) {
      client.countFrames(now);
      if (now - client.lastHeardMillis() > settings.heartbeatTimeout().toMillis()) {
        // Counted before the close: the close's own callback (onClose, maybe on another thread) would count it
        // as "closed" first.
        disconnect(client, DisconnectReason.HEARTBEAT_TIMEOUT);
        client.close(CLOSE_HEARTBEAT_TIMEOUT, "nothing heard for " + settings.heartbeatTimeout().toMillis() + " ms");
      } else {
        client.outbox().offerControl(beat);
        // A live client's WebSocket layer answers with a pong, a frame that shows it alive though it sends nothing.
        client.ping();
      }
    }
  }

  private String control(String type, String subscriptionId) {
    return json.createObjectNode().put("type", type).put("sub", subscriptionId).toString();
  }

  private void sendError(ClientConnection client, String code, String message, String subscriptionId) {
    client.outbox().offerControl(error(code, message, subscriptionId).toString());
  }

  private ObjectNode error(String code, String message, String subscriptionId) {
    ObjectNode error = json.createObjectNode().put("type", "error").put("code", code).put("message", message);
    if (subscriptionId != null) {
      error.put("sub", subscriptionId);
    }
    return error;
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    snapshotPool.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Counts what one client's outbox does, and forgets the client when it was too slow. */
  private final class MeteredListener implements OutboxListener {

    private final String clientId;

    private MeteredListener(String clientId) {
      this.clientId = clientId;
    }

    @Override
    public void sent(int messages) {
      metrics.messagesSent(messages);
    }

    @Override
    public void conflated(Channel channel) {
      metrics.conflated(channel);
    }

    @Override
    public void slowConsumer() {
      log.info("Disconnected WebSocket client {}: too slow for its trades subscription", clientId);
      hub.client(clientId).ifPresent(client -> disconnect(client, DisconnectReason.SLOW_CONSUMER));
    }

    @Override
    public void writeFailed(Throwable error) {
      log.debug("WebSocket write failed: {}", error.toString());
    }
  }

  /** A client message the protocol does not allow; its message is the error the client gets. */
  private static final class BadMessage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private BadMessage(String message) {
      // An expected outcome, answered to the client: no stack trace to fill.
      super(message, null, false, false);
    }
  }
}
