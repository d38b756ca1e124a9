package io.tickflow.connect.sink;

import io.debezium.connector.jdbc.naming.ColumnNamingStrategy;
import io.debezium.util.Strings;

/**
 * Maps the contract's camelCase Avro field names to the snake_case columns of the Tickflow tables
 * ({@code windowStart} -> {@code window_start}). A naming strategy rather than Debezium's field-renaming SMT,
 * which would rebuild every record's schema and struct on the hot path.
 */
public final class SnakeCaseColumnNamingStrategy implements ColumnNamingStrategy {

  @Override
  public String resolveColumnName(String fieldName) {
    return Strings.toSnakeCase(fieldName);
  }
}
