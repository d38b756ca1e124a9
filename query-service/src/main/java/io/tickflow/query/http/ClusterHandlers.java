package io.tickflow.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.format.ApiResponse;
import io.tickflow.query.routing.ClusterMetadata;
import io.tickflow.query.routing.ForwardedResponse;
import io.tickflow.query.routing.InstanceInfo;
import io.tickflow.query.routing.RequestForwarder;
import io.tickflow.query.security.AccessControl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handlers of the cluster-wide endpoints. {@code /symbols} gathers every instance's symbols and answers only when
 * the instances that answered hold (actively or as standby) every partition; otherwise 503, never a partial list
 * presented as complete. Each instance's part ({@code ?scope=local}) is labelled as such in its body and headers,
 * whoever asks: like {@link RequestForwarder#FORWARDED_HEADER}, the parameter is not a credential, so what it
 * answers must not pass for the whole list. Listed are the symbols the API answers for: a stored key that a request
 * cannot name (stored before the symbol rule or the {@code symbol.*} settings changed) is left out and logged.
 */
public final class ClusterHandlers {

  /** {@code ?scope=local}: this instance's part of the list only (what instances ask each other). */
  public static final String SCOPE = "scope";
  public static final String LOCAL = "local";
  /** Sent with {@value #LOCAL} on an answer that is one instance's part of the list. */
  public static final String SCOPE_HEADER = "X-Tickflow-Scope";

  private static final Logger log = LoggerFactory.getLogger(ClusterHandlers.class);

  /** How many examples the log line of unlisted keys names. */
  private static final int UNLISTED_EXAMPLES = 5;

  private final MarketDataReader reader;
  private final CanonicalSymbols symbols;
  /** How many stored keys the last local list left out, so that the log line comes once while it stays so. */
  private final AtomicInteger unlisted = new AtomicInteger();
  private final ClusterMetadata metadata;
  private final RequestForwarder forwarder;
  private final Responder responder;
  private final ObjectMapper json;
  private final int retryAfterSeconds;

  /** @param symbols the canonical form of a symbol as asked: a stored key is listed if it is its own */
  public ClusterHandlers(MarketDataReader reader, CanonicalSymbols symbols, ClusterMetadata metadata,
                         RequestForwarder forwarder, Responder responder, ObjectMapper json, int retryAfterSeconds) {
    this.reader = reader;
    this.symbols = symbols;
    this.metadata = metadata;
    this.forwarder = forwarder;
    this.responder = responder;
    this.json = json;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** {@code GET /api/v1/symbols}: every symbol of the application, sorted. */
  public void symbols(Context ctx) {
    responder.format(ctx);
    String scope = ctx.queryParam(SCOPE);
    if (scope == null) {
      Set<String> symbols = clusterSymbols(ctx);
      List<SymbolsBody.Row> rows = symbols.stream().map(SymbolsBody.Row::new).toList();
      responder.respond(ctx, new ApiResponse(new SymbolsBody(List.copyOf(symbols)), rows, SymbolsBody.Row.class));
    } else if (LOCAL.equals(scope)) {
      localPart(ctx);
    } else {
      throw ApiException.badRequest(SCOPE, "scope must be " + LOCAL + " (this instance's part of the list) or "
          + "absent (the whole list)");
    }
  }

  private void localPart(Context ctx) {
    Set<String> symbols = localSymbols();
    String instance = InstanceInfo.server(metadata.self());
    List<LocalSymbolsBody.Row> rows = symbols.stream().map(symbol -> new LocalSymbolsBody.Row(instance, symbol))
        .toList();
    ctx.header(SCOPE_HEADER, LOCAL);
    ctx.header(RoutedQuery.INSTANCE_HEADER, instance);
    responder.respond(ctx, new ApiResponse(new LocalSymbolsBody(LOCAL, instance, List.copyOf(symbols)), rows,
        LocalSymbolsBody.Row.class));
  }

  /** {@code GET /api/v1/instances}: which instance hosts which partitions and stores. */
  public void instances(Context ctx) {
    List<InstanceInfo> instances = metadata.instances();
    if (instances.isEmpty()) {
      throw unavailable("The Streams metadata is not available yet (starting or rebalancing)");
    }
    List<InstancesBody.Row> rows = instances.stream().map(InstancesBody.Row::of).toList();
    responder.respond(ctx, new ApiResponse(new InstancesBody(InstanceInfo.server(metadata.self()), instances), rows,
        InstancesBody.Row.class));
  }

  private Set<String> localSymbols() {
    Set<String> stored;
    try {
      stored = new TreeSet<>(reader.symbols(ReadMode.STANDBY_ALLOWED));
    } catch (StoreUnavailableException e) {
      throw unavailable("This instance's stores cannot answer now: " + e.getMessage());
    }
    return listable(stored);
  }

  /**
   * The stored keys a request can name: those that are their own canonical symbol. Others were stored before the
   * symbol rule widened or the {@code symbol.*} settings changed (ES with a zero-width space U+200B is refused now,
   * ES with a trailing no-break space U+00A0 is read as {@code ES}); listed, the web page's picker offered them and
   * every other endpoint refused them (400) or answered for another key. A replay rebuilds the stores without them.
   */
  private Set<String> listable(Set<String> stored) {
    Set<String> listed = new TreeSet<>();
    List<String> left = new ArrayList<>();
    for (String key : stored) {
      if (symbols.of(key).filter(key::equals).isPresent()) {
        listed.add(key);
      } else {
        left.add(key);
      }
    }
    if (unlisted.getAndSet(left.size()) != left.size() && !left.isEmpty()) {
      log.warn("{} stored symbols are not listed by /api/v1/symbols, as the API answers for none of them (stored "
          + "before the symbol rule or the symbol.* settings changed): {}{}; a replay rebuilds the stores without "
          + "them (docs/troubleshooting.md)", left.size(), String.join(", ", left.stream().limit(UNLISTED_EXAMPLES)
          .map(ClusterHandlers::visible).toList()), left.size() > UNLISTED_EXAMPLES ? ", ..." : "");
    }
    return listed;
  }

  /** A key as a log line can show it: an invisible or non-ASCII character as its {@code \\uXXXX} escape. */
  private static String visible(String key) {
    StringBuilder text = new StringBuilder(key.length());
    key.chars().forEach(c -> text.append(c > ' ' && c < 0x7F ? String.valueOf((char) c)
        : String.format(Locale.ROOT, "\\u%04X", c)));
    return text.toString();
  }

  private Set<String> clusterSymbols(Context ctx) {
    List<InstanceInfo> instances = metadata.instances();
    if (instances.isEmpty()) {
      throw unavailable("The Streams metadata is not available yet (starting or rebalancing)");
    }
    Set<String> symbols = new TreeSet<>();
    Set<String> needed = new HashSet<>();
    Set<String> covered = new HashSet<>();
    for (InstanceInfo instance : instances) {
      needed.addAll(instance.activePartitions());
      Optional<List<String>> answer = instance.self() ? Optional.of(List.copyOf(localSymbols()))
          : remoteSymbols(instance, ctx);
      answer.ifPresent(list -> {
        symbols.addAll(list);
        covered.addAll(instance.activePartitions());
        covered.addAll(instance.standbyPartitions());
      });
    }
    if (!covered.containsAll(needed)) {
      Set<String> missing = new TreeSet<>(needed);
      missing.removeAll(covered);
      throw unavailable("No reachable instance holds partitions " + missing + "; the symbol list would be partial");
    }
    return symbols;
  }

  private Optional<List<String>> remoteSymbols(InstanceInfo instance, Context ctx) {
    String[] hostPort = instance.server().split(":");
    HostInfo host = new HostInfo(hostPort[0], Integer.parseInt(hostPort[1]));
    Map<String, String> headers = AccessControl.keyHeaders(ctx::header, ctx::queryParam);
    try {
      ForwardedResponse response = forwarder.forward(host, "/api/v1/symbols?" + SCOPE + "=" + LOCAL + "&format=json",
          headers, false);
      if (response.status() != 200) {
        log.debug("Instance {} answered {} for its symbols", instance.server(), response.status());
        return Optional.empty();
      }
      return Optional.of(new ArrayList<>(json.readValue(response.body(), LocalSymbolsBody.class).localSymbols()));
    } catch (IOException e) {
      log.warn("Instance {} did not answer for its symbols: {}", instance.server(), e.getMessage());
      return Optional.empty();
    }
  }

  private ApiException unavailable(String message) {
    return ApiException.unavailable(message, retryAfterSeconds);
  }
}
