package io.tickflow.query.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * One API key and its rights. {@link #toString()} never shows the secret.
 *
 * @param secret the key as clients send it
 * @param rights what the key may do
 */
public record ApiKey(String secret, Set<Right> rights) {

  public ApiKey {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("an API key must not be blank");
    }
    rights = Set.copyOf(rights);
  }

  /**
   * Parses {@code key:right+right,key:right}.
   *
   * @param text the list; blank means no keys
   * @param configName the setting it came from, named in errors
   * @throws ConfigException naming the malformed entry (without its secret)
   */
  public static List<ApiKey> parseList(String text, String configName) {
    List<ApiKey> keys = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return keys;
    }
    String[] entries = text.split(",");
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < entries.length; i++) {
      ApiKey key = parseEntry(entries[i].trim(), i + 1, configName);
      // Checked here: a map keyed by secret would fail later with the secret in its message.
      if (!secrets.add(key.secret())) {
        throw new ConfigException(configName, "entry " + (i + 1),
            "this key repeats an earlier entry's key: give each key once, with all its rights");
      }
      keys.add(key);
    }
    return List.copyOf(keys);
  }

  private static ApiKey parseEntry(String entry, int position, String configName) {
    int colon = entry.lastIndexOf(':');
    if (colon <= 0 || colon == entry.length() - 1) {
      throw new ConfigException(configName, "entry " + position,
          "each entry is key:right+right with rights among " + Right.allowed());
    }
    Set<Right> rights = EnumSet.noneOf(Right.class);
    try {
      for (String label : entry.substring(colon + 1).split("\\+")) {
        rights.add(Right.parse(label));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(configName, "entry " + position, e.getMessage());
    }
    return new ApiKey(entry.substring(0, colon).trim(), rights);
  }

  /** A short, non-secret label for logs and metrics: the first 4 characters and a mask. */
  public String label() {
    return secret.substring(0, Math.min(4, secret.length())) + "***";
  }

  @Override
  public String toString() {
    return "ApiKey[" + label() + ", rights=" + rights + "]";
  }
}
