package io.tickflow.query.security;

import io.javalin.http.Context;
import io.tickflow.query.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * API-key checks and per-key rate limits, run before every request when security is on. A key comes in the
 * {@value #HEADER} header or, for browsers' WebSockets which cannot set headers, the {@value #QUERY_PARAM} query
 * parameter. Health probes and the page are open. Thread-safe.
 */
public final class AccessControl {

  public static final String HEADER = "X-API-Key";
  public static final String QUERY_PARAM = "api_key";

  private final boolean enabled;
  private final Map<String, ApiKey> keys;
  private final RateLimiter limiter;

  public AccessControl(boolean enabled, List<ApiKey> keys, RateLimiter limiter) {
    this.enabled = enabled;
    this.keys = keys.stream().collect(Collectors.toUnmodifiableMap(ApiKey::secret, Function.identity()));
    this.limiter = limiter;
  }

  /** The right a path needs, if any. */
  public static Optional<Right> requiredRight(String path) {
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

  /**
   * Checks the request's key; a Javalin before-handler.
   *
   * @throws ApiException 401 without a known key, 403 when the key lacks the right, 429 over its rate
   */
  public void check(Context ctx) {
    if (!enabled) {
      return;
    }
    Optional<Right> right = requiredRight(ctx.path());
    if (right.isEmpty()) {
      return;
    }
    String secret = Optional.ofNullable(ctx.header(HEADER)).orElse(ctx.queryParam(QUERY_PARAM));
    if (secret == null) {
      throw ApiException.unauthorized("An API key is required: send it in the " + HEADER + " header");
    }
    ApiKey key = keys.get(secret);
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
}
