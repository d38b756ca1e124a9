package io.tickflow.query.http;

import io.tickflow.query.routing.RequestForwarder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GET request of the API as a path and its decoded parameters: what a forward re-sends, and what a paging link
 * varies.
 */
public record ApiRequest(String path, Map<String, List<String>> parameters) {

  public ApiRequest {
    parameters = new LinkedHashMap<>(parameters);
  }

  /** The path and query, each parameter percent-encoded anew. */
  public String pathAndQuery() {
    return RequestForwarder.pathAndQuery(path, parameters);
  }

  /** This request with {@code name} set to the one {@code value}, in the place it had, else last. */
  public ApiRequest with(String name, String value) {
    Map<String, List<String>> changed = new LinkedHashMap<>(parameters);
    changed.put(name, List.of(value));
    return new ApiRequest(path, changed);
  }

  /** This request without {@code name}. */
  public ApiRequest without(String name) {
    Map<String, List<String>> changed = new LinkedHashMap<>(parameters);
    changed.remove(name);
    return new ApiRequest(path, changed);
  }
}
