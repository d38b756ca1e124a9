package io.tickflow.connect.scid;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns one file record into zero or more Connect records; one implementation per file format. */
interface RecordMapper {

  /**
   * Maps the record at {@code offset} of a little-endian buffer, read from byte {@code position} of the file.
   * Adds the published records (or a dead letter) to {@code out}; a skipped record only updates the counters.
   *
   * @param previousRawDateTime the raw date-time of the record before, 0 for the first: with {@code position}, the
   *     source offset that resumes at this record
   */
  void map(ByteBuffer buffer, int offset, long position, long previousRawDateTime, Instant receiveTime,
           List<SourceRecord> out);

  /** Feeds a record read before the resume point, to rebuild per-file state without publishing it. */
  void replay(ByteBuffer buffer, int offset);
}
