package io.tickflow.query.http;

import java.util.OptionalInt;

/**
 * An error answered to the client as {@link ApiError} JSON with its status; thrown by handlers and filters, mapped
 * in one place by the app factory.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ApiError error;
  private final OptionalInt retryAfterSeconds;

  private ApiException(ApiError error, OptionalInt retryAfterSeconds) {
    super(error.message());
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: the parameter's value is not allowed; the message says which values are. */
  public static ApiException badRequest(String parameter, String message) {
    return new ApiException(new ApiError(400, "bad_request", message, parameter), OptionalInt.empty());
  }

  /** 401: no API key, or an unknown one. */
  public static ApiException unauthorized(String message) {
    return new ApiException(new ApiError(401, "unauthorized", message, null), OptionalInt.empty());
  }

  /** 403: the key lacks the right. */
  public static ApiException forbidden(String message) {
    return new ApiException(new ApiError(403, "forbidden", message, null), OptionalInt.empty());
  }

  /** 404: unknown symbol or resource. */
  public static ApiException notFound(String message) {
    return new ApiException(new ApiError(404, "not_found", message, null), OptionalInt.empty());
  }

  /** 405: the path exists, the method does not; the handler sends {@code Allow}. */
  public static ApiException methodNotAllowed(String method, String allowed) {
    return new ApiException(new ApiError(405, "method_not_allowed", method + " is not allowed here; allowed: "
        + allowed, null), OptionalInt.empty());
  }

  /** 426: a WebSocket endpoint asked for without the upgrade; the handler sends {@code Upgrade}. */
  public static ApiException upgradeRequired(String message) {
    return new ApiException(new ApiError(426, "upgrade_required", message, null), OptionalInt.empty());
  }

  /** 429 with Retry-After. */
  public static ApiException rateLimited(String message, int retryAfterSeconds) {
    return new ApiException(new ApiError(429, "rate_limited", message, null), OptionalInt.of(retryAfterSeconds));
  }

  /** 503 with Retry-After: no instance can give a complete, correct answer now. */
  public static ApiException unavailable(String message, int retryAfterSeconds) {
    return new ApiException(new ApiError(503, "unavailable", message, null), OptionalInt.of(retryAfterSeconds));
  }

  public ApiError error() {
    return error;
  }

  public OptionalInt retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
