package io.tickflow.connect.sink;

import io.debezium.connector.jdbc.naming.ColumnNamingStrategy;
import io.debezium.util.Strings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the contract's camelCase Avro field names to the snake_case columns of the Tickflow tables
 * ({@code windowStart} -> {@code window_start}), with Debezium's own conversion. A naming strategy rather than
 * Debezium's field-renaming SMT, which would rebuild every record's schema and struct on the hot path.
 */
public final class SnakeCaseColumnNamingStrategy implements ColumnNamingStrategy {

  // Debezium asks for every column of every record, and its conversion compiles regular expressions each time:
  // that was a fifth of the sink's CPU. The field names are a small fixed set.
  private final Map<String, String> columns = new ConcurrentHashMap<>();

  @Override
  public String resolveColumnName(String fieldName) {
    return columns.computeIfAbsent(fieldName, Strings::toSnakeCase);
  }
}
