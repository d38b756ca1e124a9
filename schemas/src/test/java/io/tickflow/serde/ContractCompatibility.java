package io.tickflow.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a candidate schema against released versions with Avro's own {@link SchemaCompatibility}: backward (the
 * candidate reads data of every released version) and forward (every released version reads the candidate's data).
 */
final class ContractCompatibility {

  private ContractCompatibility() {
  }

  /** Human-readable problems; empty when the candidate is fully compatible with every released version. */
  static List<String> problems(Schema candidate, List<Schema> released) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < released.size(); i++) {
      String version = candidate.getFullName() + " v" + (i + 1);
      check(problems, "backward: the new schema cannot read data written with " + version,
          SchemaCompatibility.checkReaderWriterCompatibility(candidate, released.get(i)));
      check(problems, "forward: " + version + " cannot read data written with the new schema",
          SchemaCompatibility.checkReaderWriterCompatibility(released.get(i), candidate));
    }
    return problems;
  }

  /**
   * Whether the candidate is the released schema itself. The fingerprint alone cannot tell: the parsing canonical form
   * it hashes drops logical types and defaults, so a change from {@code timestamp-micros} to {@code timestamp-millis}
   * or of a default would keep the fingerprint. Avro's schema equality compares both, except enum defaults (and
   * ignores docs); an enum's default is what an older reader makes of a symbol added later, so it is compared too.
   */
  static boolean isReleasedAs(Schema candidate, Schema released) {
    return SchemaCatalog.fingerprint(candidate) == SchemaCatalog.fingerprint(released) && candidate.equals(released)
        && enumDefaults(candidate, new TreeMap<>()).equals(enumDefaults(released, new TreeMap<>()));
  }

  /** Full name to default of every enum the schema uses ("" for none). */
  private static Map<String, String> enumDefaults(Schema schema, Map<String, String> found) {
    switch (schema.getType()) {
      case ENUM:
        found.put(schema.getFullName(), Objects.toString(schema.getEnumDefault(), ""));
        break;
      case RECORD:
        if (!found.containsKey(schema.getFullName())) {
          found.put(schema.getFullName(), "");
          schema.getFields().forEach(field -> enumDefaults(field.schema(), found));
        }
        break;
      case UNION:
        schema.getTypes().forEach(branch -> enumDefaults(branch, found));
        break;
      case ARRAY:
        enumDefaults(schema.getElementType(), found);
        break;
      case MAP:
        enumDefaults(schema.getValueType(), found);
        break;
      default:
        break;
    }
    return found;
  }

  private static void check(List<String> problems, String what, SchemaPairCompatibility result) {
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(what + ": " + result.getResult().getIncompatibilities());
    }
  }
}
