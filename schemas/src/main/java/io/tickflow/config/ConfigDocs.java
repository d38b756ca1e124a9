package io.tickflow.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders a component's {@link ConfigDef} as a Markdown table between two markers of a document in docs/, so the
 * configuration reference cannot drift from the code: each component's docs test fails when its section is stale.
 * Used for every configurable part (connectors, Streams app, query service, {@code tickflow run}).
 */
public final class ConfigDocs {

  private final ConfigDef definition;
  private final String begin;
  private final String end;

  /**
   * @param definition the component's user-facing keys
   * @param begin      the line that opens the generated section
   * @param end        the line that closes it
   */
  public ConfigDocs(ConfigDef definition, String begin, String end) {
    this.definition = definition;
    this.begin = begin;
    this.end = end;
  }

  /** The generated table, between its markers, keys in group then in-group order. */
  public String table() {
    final List<String> groups = definition.groups();
    final List<ConfigKey> keys = definition.configKeys().values().stream()
        .sorted(Comparator.comparingInt((ConfigKey k) -> groups.indexOf(k.group)).thenComparingInt(k -> k.orderInGroup))
        .collect(Collectors.toList());
    final StringBuilder out = new StringBuilder(begin).append('\n')
        .append("| key | type | default | valid values | importance | description |\n")
        .append("|---|---|---|---|---|---|\n");
    for (final ConfigKey key : keys) {
      out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
          .append(" | ").append(defaultOf(key)).append(" | ")
          .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
          .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(escape(key.documentation)).append(" |\n");
    }
    return out.append(end).toString();
  }

  /**
   * Replaces the generated section of a Markdown document.
   *
   * @throws IllegalArgumentException when the markers are missing
   */
  public String render(String document) {
    final int from = document.indexOf(begin);
    final int to = document.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("markers " + begin + " and " + end + " not found");
    }
    return document.substring(0, from) + table() + document.substring(to + end.length());
  }

  private static String defaultOf(ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    if (key.type == ConfigDef.Type.PASSWORD) {
      return key.defaultValue == null ? "null" : "(hidden)";
    }
    final String value = key.defaultValue instanceof List ? String.join(",", castList(key))
        : String.valueOf(key.defaultValue);
    return value.isEmpty() ? "\"\"" : "`" + value + "`";
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(ConfigKey key) {
    return (List<String>) key.defaultValue;
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
