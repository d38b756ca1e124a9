package io.tickflow.query.routing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a GET request to another instance and returns its answer. The forwarded request carries
 * {@value #FORWARDED_HEADER} so the receiver answers from its own stores and never forwards again. Thread-safe.
 */
public final class RequestForwarder {

  /** Marks a forwarded request; its value says whether the receiver is asked as {@code active} or {@code standby}. */
  public static final String FORWARDED_HEADER = "X-Tickflow-Forwarded";
  public static final String AS_ACTIVE = "active";
  public static final String AS_STANDBY = "standby";

  private final HttpClient client;
  private final String scheme;
  private final Duration timeout;

  /**
   * @param client the shared HTTP client
   * @param scheme {@code http} or {@code https}, as the instances serve
   * @param timeout the longest wait for the other instance's answer
   */
  public RequestForwarder(HttpClient client, String scheme, Duration timeout) {
    this.client = client;
    this.scheme = scheme;
    this.timeout = timeout;
  }

  /**
   * A request's path and its parameters as the query of a forward, each name and value percent-encoded anew: Jetty
   * takes characters such as {@code |} and {@code "} unescaped in a query, which a {@link URI} refuses.
   *
   * @param path the request's path as received (Jetty refuses illegal characters in a path)
   * @param parameters the decoded query parameters
   */
  public static String pathAndQuery(String path, Map<String, List<String>> parameters) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    parameters.forEach((name, values) -> values.forEach(value -> query.add(encode(name) + "=" + encode(value))));
    return path + query;
  }

  /** A value as one path segment: a symbol's {@code #} would end the path, its {@code ^} break the URI. */
  public static String pathSegment(String value) {
    return encode(value).replace("+", "%20");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Sends {@code GET pathAndQuery} to {@code host}.
   *
   * @param headers request headers to pass on (Accept, the API key)
   * @param asStandby whether the receiver is asked as a standby replica
   * @throws IOException when the instance cannot be reached or does not answer in time
   */
  public ForwardedResponse forward(HostInfo host, String pathAndQuery, Map<String, String> headers,
                                   boolean asStandby) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery))
        .timeout(timeout)
        .header(FORWARDED_HEADER, asStandby ? AS_STANDBY : AS_ACTIVE)
        .GET();
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new ForwardedResponse(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
          response.body(), response.headers());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while forwarding to " + host, e);
    }
  }
}
