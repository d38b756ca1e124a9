package io.tickflow.streams.ingest;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries what a trade's record held in its raw topic along the stages after normalization, in record headers, so
 * that a trade refused by the bar stage ({@code late}, {@code price_jump}, {@code bar_overflow}) is dead-lettered with
 * its original value and key: by then the value is the normalized trade (canonical symbol, scaled price), which is
 * not what the connector wrote and, fed back to the raw topic, would be scaled twice; and a trade whose key was not
 * its canonical symbol has been re-keyed to it. The key header is only added to those (the exception), so the normal
 * path carries the value alone. The headers go no further than the bar stage: they are removed before the trade is
 * written to the trades topic. Kafka Streams writes its own changelog records with fresh headers, so no store carries
 * them.
 */
public final class RawRecordHeaders {

  static final String VALUE = "tickflow.raw-value";
  static final String KEY = "tickflow.raw-key";

  /**
   * What the headers carried.
   *
   * @param value the raw value bytes, or null when they were not carried
   * @param rekeyed whether the record was re-keyed to its canonical symbol, so that {@code key} is its raw key
   * @param key the raw key's bytes when re-keyed (null when the record had none), else null: bytes, as a key need not
   *     be UTF-8 and its dead letter keeps it unchanged
   */
  public record Original(byte[] value, boolean rekeyed, byte[] key) {
  }

  private RawRecordHeaders() {
  }

  /**
   * @param rekeyed whether the raw key is not the canonical symbol, which the topology will put in its place
   */
  static void attach(Headers headers, byte[] rawValue, byte[] rawKey, boolean rekeyed) {
    headers.add(VALUE, rawValue);
    if (rekeyed) {
      headers.add(KEY, rawKey);
    }
  }

  /** Removes the headers; returns what they carried. */
  public static Original detach(Headers headers) {
    byte[] value = take(headers, VALUE);
    Header key = headers.lastHeader(KEY);
    if (key == null) {
      return new Original(value, false, null);
    }
    headers.remove(KEY);
    return new Original(value, true, key.value());
  }

  private static byte[] take(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    if (header == null) {
      return null;
    }
    headers.remove(name);
    return header.value();
  }
}
