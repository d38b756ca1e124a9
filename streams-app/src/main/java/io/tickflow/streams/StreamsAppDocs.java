package io.tickflow.streams;

import io.tickflow.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Generates the parts of {@code docs/topology.md} that must not drift from the code: the configuration table (from
 * {@link StreamsAppConfig#CONFIG_DEF}) and the topology description (Kafka Streams' {@code describe()} of the default
 * configuration). Each sits between {@code <!-- BEGIN name -->} and {@code <!-- END name -->} markers.
 */
public final class StreamsAppDocs {

  public static final String TOPOLOGY_SECTION = "topology";

  private static final ConfigDocs CONFIG = new ConfigDocs(StreamsAppConfig.CONFIG_DEF, "<!-- BEGIN config -->",
      "<!-- END config -->");

  private StreamsAppDocs() {
  }

  /** {@code describe()} of the topology of the default configuration. */
  public static String topologyDescription() {
    return "```\n" + TickflowTopology.build(new StreamsAppConfig(Map.of())).describe() + "```\n";
  }

  /** The document with both generated sections replaced. */
  public static String render(String document) {
    return CONFIG.render(replaceSection(document, TOPOLOGY_SECTION, topologyDescription()));
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
}
