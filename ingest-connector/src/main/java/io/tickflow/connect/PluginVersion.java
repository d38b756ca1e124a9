package io.tickflow.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of Tickflow's Connect plugins, from the Maven-filtered {@code tickflow-connect-version.properties}. */
public final class PluginVersion {

  private static final String VERSION = load();

  private PluginVersion() {
  }

  /** The project version the plugins were built as, or "unknown" outside a Maven build. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = PluginVersion.class.getResourceAsStream("/tickflow-connect-version.properties")) {
      final Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
