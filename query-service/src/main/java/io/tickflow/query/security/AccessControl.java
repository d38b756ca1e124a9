package io.tickflow.query.security;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tickflow.query.http.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * API-key checks and per-key rate limits, run before every request when security is on. A key comes in the
 * {@value #HEADER} header or, for browsers' WebSockets which cannot set headers, the {@value #QUERY_PARAM} query
 * parameter. Health probes and the page are open. Thread-safe.
 */
public final class AccessControl {

  public static final String HEADER = "X-API-Key";
  public static final String QUERY_PARAM = "api_key";
  /** The {@code WWW-Authenticate} challenge of a 401: where a key goes. */
  public static final String CHALLENGE = "ApiKey realm=\"tickflow\", header=\"" + HEADER + "\", query=\""
      + QUERY_PARAM + "\"";

  private final boolean enabled;
  /**
   * By the SHA-256 digest of their secret, in hex: a lookup compares the presented key's digest, not the key, with
   * the stored ones, so the time a comparison takes tells an attacker nothing about a secret's characters (String
   * equality stops at the first difference).
   */
  private final Map<String, ApiKey> keys;
  private final RateLimiter limiter;
  private final List<String> corsOrigins;

  /**
   * @param corsOrigins the origins CORS allows ({@code cors.allowed.origins}); empty (CORS off) or {@code *} leave
   *     WebSocket origins unchecked
   */
  public AccessControl(boolean enabled, List<ApiKey> keys, RateLimiter limiter, List<String> corsOrigins) {
    this.enabled = enabled;
    this.keys = keys.stream().collect(Collectors.toUnmodifiableMap(key -> digest(key.secret()), Function.identity()));
    this.limiter = limiter;
    this.corsOrigins = List.copyOf(corsOrigins);
  }

  /**
   * The key a request carries: the {@value #HEADER} header, else the {@value #QUERY_PARAM} query parameter.
   *
   * @param header the request's header of a name ({@code ctx::header})
   * @param queryParam the request's decoded query parameter of a name ({@code ctx::queryParam})
   */
  public static Optional<String> clientKey(UnaryOperator<String> header, UnaryOperator<String> queryParam) {
    return Optional.ofNullable(header.apply(HEADER)).or(() -> Optional.ofNullable(queryParam.apply(QUERY_PARAM)));
  }

  /**
   * The headers that pass a request's key on to another instance, however the client sent it: every request an
   * instance sends another on a client's behalf needs the client's key there, or it is refused and the client gets
   * a partial answer or a failure for a key that is valid.
   */
  public static Map<String, String> keyHeaders(UnaryOperator<String> header, UnaryOperator<String> queryParam) {
    return clientKey(header, queryParam).map(key -> Map.of(HEADER, key)).orElse(Map.of());
  }

  /**
   * Takes a token of {@code secret}'s rate for work beyond the request itself (a WebSocket subscribe).
   *
   * @param secret the key the client connected with, or null
   * @return empty when allowed, security is off or the key is unknown (its connection was refused); else the whole
   *     seconds to wait
   */
  public OptionalLong tryAcquire(String secret) {
    if (!enabled || secret == null || !keys.containsKey(digest(secret))) {
      return OptionalLong.empty();
    }
    return limiter.tryAcquire(secret);
  }

  /**
   * Refuses a browser's WebSocket upgrade from an origin that CORS does not allow: the same-origin policy does not
   * cover WebSockets, so without this any page could read /ws (cross-site WebSocket hijacking). Clients without an
   * Origin (not browsers) and the service's own page (Origin host and port = Host) pass.
   *
   * @throws ApiException 403 for another origin
   */
  public void checkWebSocketOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || corsOrigins.isEmpty() || corsOrigins.contains("*") || sameHost(origin, ctx.header("Host"))
        || corsOrigins.stream().anyMatch(allowed -> originMatches(origin.toLowerCase(Locale.ROOT), allowed))) {
      return;
    }
    throw ApiException.forbidden("WebSocket connections from origin " + origin + " are not allowed: see "
        + "cors.allowed.origins");
  }

  /**
   * As Javalin's CORS plugin matches: equal, or {@code scheme://*.base} matching one more label before base.
   *
   * @param allowed a normalized entry of {@code cors.allowed.origins}
   */
  private static boolean originMatches(String origin, String allowed) {
    int wildcard = allowed.indexOf("://*.");
    if (wildcard < 0) {
      return origin.equals(allowed);
    }
    String scheme = allowed.substring(0, wildcard + 3);
    String base = allowed.substring(wildcard + 4);
    if (!origin.startsWith(scheme) || !origin.endsWith(base)) {
      return false;
    }
    String label = origin.substring(scheme.length(), origin.length() - base.length());
    return !label.isEmpty() && label.chars().noneMatch(c -> c == '.' || c == ':' || c == '/');
  }

  private static boolean sameHost(String origin, String host) {
    try {
      return host != null && host.equalsIgnoreCase(new URI(origin).getRawAuthority());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * The right a path needs, if any. Trailing slashes are ignored as Javalin's router ignores them: /metrics/ is
   * served by the /metrics route and must need the same right.
   */
  public static Optional<Right> requiredRight(String requestPath) {
    String path = stripTrailingSlashes(requestPath);
    if (path.equals("/metrics") || path.startsWith("/api/v1/instances")) {
      return Optional.of(Right.OPS);
    }
    if (path.startsWith("/api/")) {
      return Optional.of(Right.READ);
    }
    if (path.equals("/ws")) {
      return Optional.of(Right.STREAM);
    }
    return Optional.empty();
  }

  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  /**
   * Checks the request's key; a Javalin before-handler.
   *
   * @throws ApiException 401 without a known key, 403 when the key lacks the right, 429 over its rate
   */
  public void check(Context ctx) {
    // A CORS preflight never carries the key (browsers leave custom headers out of it) and serves no data.
    if (!enabled || ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    Optional<Right> right = requiredRight(ctx.path());
    if (right.isEmpty()) {
      return;
    }
    String secret = clientKey(ctx::header, ctx::queryParam).orElseThrow(
        () -> ApiException.unauthorized("An API key is required: send it in the " + HEADER + " header or the "
            + QUERY_PARAM + " query parameter"));
    ApiKey key = keys.get(digest(secret));
    if (key == null) {
      throw ApiException.unauthorized("Unknown API key");
    }
    if (!key.rights().contains(right.get())) {
      throw ApiException.forbidden("This API key lacks the '" + right.get().label() + "' right needed for "
          + ctx.path());
    }
    OptionalLong wait = limiter.tryAcquire(secret);
    if (wait.isPresent()) {
      throw ApiException.rateLimited("Rate limit of this API key exceeded; retry in " + wait.getAsLong() + " s",
          (int) wait.getAsLong());
    }
  }

  private static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
