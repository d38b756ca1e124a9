package io.tickflow.connect.scid;

import io.tickflow.connect.converter.ConnectAvroData;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** The Connect record of a contract record read from a file: keyed by symbol, timestamped with its event time. */
final class MappedRecords {

  private MappedRecords() {
  }

  static SourceRecord of(FileTarget target, String topic, Map<String, Long> sourceOffset, Instant eventTime,
                         GenericRecord value) {
    final Struct struct = ConnectAvroData.get().toStruct(value);
    return new SourceRecord(target.partition(), sourceOffset, topic, null, Schema.STRING_SCHEMA, target.symbol(),
        struct.schema(), struct, eventTime.toEpochMilli());
  }
}
