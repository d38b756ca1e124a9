package io.tickflow.connect.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A sink connector as shipped in {@code connectors/*.json} (the body of Connect's {@code POST /connectors}), for
 * code that deploys it: the demo, tests and benchmarks.
 *
 * @param name the connector name
 * @param config its configuration, unmodifiable
 */
public record SinkConnectorDefinition(String name, Map<String, String> config) {

  /** Final bars into {@code bars}, upserted on (symbol, timeframe, window start). */
  public static final String BARS_RESOURCE = "connectors/tickflow-bars-sink.json";
  /** Trades into {@code ticks}, one row per trade identity. */
  public static final String TICKS_RESOURCE = "connectors/tickflow-ticks-sink.json";
  /** Security definitions into {@code instruments}, one row per canonical symbol (the record key). */
  public static final String INSTRUMENTS_RESOURCE = "connectors/tickflow-instruments-sink.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE_CONFIG = "collection.name.format";
  /**
   * {@code connection.password} when neither the caller nor the URL gives one. Debezium 3.0 requires a non-blank
   * value (its task refuses to start with "A value is required"; 3.1 made it optional), while a database that
   * authenticates without a password (trust, certificates) never asks the driver for it: any value does there, and one
   * that does ask refuses this one as it would refuse none.
   */
  static final String NO_PASSWORD = "no-password";

  public SinkConnectorDefinition {
    config = Map.copyOf(config);
  }

  public static SinkConnectorDefinition bars() {
    return load(BARS_RESOURCE);
  }

  public static SinkConnectorDefinition ticks() {
    return load(TICKS_RESOURCE);
  }

  public static SinkConnectorDefinition instruments() {
    return load(INSTRUMENTS_RESOURCE);
  }

  /** Every shipped sink: what a deployment with a database registers. */
  public static List<SinkConnectorDefinition> all() {
    return List.of(bars(), ticks(), instruments());
  }

  /** Reads a connector definition from the classpath. */
  public static SinkConnectorDefinition load(String resource) {
    try (InputStream in = SinkConnectorDefinition.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No connector definition " + resource + " on the classpath");
      }
      Shipped shipped = JSON.readValue(in, new TypeReference<Shipped>() { });
      return new SinkConnectorDefinition(shipped.name, shipped.config);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read connector definition " + resource, e);
    }
  }

  /** This definition with some settings replaced or added. */
  public SinkConnectorDefinition with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(config);
    merged.putAll(overrides);
    return new SinkConnectorDefinition(name, merged);
  }

  /**
   * This definition writing to another database and schema, in place of the {@code ${env:...}} connection
   * settings and the shipped {@code tickflow} schema. An empty user or password is taken from the URL's
   * parameters ({@code ?user=...&password=...}), as {@code tickflow db migrate} takes them: Debezium requires
   * {@code connection.username} and does not read it from the URL. Without a password from either, the
   * placeholder {@link #NO_PASSWORD}.
   */
  public SinkConnectorDefinition forDatabase(String url, String user, String password, String schema) {
    String table = config.get(TABLE_CONFIG);
    String anyPassword = orFromUrl(password, url, "password");
    return with(Map.of("connection.url", url, "connection.username", orFromUrl(user, url, "user"),
        "connection.password", anyPassword.isEmpty() ? NO_PASSWORD : anyPassword,
        TABLE_CONFIG, schema + table.substring(table.indexOf('.'))));
  }

  private static String orFromUrl(String value, String url, String parameter) {
    Properties parsed = value.isEmpty() ? Driver.parseURL(url, null) : null;
    return parsed == null ? value : parsed.getProperty(parameter, "");
  }

  /** The JSON file's shape. */
  private record Shipped(String name, Map<String, String> config) {
  }
}
