package io.tickflow.cli.demo;

import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The demo's Streams app and query service: one {@link QueryServiceApp} with demo settings, ready when returned. */
final class QueryServiceHandle implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private final QueryServiceApp app;

  private QueryServiceHandle(QueryServiceApp app) {
    this.app = app;
  }

  static QueryServiceHandle start(DemoSettings settings, String bootstrapServers) {
    Map<String, Object> overrides = new HashMap<>(settings.streamsOverrides());
    overrides.put("bootstrap.servers", bootstrapServers);
    overrides.put("application.id", "tickflow-demo");
    overrides.put("state.dir", settings.directory().resolve("streams").toAbsolutePath().toString());
    overrides.put("replication.factor", "1");
    overrides.put("http.host", "127.0.0.1");
    overrides.put("http.port", Integer.toString(settings.httpPort()));
    // Tick bars beside the time bars (the chart's T100 button): a Sierra Chart trader's everyday series.
    overrides.putIfAbsent("bars.activity", "ES*=T100");
    // The connector writes each symbol's made-up past in one run, but a past longer than it holds at once
    // (backfill.round.max.records) comes in parts that interleave: a symbol that far behind the partition's stream
    // time must not count as idle (its bars would close under its own history, the rest of it late). Every simulator
    // symbol trades all the time: no bar waits longer for it.
    overrides.putIfAbsent("bars.idle.ms", Long.toString(settings.backfillSpan().toMillis()));
    QueryServiceSettings both = QueryServiceSettings.load(null, Map.of(), overrides);
    QueryServiceApp app = QueryServiceApp.start(both.query(), both.streams());
    try {
      if (!app.awaitReady(READY_TIMEOUT)) {
        throw new IllegalStateException("The Streams app was not ready within " + READY_TIMEOUT.toSeconds()
            + " s; see the log");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      app.close();
      throw new IllegalStateException("Interrupted while the Streams app was starting", e);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
    return new QueryServiceHandle(app);
  }

  String url() {
    return app.url();
  }

  @Override
  public void close() {
    app.close();
  }
}
