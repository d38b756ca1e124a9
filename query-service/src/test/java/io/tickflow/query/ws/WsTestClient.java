package io.tickflow.query.ws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (JDK) that queues every message it receives, for tests. */
public final class WsTestClient implements WebSocket.Listener, AutoCloseable {

  /** Numbers as sent, not rounded to doubles: a ping's id must come back the same. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  /** Numbers by value ({@code 1E+2} is {@code 100.0}), anything else by equality. */
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
      ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private volatile boolean paused;

  private WsTestClient(URI uri) {
    socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).join();
  }

  public static WsTestClient connect(int port) {
    return new WsTestClient(URI.create("ws://127.0.0.1:" + port + "/ws"));
  }

  public static WsTestClient connect(URI uri) {
    return new WsTestClient(uri);
  }

  /** Whether {@code received} is the JSON value {@code sent}: the same structure, numbers of the same value. */
  public static boolean sameValue(String sent, JsonNode received) {
    try {
      return received != null && JSON.readTree(sent).equals(BY_VALUE, received);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + sent, e);
    }
  }

  /** Stops reading: the server's writes back up, like a client that cannot keep up. */
  public void pause() {
    paused = true;
  }

  /** Reads again. */
  public void resume() {
    paused = false;
    socket.request(1);
  }

  /** Messages received and not yet taken. */
  public int received() {
    return messages.size();
  }

  /** Takes every message received so far. */
  public List<JsonNode> drain() {
    List<JsonNode> all = new ArrayList<>();
    messages.drainTo(all);
    return all;
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /**
   * Sends a WebSocket ping frame (a control frame, not the protocol's JSON ping). Not checked: the server's close may
   * cross it, and the test looks at the close.
   */
  public void sendPing() {
    socket.sendPing(ByteBuffer.allocate(0)).handle((sent, error) -> null).join();
  }

  /** Whether the server's close came (or the connection failed). */
  public boolean closed() {
    return closed.isDone();
  }

  /**
   * The raw HTTP response, status line to body, to an upgrade request for {@code pathAndQuery}: the JDK client
   * hides the body of a refused upgrade.
   */
  public static String upgradeResponse(int port, String pathAndQuery) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      // "close" so that the server ends the connection after a refusal, and reading to the end returns.
      String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + "Connection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The next message, failing after {@code timeout}. */
  public JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no WebSocket message within " + timeout);
    }
    return message;
  }

  /** The next message of the given type, skipping heartbeats and others. */
  public JsonNode next(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (message.path("type").asText().equals(type)) {
        return message;
      }
    }
  }

  /** The close code the server sent, waiting up to {@code timeout}. */
  public int closeCode(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(JSON.readTree(partial.toString()));
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + partial, e);
      }
      partial.setLength(0);
    }
    if (!paused) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }
}
