package io.tickflow.query.integration;

import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.QueryServiceSettings;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.testing.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Query-service instances ({@link QueryServiceApp}, the Streams app embedded) on a test broker, as the ITs that
 * follow the live feeds start them: the {@link MarketScenario} timeframes, a free port on the loopback, quotes and
 * books polled every 100 ms, and no heartbeat timeout, since the test clients send none.
 */
final class QueryInstances {

  private QueryInstances() {
  }

  /** The shared settings of an instance of {@code applicationId} keeping its state under {@code stateDir}. */
  static Map<String, Object> settings(EmbeddedKafkaBroker broker, String applicationId, Path stateDir) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, String.join(",", MarketScenario.TIMEFRAMES.keySet()));
    settings.put(QueryServiceConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    settings.put(QueryServiceConfig.HTTP_PORT_CONFIG, "0");
    settings.put(QueryServiceConfig.WS_POLL_INTERVAL_CONFIG, "100");
    settings.put(QueryServiceConfig.WS_HEARTBEAT_TIMEOUT_CONFIG, "600000");
    return settings;
  }

  /** Starts an instance; it is ready once its Streams app runs with its stores restored and its tasks processing. */
  static QueryServiceApp start(Map<String, Object> settings) {
    QueryServiceSettings loaded = QueryServiceSettings.load(null, Map.of(), settings);
    return QueryServiceApp.start(loaded.query(), loaded.streams());
  }
}
