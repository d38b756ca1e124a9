package io.tickflow.query.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that reads nothing until {@link #resume()}, over a socket with a tiny receive buffer, so that
 * the server's writes back up after a few kilobytes: a deterministically slow client. Hand-written (handshake and
 * RFC 6455 framing, text messages only) because the JDK client reads ahead into its own buffers and cannot size
 * the socket's, so pausing it backs the server up only after megabytes. Nor does it answer the server's pings,
 * which the JDK client does by itself: it can play a client whose WebSocket layer is alive but says nothing.
 */
public final class SlowWsClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECEIVE_BUFFER = 4096;

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final Thread reader = new Thread(this::readFrames, "slow-ws-client");
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

  private SlowWsClient(int port, String pathAndQuery) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(RECEIVE_BUFFER); // before connect, so the TCP window starts small
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    handshake(port, pathAndQuery);
    reader.setDaemon(true);
  }

  /** Connects to {@code /ws} and completes the upgrade; reads nothing more until {@link #resume()}. */
  public static SlowWsClient connect(int port) throws IOException {
    return connect(port, "/ws");
  }

  /** Connects to {@code pathAndQuery} ({@code /ws?batch=true}) and completes the upgrade. */
  public static SlowWsClient connect(int port, String pathAndQuery) throws IOException {
    return new SlowWsClient(port, pathAndQuery);
  }

  private void handshake(int port, String pathAndQuery) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
  }

  /** Sends a text message (masked, as clients must). */
  public void send(String text) throws IOException {
    sendText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a text frame of these bytes, UTF-8 or not. */
  public void sendText(byte[] payload) throws IOException {
    sendFrame(0x81, payload);
  }

  /** Sends a WebSocket ping frame, as client libraries do to keep a connection alive. */
  public void sendPing() throws IOException {
    sendFrame(0x89, new byte[0]);
  }

  private synchronized void sendFrame(int finAndOpcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(finAndOpcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Starts reading: what the server held back arrives. */
  public void resume() {
    reader.start();
  }

  /** Takes every message received so far. */
  public List<JsonNode> drain() {
    List<JsonNode> all = new ArrayList<>();
    messages.drainTo(all);
    return all;
  }

  private void readFrames() {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int opcode = first & 0x0f;
        byte[] payload = new byte[(int) length(in.readUnsignedByte() & 0x7f)];
        in.readFully(payload);
        if (opcode == 0x8) {
          closeCode.complete(payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005);
          return;
        }
        if (opcode == 0x0 || opcode == 0x1) {
          message.write(payload);
          if ((first & 0x80) != 0) {
            messages.add(JSON.readTree(message.toString(StandardCharsets.UTF_8)));
            message.reset();
          }
        }
      }
    } catch (IOException e) {
      closeCode.complete(1006); // closed without a close frame
    }
  }

  /** Whether the server closed the connection (seen once reading, after {@link #resume()}). */
  public boolean closed() {
    return closeCode.isDone();
  }

  /** The code of the server's close, waiting up to {@code timeout}. */
  public int closeCode(Duration timeout) throws Exception {
    return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private long length(int shortLength) throws IOException {
    if (shortLength == 126) {
      return in.readUnsignedShort();
    }
    return shortLength == 127 ? in.readLong() : shortLength;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
