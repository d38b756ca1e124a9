package io.tickflow.connect.scid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin version, from the Maven-filtered {@code scid-connector-version.properties}. */
final class Version {

  private static final String VERSION = load();

  private Version() {
  }

  static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/scid-connector-version.properties")) {
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
