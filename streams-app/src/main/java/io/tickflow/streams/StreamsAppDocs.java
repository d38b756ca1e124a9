package io.tickflow.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Generates the parts of {@code docs/topology.md} that must not drift from the code: the configuration table (from
 * {@link StreamsAppConfig#CONFIG_DEF}) and the topology description (Kafka Streams' {@code describe()} of the default
 * configuration). Each sits between {@code <!-- BEGIN name -->} and {@code <!-- END name -->} markers.
 */
public final class StreamsAppDocs {

  public static final String CONFIG_SECTION = "config";
  public static final String TOPOLOGY_SECTION = "topology";

  private StreamsAppDocs() {
  }

  /** The configuration reference as a Markdown table, in definition order. */
  public static String configTable() {
    StringBuilder table = new StringBuilder("| Key | Type | Default | Valid values | Importance | Description |\n")
        .append("|---|---|---|---|---|---|\n");
    for (ConfigDef.ConfigKey key : StreamsAppConfig.CONFIG_DEF.configKeys().values()) {
      table.append("| `").append(key.name).append("` | ").append(key.type.toString().toLowerCase(Locale.ROOT))
          .append(" | ").append(cell(key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : "(required)"))
          .append(" | ").append(cell(key.validator == null ? "" : key.validator.toString()))
          .append(" | ").append(key.importance.toString().toLowerCase(Locale.ROOT))
          .append(" | ").append(cell(key.documentation)).append(" |\n");
    }
    return table.toString();
  }

  /** {@code describe()} of the topology of the default configuration. */
  public static String topologyDescription() {
    return "```\n" + TickflowTopology.build(new StreamsAppConfig(Map.of())).describe() + "```\n";
  }

  /** The document with both generated sections replaced. */
  public static String render(String document) {
    return replaceSection(replaceSection(document, CONFIG_SECTION, configTable()), TOPOLOGY_SECTION,
        topologyDescription());
  }

  /**
   * Rewrites the generated sections of a document in place.
   *
   * @param args the path of {@code docs/topology.md}
   */
  public static void main(String[] args) throws IOException {
    Path doc = Path.of(args[0]);
    Files.writeString(doc, render(Files.readString(doc, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static String replaceSection(String document, String name, String content) {
    String begin = "<!-- BEGIN " + name + " -->\n";
    String end = "<!-- END " + name + " -->";
    int from = document.indexOf(begin);
    int to = document.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("Document has no '" + begin.trim() + "' ... '" + end + "' section");
    }
    return document.substring(0, from + begin.length()) + content + document.substring(to);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
