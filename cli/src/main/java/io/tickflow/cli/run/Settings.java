package io.tickflow.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one settings map of {@code tickflow run}: a properties file overlaid by {@code TICKFLOW_*} environment
 * variables ({@code TICKFLOW_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}). Every component reads its own keys
 * from the same map, each through its own {@code ConfigDef}.
 */
public final class Settings {

  /** Prefix of the environment variables that override the file. */
  public static final String ENV_PREFIX = "TICKFLOW_";

  private Settings() {
  }

  /**
   * File values, then the environment on top. Only the file's keys must be known: other {@code TICKFLOW_*}
   * variables may be meant for connector configs ({@code ${env:TICKFLOW_JDBC_URL}}).
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the file's unknown keys
   */
  public static Map<String, String> load(Path file, Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>();
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    properties.forEach((key, value) -> merged.put(key.toString().trim(), value.toString().trim()));
    KnownKeys.require(merged.keySet(), file);
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        merged.put(keyOf(name), value);
      }
    });
    return merged;
  }

  /** {@code TICKFLOW_BARS_GRACE_MS} is {@code bars.grace.ms}. */
  public static String keyOf(String environmentVariable) {
    return environmentVariable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** {@code bars.grace.ms} is {@code TICKFLOW_BARS_GRACE_MS}. */
  public static String environmentVariableOf(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
