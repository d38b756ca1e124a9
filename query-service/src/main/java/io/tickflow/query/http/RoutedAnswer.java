package io.tickflow.query.http;

import io.tickflow.query.routing.Target;
import java.util.Map;
import java.util.Optional;

/**
 * An answer for one symbol, from this instance's stores or from the instance a request was forwarded to.
 *
 * @param status the HTTP status (200, or what the other instance answered)
 * @param contentType the media type of {@code body}
 * @param retryAfter the other instance's Retry-After, if any
 * @param headers the answer's own headers for the client (a cut range's {@code X-Tickflow-Truncated} and
 *     {@code Link})
 * @param servedBy the instance that answered
 */
public record RoutedAnswer(int status, String contentType, byte[] body, Optional<String> retryAfter,
                           Map<String, String> headers, Target servedBy) {

  public RoutedAnswer {
    headers = Map.copyOf(headers);
  }
}
