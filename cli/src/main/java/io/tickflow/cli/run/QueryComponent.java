package io.tickflow.cli.run;

import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceSettings;
import java.util.HashMap;
import java.util.Map;

/** The {@code query} component of {@code tickflow run}: the Streams app with the query service. */
final class QueryComponent {

  private QueryComponent() {
  }

  /** Starts it with every setting but those of {@code run} itself (which Kafka Streams would warn about). */
  static QueryServiceApp start(Map<String, String> settings) {
    Map<String, Object> own = new HashMap<>(settings);
    own.keySet().removeIf(key -> RunConfig.CONFIG_DEF.names().contains(key) && !key.equals(
        RunConfig.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith(RunConfig.CONNECT_PREFIX));
    QueryServiceSettings both = QueryServiceSettings.load(null, Map.of(), own);
    return QueryServiceApp.start(both.query(), both.streams());
  }
}
