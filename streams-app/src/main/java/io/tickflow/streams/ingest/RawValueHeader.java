package io.tickflow.streams.ingest;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a trade's value bytes as read from its raw topic along the stages after normalization, in a record header,
 * so that a trade refused by the bar stage ({@code late}, {@code price_jump}, {@code bar_overflow}) is dead-lettered
 * with its original bytes: by then the value is the normalized trade (canonical symbol, scaled price), which is not
 * what the connector wrote and, fed back to the raw topic, would be scaled twice. The header goes no further than the
 * bar stage: it is removed before the trade is written to the trades topic. Kafka Streams writes its own changelog
 * records with fresh headers, so no store carries it.
 */
public final class RawValueHeader {

  static final String NAME = "tickflow.raw-value";

  private RawValueHeader() {
  }

  static void attach(Headers headers, byte[] rawValue) {
    headers.add(NAME, rawValue);
  }

  /** Removes the header; returns the raw value bytes it carried, or null when there was none. */
  public static byte[] detach(Headers headers) {
    Header header = headers.lastHeader(NAME);
    if (header == null) {
      return null;
    }
    headers.remove(NAME);
    return header.value();
  }
}
