package io.tickflow.query.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A socket whose writes complete at once (a client that reads at once) or when the test says so, successfully or
 * not (a slow client, a broken connection), for the randomized tests of the fan-out. Keeps every frame in the order
 * written, but those of a failed write, which the client never got. Not thread-safe: the tests play one thread.
 */
final class ControlledSink implements MessageSink {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Framing framing;
  private final List<Write> writes = new ArrayList<>();
  private final ArrayDeque<Write> inFlight = new ArrayDeque<>();
  private boolean autoComplete;
  private int closeCode;
  /** Writes asked for after the connection was given up (closed by the server, or broken by a failed write). */
  private int writesAfterEnd;
  private boolean ended;
  /** Writes asked for while another was in flight. */
  private int writesOverlapping;
  /** The most messages one write carried. */
  private int largestWrite;

  ControlledSink(boolean autoComplete, Framing framing) {
    this.autoComplete = autoComplete;
    this.framing = framing;
  }

  /** One write: its frames and callbacks; failed ones never reached the client. */
  private static final class Write {
    private final List<byte[]> frames;
    private final Runnable onSent;
    private final Consumer<Throwable> onFailed;
    private boolean failed;

    private Write(List<byte[]> frames, Runnable onSent, Consumer<Throwable> onFailed) {
      this.frames = List.copyOf(frames);
      this.onSent = onSent;
      this.onFailed = onFailed;
    }
  }

  @Override
  public void send(List<byte[]> messages, Runnable onSent, Consumer<Throwable> onFailed) {
    if (ended) {
      writesAfterEnd++;
    }
    // One write at a time (Outbox), but for the slow-consumer error, which bypasses the queue.
    if (!inFlight.isEmpty() && !new String(messages.get(0), StandardCharsets.UTF_8).contains("\"slow_consumer\"")) {
      writesOverlapping++;
    }
    Write write = new Write(messages, onSent, onFailed);
    writes.add(write);
    largestWrite = Math.max(largestWrite, framing == Framing.ARRAY
        ? parse(new String(messages.get(0), StandardCharsets.UTF_8)).size() : messages.size());
    if (autoComplete) {
      onSent.run();
    } else {
      inFlight.add(write);
    }
  }

  @Override
  public void ping() {
    throw new UnsupportedOperationException("only the heartbeat pings, not the outbox or hub under test");
  }

  @Override
  public void close(int code, String reason) {
    if (closeCode == 0) {
      closeCode = code;
    }
    ended = true;
  }

  /** The server gave the connection up without a close frame (the client went away): nothing more may be written. */
  void end() {
    ended = true;
  }

  /** Completes the oldest write in flight, if any. */
  void completeOne() {
    Write write = inFlight.poll();
    if (write != null) {
      write.onSent.run();
    }
  }

  /** Fails the oldest write in flight, as a broken connection does; false when none was in flight. */
  boolean failOne() {
    Write write = inFlight.poll();
    if (write == null) {
      return false;
    }
    write.failed = true;
    ended = true;
    write.onFailed.accept(new IOException("broken pipe"));
    return true;
  }

  /** The client reads again: every write completes, now and later. */
  void resume() {
    autoComplete = true;
    while (!inFlight.isEmpty()) {
      completeOne();
    }
  }

  int closeCode() {
    return closeCode;
  }

  int writesAfterEnd() {
    return writesAfterEnd;
  }

  int writesOverlapping() {
    return writesOverlapping;
  }

  int largestWrite() {
    return largestWrite;
  }

  Framing framing() {
    return framing;
  }

  /** The messages the client received, each batched frame checked to be an array of at least one and unpacked. */
  List<JsonNode> received() {
    List<JsonNode> frames = writes.stream().filter(write -> !write.failed).flatMap(write -> write.frames.stream())
        .map(frame -> parse(new String(frame, StandardCharsets.UTF_8))).toList();
    return StreamChecks.messages(frames, framing);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
