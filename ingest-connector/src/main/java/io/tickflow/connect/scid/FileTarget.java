package io.tickflow.connect.scid;

import java.nio.file.Path;
import java.util.Map;

/**
 * One file's identity in Kafka: its source partition and the symbol and price factor its records get.
 *
 * @param partition the Connect source partition, {@code {"file": absolute path}}
 */
record FileTarget(Path file, String symbol, double priceMultiplier, Map<String, String> partition) {

  static final String FILE_FIELD = "file";
  static final String POSITION_FIELD = "position";
  static final String LAST_TIME_FIELD = "lastTime";

  /** The target of a file: symbol from its name, mapped and priced as configured. */
  static FileTarget of(Path file, ScidSourceConnectorConfig config) {
    final String symbol = config.symbolFor(FileSymbols.of(file));
    return new FileTarget(file, symbol, config.priceMultiplierFor(symbol),
        Map.of(FILE_FIELD, file.toAbsolutePath().normalize().toString()));
  }

  /** The source offset after a record: the next record's byte position and this record's raw date-time. */
  static Map<String, Long> offset(long nextPosition, long lastRawDateTime) {
    return Map.of(POSITION_FIELD, nextPosition, LAST_TIME_FIELD, lastRawDateTime);
  }
}
