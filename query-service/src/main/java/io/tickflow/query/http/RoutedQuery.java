package io.tickflow.query.http;

import io.javalin.http.Context;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.format.ApiResponse;
import io.tickflow.query.format.Formats;
import io.tickflow.query.format.ResponseFormat;
import io.tickflow.query.routing.ForwardedResponse;
import io.tickflow.query.routing.InstanceInfo;
import io.tickflow.query.routing.KeyOwnerRouter;
import io.tickflow.query.routing.RequestForwarder;
import io.tickflow.query.routing.RoutePlan;
import io.tickflow.query.routing.Target;
import io.tickflow.query.routing.UnknownStoreException;
import io.tickflow.query.security.AccessControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request for one symbol from whichever instance can: this one's stores or the owner's, then a
 * standby's. Which instance answered is in {@value #INSTANCE_HEADER}; {@value #SERVED_BY_HEADER} says
 * {@code standby} when a standby replica (possibly a little behind) answered. When none can, 503 with Retry-After.
 * Thread-safe.
 */
public final class RoutedQuery {

  public static final String SERVED_BY_HEADER = "X-Tickflow-Served-By";
  public static final String INSTANCE_HEADER = "X-Tickflow-Instance";
  /** Sent with {@code true} (and a {@code Link} with {@code rel="prev"}) when a limit cut the range answered. */
  public static final String TRUNCATED_HEADER = "X-Tickflow-Truncated";

  /** The headers of an answer that describe its content, passed back to the client when another instance answers. */
  private static final List<String> CONTENT_HEADERS = List.of(TRUNCATED_HEADER, "Link");

  private static final String JSON = "application/json;charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(RoutedQuery.class);

  private final KeyOwnerRouter router;
  private final RequestForwarder forwarder;
  private final Responder responder;
  private final Formats formats;
  private final int retryAfterSeconds;

  public RoutedQuery(KeyOwnerRouter router, RequestForwarder forwarder, Responder responder, Formats formats,
                     int retryAfterSeconds) {
    this.router = router;
    this.forwarder = forwarder;
    this.responder = responder;
    this.formats = formats;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Answers an HTTP request for {@code symbol} in its negotiated format.
   *
   * @param localRead reads this instance's stores in the given mode; empty means the symbol is unknown (404)
   * @throws ApiException 400 for a bad format, 404 for an unknown symbol, 503 when no instance can answer
   */
  public void answer(Context ctx, String symbol, LocalRead localRead) {
    ResponseFormat format = responder.format(ctx);
    String forwarded = ctx.header(RequestForwarder.FORWARDED_HEADER);
    RoutePlan plan = forwarded == null ? route(localRead.dataset(), symbol)
        : routeForwarded(localRead.dataset(), symbol, forwarded);
    RoutedAnswer answer = fetch(symbol, plan, new ApiRequest(ctx.path(), ctx.queryParamMap()), passedHeaders(ctx),
        localRead, format);
    ctx.header(INSTANCE_HEADER, InstanceInfo.server(answer.servedBy().host()));
    ctx.header(SERVED_BY_HEADER, answer.servedBy().standby() ? "standby" : "active");
    answer.retryAfter().ifPresent(value -> ctx.header("Retry-After", value));
    answer.headers().forEach(ctx::header);
    ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
  }

  /**
   * Answers for {@code symbol} outside an HTTP request (WebSocket snapshots), in JSON, from its active owner only:
   * a standby lags its active (the changelog reaches it after the commit) and may not hold the key yet, while the
   * updates that follow a snapshot start where the active's commits are, so a standby's snapshot could leave a gap
   * in the trades, an older bar kept for good, or a "no data yet" that is not true.
   *
   * @param request the REST request other instances answer the same question with
   * @param headers headers to pass on (the API key)
   * @throws ApiException 503 when the active owner cannot answer now
   */
  public RoutedAnswer fetchActiveJson(String symbol, ApiRequest request, Map<String, String> headers,
                                      LocalRead localRead) {
    RoutePlan active = route(localRead.dataset(), symbol).activeOnly();
    if (active.isUnavailable()) {
      throw ApiException.unavailable("Only a standby could answer for " + symbol + " now, and a standby may lag the "
          + "live updates; retry later", retryAfterSeconds);
    }
    return fetch(symbol, active, request, headers, localRead, ResponseFormat.JSON);
  }

  private RoutePlan route(Dataset dataset, String symbol) {
    return route(() -> router.route(dataset, symbol), dataset, symbol);
  }

  private static RoutePlan route(Supplier<RoutePlan> planner, Dataset dataset, String symbol) {
    try {
      return planner.get();
    } catch (UnknownStoreException e) {
      log.error("Cannot route {} of {}: {}", dataset, symbol, e.getMessage());
      throw ApiException.notFound(e.getMessage());
    }
  }

  /**
   * A forwarded request is answered from this instance's stores only (so forwards never loop), and only when it
   * holds the key in the role asked: the marking header grants nothing else (keys and rate limits apply as to any
   * request), so a client sending it gets the same answer, or this 503.
   */
  private RoutePlan routeForwarded(Dataset dataset, String symbol, String forwarded) {
    boolean asStandby = RequestForwarder.AS_STANDBY.equals(forwarded);
    RoutePlan plan = route(() -> router.routeForwarded(dataset, symbol, asStandby), dataset, symbol);
    if (plan.isUnavailable()) {
      throw ApiException.unavailable("This instance does not hold " + symbol + "'s " + dataset.name()
          .toLowerCase(Locale.ROOT) + " as " + (asStandby ? "active or standby" : "active owner") + " now; "
          + RequestForwarder.FORWARDED_HEADER + " is for requests between instances: send the request without it",
          retryAfterSeconds);
    }
    return plan;
  }

  private RoutedAnswer fetch(String symbol, RoutePlan plan, ApiRequest request, Map<String, String> headers,
                             LocalRead localRead, ResponseFormat format) {
    for (Target target : plan.targets()) {
      Optional<RoutedAnswer> answer = target.local() ? readLocally(symbol, target, localRead, request, format)
          : forward(target, request.pathAndQuery(), headers);
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    throw ApiException.unavailable("No instance can answer for " + symbol + " now (rebalancing, or its owner and "
        + "standbys are down); retry later", retryAfterSeconds);
  }

  private Optional<RoutedAnswer> readLocally(String symbol, Target target, LocalRead localRead, ApiRequest request,
                                             ResponseFormat format) {
    Optional<ApiResponse> response;
    try {
      response = localRead.read().apply(target.standby() ? ReadMode.STANDBY_ALLOWED : ReadMode.ACTIVE);
    } catch (StoreUnavailableException e) {
      log.debug("Local stores cannot answer for {}: {}", symbol, e.getMessage());
      return Optional.empty();
    }
    if (response.isEmpty()) {
      // An answer, not a throw: a 404 names the instance that gave it and whether it is a standby, like a 200 does.
      ApiError error = ApiException.notFound(localRead.notFound()).error();
      return Optional.of(new RoutedAnswer(error.status(), JSON, utf8(formats.toJson(error)), Optional.empty(),
          Map.of(), target));
    }
    byte[] body = utf8(formats.write(response.get(), format));
    return Optional.of(new RoutedAnswer(200, format.mediaType() + ";charset=utf-8", body, Optional.empty(),
        contentHeaders(response.get(), request), target));
  }

  /**
   * Headers rather than (only) body fields say that a limit cut the answer, so a client learns it in every format,
   * CSV included. The link repeats the request for the part before, format and all, without a key given as
   * {@code ?api_key=}: a link is the kind of thing that gets logged and shared.
   */
  private static Map<String, String> contentHeaders(ApiResponse response, ApiRequest request) {
    return response.previousTo().map(to -> Map.of(TRUNCATED_HEADER, "true",
            "Link", "<" + request.with(QueryParams.TO, Formats.instant(to)).without(AccessControl.QUERY_PARAM)
                .pathAndQuery() + ">; rel=\"prev\""))
        .orElse(Map.of());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Optional<RoutedAnswer> forward(Target target, String pathAndQuery, Map<String, String> headers) {
    ForwardedResponse response;
    try {
      response = forwarder.forward(target.host(), pathAndQuery, headers, target.standby());
    } catch (IOException e) {
      log.warn("Instance {} did not answer a forwarded request: {}", target.host(), e.toString());
      return Optional.empty();
    }
    if (response.ownerUnavailable()) {
      log.debug("Instance {} cannot answer now (503)", target.host());
      return Optional.empty();
    }
    Map<String, String> contentHeaders = new HashMap<>();
    CONTENT_HEADERS.forEach(name -> response.headers().firstValue(name)
        .ifPresent(value -> contentHeaders.put(name, value)));
    return Optional.of(new RoutedAnswer(response.status(), response.contentType(), response.body(),
        response.retryAfter(), contentHeaders, target));
  }

  private static Map<String, String> passedHeaders(Context ctx) {
    Map<String, String> headers = new HashMap<>(AccessControl.keyHeaders(ctx::header, ctx::queryParam));
    Optional.ofNullable(ctx.header("Accept")).ifPresent(accept -> headers.put("Accept", accept));
    return headers;
  }
}
