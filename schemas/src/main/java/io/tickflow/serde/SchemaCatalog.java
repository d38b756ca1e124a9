package io.tickflow.serde;

import io.tickflow.schemas.Alert;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every Avro schema of the data contract: the current version of each record (compiled into the generated classes)
 * and every released version kept in this module under {@code io/tickflow/schemas/released/<Name>/v<n>.avsc}.
 *
 * <p>Looked up by CRC-64-AVRO fingerprint, it is the {@link SchemaStore} that lets a reader decode single-object
 * encoded data written with any released version. Immutable and thread-safe.
 */
public final class SchemaCatalog implements SchemaStore {

  /** The current schema of every record type of the contract. */
  public static final List<Schema> CURRENT = List.of(
      Trade.getClassSchema(),
      Quote.getClassSchema(),
      DepthUpdate.getClassSchema(),
      SecurityDefinition.getClassSchema(),
      Bar.getClassSchema(),
      DeadLetter.getClassSchema(),
      Alert.getClassSchema());

  private static final String RELEASED_ROOT = "/io/tickflow/schemas/released/";
  private static final SchemaCatalog DEFAULT = load();

  private final Map<String, Schema> currentByName;
  private final Map<String, List<Schema>> releasedByName;
  private final Map<Long, Schema> byFingerprint;

  SchemaCatalog(List<Schema> current, Map<String, List<Schema>> released) {
    Map<String, Schema> names = new LinkedHashMap<>();
    Map<Long, Schema> prints = new LinkedHashMap<>();
    for (Schema schema : current) {
      names.put(schema.getFullName(), schema);
      prints.put(fingerprint(schema), schema);
    }
    Map<String, List<Schema>> versions = new LinkedHashMap<>();
    released.forEach((name, list) -> {
      versions.put(name, List.copyOf(list));
      list.forEach(schema -> prints.putIfAbsent(fingerprint(schema), schema));
    });
    this.currentByName = Collections.unmodifiableMap(names);
    this.releasedByName = Collections.unmodifiableMap(versions);
    this.byFingerprint = Collections.unmodifiableMap(prints);
  }

  /** The catalog of this build: current schemas plus every released version on the classpath. */
  public static SchemaCatalog get() {
    return DEFAULT;
  }

  /** CRC-64-AVRO fingerprint of the schema's parsing canonical form, as written in single-object headers. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** The current schema of the record with this full name (e.g. {@code io.tickflow.schemas.Trade}). */
  public Optional<Schema> current(String fullName) {
    return Optional.ofNullable(currentByName.get(fullName));
  }

  /** Released versions of a record, oldest first (v1, v2, ...); empty for an unknown name. */
  public List<Schema> released(String fullName) {
    return releasedByName.getOrDefault(fullName, List.of());
  }

  private static SchemaCatalog load() {
    Map<String, List<Schema>> released = new LinkedHashMap<>();
    for (Schema schema : CURRENT) {
      released.put(schema.getFullName(), loadReleased(schema.getName()));
    }
    return new SchemaCatalog(CURRENT, released);
  }

  private static List<Schema> loadReleased(String name) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String path = RELEASED_ROOT + name + "/v" + version + ".avsc";
      try (InputStream in = SchemaCatalog.class.getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read released schema " + path, e);
      }
    }
  }
}
