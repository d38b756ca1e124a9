package io.tickflow.query.ws;

import java.util.List;
import java.util.Optional;

/**
 * How the messages of one write reach a client: each its own WebSocket message (the default), or all of them in one
 * WebSocket message holding a JSON array ({@code /ws?batch=true}). Each WebSocket message costs the server and the
 * client a frame, with the locks and buffer work around it; when a Streams commit makes ten updates due to each
 * client, an array per write sends one frame instead of ten.
 */
public enum Framing {

  /** One WebSocket message per message. */
  MESSAGES {
    @Override
    List<byte[]> frames(List<byte[]> messages) {
      return messages;
    }
  },

  /** One WebSocket message per write: a JSON array of the messages, even of one. */
  ARRAY {
    @Override
    List<byte[]> frames(List<byte[]> messages) {
      int length = messages.size() + 1;
      for (byte[] message : messages) {
        length += message.length;
      }
      byte[] array = new byte[length];
      array[0] = '[';
      int at = 1;
      for (int i = 0; i < messages.size(); i++) {
        if (i > 0) {
          array[at++] = ',';
        }
        byte[] message = messages.get(i);
        System.arraycopy(message, 0, array, at, message.length);
        at += message.length;
      }
      array[at] = ']';
      return List.of(array);
    }
  };

  /** The WebSocket messages that carry {@code messages}, in order. */
  abstract List<byte[]> frames(List<byte[]> messages);

  /** The framing a connection asked for with its {@code batch} query parameter; empty when the value is invalid. */
  static Optional<Framing> ofBatchParameter(String batch) {
    if (batch == null || batch.equals("false")) {
      return Optional.of(MESSAGES);
    }
    return batch.equals("true") ? Optional.of(ARRAY) : Optional.empty();
  }
}
