package io.tickflow.dtc.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The byte-exact vectors generated from the official DTCProtocol.h (copied from shared/dtc/vectors.txt). */
final class DtcVectors {
  private static final Pattern FIELD = Pattern.compile("([A-Za-z_0-9]+(?:/[A-Za-z_0-9]+)?(?:\\(union uint32\\))?)=(\"[^\"]*\"|[^\\s,(]+)");

  /** One vector: its title, type, the field values listed and the exact bytes. */
  record Vector(String title, int type, int sizeofStruct, int wireSize, Map<String, String> fields, byte[] bytes) {
    boolean isVariableLengthStrings() {
      return title.startsWith("VLS ");
    }

    @Override
    public String toString() {
      return title;
    }
  }

  private DtcVectors() {
  }

  static List<Vector> load() throws IOException {
    final String text;
    try (InputStream in = DtcVectors.class.getResourceAsStream("/dtc/vectors.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    final List<Vector> vectors = new ArrayList<>();
    for (String block : text.split("\n=== ")) {
      if (block.startsWith("#")) {
        continue;
      }
      vectors.add(parse(block));
    }
    return vectors;
  }

  private static Vector parse(String block) {
    final String title = block.substring(0, block.indexOf('\n')).trim();
    final Map<String, String> fields = new LinkedHashMap<>();
    final Matcher matcher = FIELD.matcher(line(block, "fields: "));
    while (matcher.find()) {
      fields.put(fieldName(matcher.group(1)), matcher.group(2));
    }
    return new Vector(title, Integer.parseInt(line(block, "type: ")),
        Integer.parseInt(line(block, "sizeof(struct): ")),
        Integer.parseInt(line(block, "bytes on wire (Size field): ")), fields,
        HexFormat.of().parseHex(line(block, "hex_oneline: ")));
  }

  /** The vectors name the 803 union "NumTrades/OpenInterest(union uint32)"; the codec calls it NumTrades. */
  private static String fieldName(String listed) {
    return listed.startsWith("NumTrades/") ? "NumTrades" : listed;
  }

  private static String line(String block, String prefix) {
    for (String line : block.split("\n")) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    throw new IllegalStateException("vector without '" + prefix + "': " + block);
  }
}
