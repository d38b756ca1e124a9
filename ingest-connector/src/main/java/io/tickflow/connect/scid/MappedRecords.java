package io.tickflow.connect.scid;

import io.tickflow.connect.converter.ConnectAvroData;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.symbols.SymbolNormalizer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The Connect record of a contract record read from a file, timestamped with its event time and keyed by the
 * canonical symbol at that time ({@code ESZ6-CME.scid} is keyed {@code ESZ26}) while the value keeps the file's
 * symbol: the key places the record in the partition the Streams app processes that instrument in, so it needs no
 * repartition. Not thread-safe (its normalizer caches); one per task.
 */
final class MappedRecords {

  private final SymbolNormalizer normalizer;

  MappedRecords(SymbolNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  SourceRecord of(FileTarget target, String topic, Map<String, Long> sourceOffset, Instant eventTime,
                  GenericRecord value) {
    final Struct struct = ConnectAvroData.get().toStruct(value);
    return new SourceRecord(target.partition(), sourceOffset, topic, null, Schema.STRING_SCHEMA,
        key(target, eventTime), struct.schema(), struct, eventTime.toEpochMilli());
  }

  /** The canonical symbol of the file at a time: the time decides a one-digit futures year, as in the Streams app. */
  String key(FileTarget target, Instant time) {
    return normalizer.normalize(target.symbol(), DateTimeEncoding.toMicros(time)).symbol();
  }
}
