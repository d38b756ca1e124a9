package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.DtcJson;
import io.tickflow.dtc.codec.message.EncodingResponse;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A DTC "server" the test drives by hand over a loopback socket, for what the simulator cannot do: answer
 * nothing, send bytes one at a time, cut a frame, grant odd encodings. Blocking I/O on the test thread.
 */
public final class LoopbackServer implements AutoCloseable {
  /** Event time of {@link #trade}: 2023-11-14T22:13:20.250Z. */
  static final double TRADE_SECONDS = 1_700_000_000.25;
  private static final int TIMEOUT_MILLIS = 10_000;

  private final ServerSocket server;
  private final List<Socket> accepted = new ArrayList<>();
  private Socket socket;
  private DataInputStream in;
  private OutputStream out;
  /** Whether the client's messages are JSON (after a JSON ENCODING_RESPONSE), on the current connection. */
  private boolean json;

  public LoopbackServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setSoTimeout(TIMEOUT_MILLIS);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Waits for the client's next connection and makes it the current one. */
  public LoopbackServer accept() throws IOException {
    socket = server.accept();
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    accepted.add(socket);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    json = false;
    return this;
  }

  /** The client's messages are JSON from now on: call it right after granting JSON. */
  public LoopbackServer readJson() {
    json = true;
    return this;
  }

  /** Reads one message from the client and returns its type. */
  public int readFrame() throws IOException {
    return type(readMessage());
  }

  /** Reads one message from the client, as its binary image whatever the encoding. */
  public byte[] readMessage() throws IOException {
    if (json) {
      final UnsafeBuffer binary = scratch();
      final byte[] text = readJsonText();
      final int length = new DtcJson().read(new UnsafeBuffer(text), 0, text.length, binary, 0);
      return Arrays.copyOf(binary.byteArray(), length);
    }
    final byte[] header = new byte[4];
    in.readFully(header);
    final byte[] message = Arrays.copyOf(header, ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getShort(0)
        & 0xFFFF);
    in.readFully(message, 4, message.length - 4);
    return message;
  }

  private byte[] readJsonText() throws IOException {
    final ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int b = in.read(); b != 0; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the client closed in the middle of a JSON message");
      }
      text.write(b);
    }
    return text.toByteArray();
  }

  /**
   * Whole messages the client has sent so far, as binary images, without waiting for more (it writes each message
   * at once, so a message begun is read to its end).
   */
  public List<byte[]> readAvailable() throws IOException {
    final List<byte[]> messages = new ArrayList<>();
    while (in.available() > 0) {
      messages.add(readMessage());
    }
    return messages;
  }

  /** The Type of a binary message image. */
  public static int type(byte[] message) {
    return ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).getShort(2) & 0xFFFF;
  }

  /** Reads frames until one of the type arrives, ignoring the others (e.g. heartbeats). */
  public void readUntil(int type) throws IOException {
    readTypesUntil(type);
  }

  /** Reads frames until one of the type arrives; returns the types of the frames before it, in order. */
  public List<Integer> readTypesUntil(int type) throws IOException {
    final List<Integer> before = new ArrayList<>();
    for (int next = readFrame(); next != type; next = readFrame()) {
      before.add(next);
    }
    return before;
  }

  public LoopbackServer write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Writes the bytes cut at random places, each piece flushed on its own: reads fall anywhere in a message. */
  public LoopbackServer writeInPieces(byte[] bytes, Random random) throws IOException {
    int from = 0;
    while (from < bytes.length) {
      final int to = random.nextInt(4) == 0 ? bytes.length : Math.min(bytes.length, from + 1 + random.nextInt(64));
      write(Arrays.copyOfRange(bytes, from, to));
      from = to;
    }
    return this;
  }

  /**
   * Writes after a frame the client must refuse: it may close before it has read them all, and a write after its
   * close is refused, which is no failure here.
   */
  public void writeAfterAFatalFrame(byte[] bytes, Random random) throws IOException {
    try {
      writeInPieces(bytes, random);
    } catch (SocketException closedByTheClient) {
      // what the client should do
    }
  }

  /** Writes every byte in its own TCP segment. */
  public LoopbackServer writeByteByByte(byte[] bytes) throws IOException {
    for (byte b : bytes) {
      out.write(b);
      out.flush();
    }
    return this;
  }

  /** Closes the current connection (the listening socket stays open). */
  public void hangUp() throws IOException {
    socket.close();
  }

  /**
   * Closes the current connection once the client has read all that was written: a FIN after the last byte, then
   * the client's own close awaited (a close with the client's heartbeats unread would reset the connection, and a
   * reset can discard what the client had not read yet).
   */
  public void hangUpAfterWrites() throws IOException {
    socket.shutdownOutput();
    awaitClientClose();
  }

  /** Reads and drops what the client sends until it closes the connection, then closes this side. */
  public void awaitClientClose() throws IOException {
    final byte[] ignored = new byte[4096];
    try {
      while (in.read(ignored) >= 0) {
        // the client's heartbeats and requests: not asked for
      }
    } catch (SocketException reset) {
      // The client closed with our bytes unread: closed all the same.
    }
    socket.close();
  }

  /** Accepts the next connection, answers its binary logon with success and waits for the first subscription. */
  public void acceptAndLogOn() throws IOException {
    accept().readUntil(LogonRequest.TYPE);
    write(logonResponse(LogonResult.SUCCESS, "welcome"));
    readUntil(MarketDataRequest.TYPE);
  }

  // --- messages a test sends ---

  /** A LOGON_RESPONSE of a server that serves historical data. */
  public static byte[] logonResponse(int result, String text) {
    return bytes(new LogonResponse().wrapForEncode(scratch(), 0).result(result).resultText(text)
        .serverName("loopback").historicalPriceDataSupported(1));
  }

  public static byte[] encodingResponse(int encoding) {
    return bytes(new EncodingResponse().wrapForEncode(scratch(), 0).encoding(encoding));
  }

  /** A MARKET_DATA_UPDATE_TRADE of 2 at the ask, at {@link #TRADE_SECONDS}. */
  public static byte[] trade(long symbolId, double price) {
    return bytes(new MarketDataUpdateTrade().wrapForEncode(scratch(), 0).symbolId(symbolId).price(price).volume(2)
        .atBidOrAsk(2).dateTime(TRADE_SECONDS));
  }

  /** One JSON-encoded message with its terminator. */
  public static byte[] json(String message) {
    return (message + "\0").getBytes(StandardCharsets.UTF_8);
  }

  /** A binary message image as a server of that encoding sends it: as it is, or as JSON with its terminator. */
  public static byte[] inEncoding(DtcEncoding encoding, byte[] binary) {
    return encoding == DtcEncoding.JSON ? json(new DtcJson().toJson(new UnsafeBuffer(binary), 0, binary.length, false))
        : binary;
  }

  /** The bytes of a message written with a flyweight. */
  public static byte[] bytes(DtcFlyweight<?> message) {
    final byte[] copy = new byte[message.length()];
    message.buffer().getBytes(message.offset(), copy);
    return copy;
  }

  public static UnsafeBuffer scratch() {
    return new UnsafeBuffer(new byte[1024]);
  }

  @Override
  public void close() throws IOException {
    for (Socket s : accepted) {
      s.close();
    }
    server.close();
  }
}
