package io.tickflow.query;

import io.tickflow.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Both configurations of a query-service process, read from one properties file: the query service's keys
 * ({@link QueryServiceConfig}) and the Streams app's (its own keys plus any Kafka Streams key). The file is overlaid
 * by {@code TICKFLOW_*} environment variables as {@link StreamsAppConfig#load} does ({@code TICKFLOW_HTTP_PORT}
 * sets {@code http.port}).
 *
 * @param query the query service's settings
 * @param streams the Streams app's settings, without the query service's keys (but with {@code application.server})
 */
public record QueryServiceSettings(QueryServiceConfig query, StreamsAppConfig streams) {

  /**
   * Keys that are the query service's only, kept away from Kafka Streams (which would warn about each). The
   * environment overlay also turns {@value QueryServiceConfig#API_KEYS_ENV} into {@code api.keys}: the query
   * service reads that variable itself.
   */
  private static final Set<String> QUERY_ONLY_KEYS = QueryServiceConfig.CONFIG_DEF.names().stream()
      .filter(name -> !name.equals(QueryServiceConfig.ADVERTISED_SERVER_CONFIG))
      .collect(Collectors.collectingAndThen(Collectors.toSet(), names -> {
        names.add("api.keys");
        return Set.copyOf(names);
      }));

  /**
   * Reads and validates both configurations.
   *
   * @param file a {@code .properties} file, or null
   * @param environment the environment (e.g. {@code System.getenv()})
   * @param overrides highest-priority values (tests, the CLI)
   * @throws org.apache.kafka.common.config.ConfigException naming the key when a value is invalid
   */
  public static QueryServiceSettings load(Path file, Map<String, String> environment, Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>(StreamsAppConfig.load(file, environment, overrides).originals());
    QueryServiceConfig query = new QueryServiceConfig(merged, environment);
    merged.keySet().removeAll(QUERY_ONLY_KEYS);
    return new QueryServiceSettings(query, new StreamsAppConfig(merged));
  }
}
