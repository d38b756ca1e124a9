package io.tickflow.connect.sink;

import io.debezium.connector.jdbc.naming.ColumnNamingStrategy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the contract's camelCase Avro field names to the snake_case columns of the Tickflow tables
 * ({@code windowStart} -> {@code window_start}). A naming strategy rather than
 * Debezium's field-renaming SMT, which would rebuild every record's schema and struct on the hot path.
 */
public final class SnakeCaseColumnNamingStrategy implements ColumnNamingStrategy {

  // Debezium asks for every column of every record: the field names are a small fixed set, converted once.
  private final Map<String, String> columns = new ConcurrentHashMap<>();

  @Override
  public String resolveColumnName(String fieldName) {
    return columns.computeIfAbsent(fieldName, SnakeCaseColumnNamingStrategy::snakeCase);
  }

  // Debezium 3.0 has no snake-case conversion (its Strings.toSnakeCase came with 3.1).
  static String snakeCase(String camelCase) {
    StringBuilder column = new StringBuilder(camelCase.length() + 4);
    for (int i = 0; i < camelCase.length(); i++) {
      char c = camelCase.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          column.append('_');
        }
        column.append(Character.toLowerCase(c));
      } else {
        column.append(c);
      }
    }
    return column.toString();
  }
}
