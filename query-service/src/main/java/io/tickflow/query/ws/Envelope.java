package io.tickflow.query.ws;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds outgoing data messages as UTF-8 bytes around a payload serialized and encoded once per event, so that
 * fanning an update out to many clients copies bytes instead of concatenating and encoding a string per client.
 * Subscription ids are escaped once, when the head is built: a symbol may hold a quote or a backslash.
 */
final class Envelope {

  private static final byte[] SEQ = utf8(",\"seq\":");
  private static final byte[] CONFLATED = utf8(",\"conflated\":");
  private static final byte[] DATA = utf8(",\"data\":");

  private Envelope() {
  }

  /** The part every message of this type and subscription starts with. */
  static byte[] head(String type, String subscriptionId) {
    return utf8("{\"type\":\"" + type + "\",\"sub\":\""
        + new String(JsonStringEncoder.getInstance().quoteAsString(subscriptionId)) + "\"");
  }

  /** {@code head} followed by the sequence number, the conflated count and the payload as {@code data}. */
  static byte[] data(byte[] head, long seq, long conflated, byte[] payload) {
    int seqDigits = digits(seq);
    int conflatedDigits = digits(conflated);
    byte[] message = new byte[head.length + SEQ.length + seqDigits + CONFLATED.length + conflatedDigits
        + DATA.length + payload.length + 1];
    int at = put(message, 0, head);
    at = put(message, at, SEQ);
    at = putDecimal(message, at, seq, seqDigits);
    at = put(message, at, CONFLATED);
    at = putDecimal(message, at, conflated, conflatedDigits);
    at = put(message, at, DATA);
    at = put(message, at, payload);
    message[at] = '}';
    return message;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int put(byte[] message, int at, byte[] part) {
    System.arraycopy(part, 0, message, at, part.length);
    return at + part.length;
  }

  /**
   * Writes a non-negative number of {@code digits} digits in ASCII. By hand because the JDK writes numbers only into
   * strings, which would cost an allocation and a copy per message.
   */
  private static int putDecimal(byte[] message, int at, long value, int digits) {
    int end = at + digits;
    long rest = value;
    for (int i = end - 1; i >= at; i--) {
      message[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return end;
  }

  /**
   * The digits of a non-negative number, by comparisons: this runs twice for every message to every client, and a
   * loop of divisions by ten showed up in the writer threads' profile.
   */
  private static int digits(long value) {
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    return digits;
  }
}
