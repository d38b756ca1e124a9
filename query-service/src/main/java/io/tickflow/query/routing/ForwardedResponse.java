package io.tickflow.query.routing;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * The answer of the instance a request was forwarded to, passed back to the client as it came.
 *
 * @param status HTTP status
 * @param contentType the response's media type
 * @param body the response bytes
 * @param headers all the response's headers
 */
public record ForwardedResponse(int status, String contentType, byte[] body, HttpHeaders headers) {

  /** Whether the owner itself could not answer (503): the next instance in the plan should be tried. */
  public boolean ownerUnavailable() {
    return status == 503;
  }

  /** The {@code Retry-After} header, if any. */
  public Optional<String> retryAfter() {
    return headers.firstValue("Retry-After");
  }
}
