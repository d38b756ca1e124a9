package io.tickflow.dtc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.DtcJson;
import io.tickflow.dtc.codec.FieldLayout;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.message.DtcMessages;
import io.tickflow.dtc.codec.message.EncodingRequest;
import io.tickflow.dtc.codec.message.EncodingResponse;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A DTC client with none of Tickflow's client code: a blocking socket, its own framing (binary by Size, JSON by the
 * 0x00 terminator) and the codec's flyweights only to build and read single messages. It sends what it is told,
 * well-formed or not, in writes cut at random points, and records every message the server sends (as its binary
 * image; JSON is converted) and whether the server closed the connection.
 */
final class RawDtcClient implements AutoCloseable {
  /** How long an answer may take: generous, as the machine may be busy; only a failing run waits it out. */
  static final Duration ANSWER = Duration.ofSeconds(10);

  /** One message received, as its binary struct image. */
  record Received(int type, byte[] bytes, long arrivalNanos) {
    <T extends DtcFlyweight<T>> T as(T flyweight) {
      return flyweight.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** The SymbolID of a market data or depth message; -1 for a type without one. */
    long symbolId() {
      final MessageLayout layout = DtcMessages.layout(type);
      for (FieldLayout field : layout.fields()) {
        if (field.name().equals("SymbolID")) {
          return field.offset() + 4 <= bytes.length
              ? new UnsafeBuffer(bytes).getInt(field.offset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL : -1;
        }
      }
      return -1;
    }
  }

  private final String name;
  private final Socket socket;
  private final OutputStream out;
  private final Random random;
  private final List<Received> received = new ArrayList<>();
  private final Thread reader;
  private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[DtcFlyweight.MAX_MESSAGE_LENGTH]);
  /** One per thread: the sending thread's and the reader's. */
  private final DtcJson writeJson = new DtcJson();
  private final DtcJson readJson = new DtcJson();
  private volatile boolean closedByServer;
  private volatile String readError;
  private DtcEncoding sendEncoding = DtcEncoding.BINARY;

  /**
   * @param readBuffer the socket's receive buffer, or 0 for the default (a small one lets a client that stops
   *                   reading push back on the server sooner)
   * @param reading    whether to read at all: a client that never reads is one way to misbehave
   */
  RawDtcClient(String name, int port, Random random, int readBuffer, boolean reading) {
    this.name = name;
    this.random = random;
    try {
      socket = new Socket();
      if (readBuffer > 0) {
        socket.setReceiveBufferSize(readBuffer);
      }
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reader = new Thread(this::readLoop, "raw-dtc-" + name);
    reader.setDaemon(true);
    if (reading) {
      reader.start();
    }
  }

  RawDtcClient(String name, int port, Random random) {
    this(name, port, random, 0, true);
  }

  /** Starts reading, for a client made not reading. */
  void startReading() {
    reader.start();
  }

  String name() {
    return name;
  }

  /** Builds a message from the header's defaults and sends it in the current encoding. */
  <T extends DtcFlyweight<T>> void send(T flyweight, UnaryOperator<T> fields) {
    final T message = fields.apply(flyweight.wrapForEncode(scratch, 0));
    sendRaw(encode(message, sendEncoding));
  }

  /** The wire bytes of a built message in an encoding: the struct image, or JSON and its terminator. */
  byte[] encode(DtcFlyweight<?> message, DtcEncoding encoding) {
    if (encoding == DtcEncoding.JSON) {
      final ByteArrayOutputStream text = new ByteArrayOutputStream();
      writeJson.write(message.buffer(), message.offset(), message.length(), text, false);
      text.write(0);
      return text.toByteArray();
    }
    final byte[] bytes = new byte[message.length()];
    message.buffer().getBytes(message.offset(), bytes);
    return bytes;
  }

  /** Builds a message without sending it, to be cut or corrupted. */
  <T extends DtcFlyweight<T>> byte[] build(T flyweight, UnaryOperator<T> fields) {
    return encode(fields.apply(flyweight.wrapForEncode(scratch, 0)), sendEncoding);
  }

  /** Sends in one to three writes cut at random points, so the server's framing sees every split. */
  void sendRaw(byte[] bytes) {
    try {
      int from = 0;
      for (int pieces = 1 + random.nextInt(3); pieces > 1 && from < bytes.length; pieces--) {
        final int to = from + random.nextInt(bytes.length - from + 1);
        out.write(bytes, from, to - from);
        out.flush();
        from = to;
      }
      out.write(bytes, from, bytes.length - from);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": send failed", e);
    }
  }

  /** Asks for an encoding (the request is always binary) and checks the one granted; JSON is sent from then on. */
  void encoding(int asked, DtcEncoding expected) {
    send(new EncodingRequest(), m -> m.encoding(asked));
    final EncodingResponse response = awaitMessage("encoding response to " + asked,
        m -> m.type() == EncodingResponse.TYPE).as(new EncodingResponse());
    assertThat(response.encoding()).as(name + ": encoding granted for " + asked).isEqualTo(expected.code());
    if (expected == DtcEncoding.JSON) {
      sendEncoding = DtcEncoding.JSON;
    }
  }

  /** Logs on and waits for the answer to this logon. */
  LogonResponse logon(int heartbeatSeconds) {
    final int before = received(LogonResponse.TYPE).size();
    send(new LogonRequest(), m -> m.username("raw").password("pw").heartbeatIntervalInSeconds(heartbeatSeconds)
        .clientName("raw test client"));
    await(name + " logon response").atMost(ANSWER).until(() -> received(LogonResponse.TYPE).size() > before);
    return received(LogonResponse.TYPE).get(before).as(new LogonResponse());
  }

  void subscribe(long symbolId, String symbol) {
    send(new MarketDataRequest(), m -> m.requestAction(1).symbolId(symbolId).symbol(symbol));
  }

  /** The first message received that is wanted, once there is one. */
  Received awaitMessage(String what, Predicate<Received> wanted) {
    final AtomicReference<Received> found = new AtomicReference<>();
    await(name + ": " + what).atMost(ANSWER).until(() -> {
      received().stream().filter(wanted).findFirst().ifPresent(found::set);
      return found.get() != null;
    });
    return found.get();
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  List<Received> received(int type) {
    return received().stream().filter(r -> r.type() == type).toList();
  }

  boolean closedByServer() {
    return closedByServer;
  }

  /** A frame from the server this client could not parse; null when none. */
  String readError() {
    return readError;
  }

  /** Closes with a reset (SO_LINGER 0) instead of a FIN: the abrupt way, as a crashed client. */
  void abort() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed: nothing to abort
    }
    close();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }

  /** Joins the reader so that no thread of the test outlives it. */
  void awaitReaderEnd() throws InterruptedException {
    if (reader.isAlive()) {
      reader.join(5000);
    }
  }

  private void readLoop() {
    byte[] pending = new byte[256 * 1024];
    int length = 0;
    boolean jsonMode = false;
    try (InputStream in = socket.getInputStream()) {
      while (true) {
        if (length == pending.length) {
          pending = Arrays.copyOf(pending, pending.length * 2);
        }
        final int n = in.read(pending, length, pending.length - length);
        if (n < 0) {
          closedByServer = true;
          return;
        }
        length += n;
        int start = 0;
        while (true) {
          final int frameEnd;
          final byte[] frame;
          if (jsonMode) {
            int zero = start;
            while (zero < length && pending[zero] != 0) {
              zero++;
            }
            if (zero == length) {
              break;
            }
            frame = fromJson(pending, start, zero - start);
            frameEnd = zero + 1;
          } else {
            if (length - start < DtcFlyweight.HEADER_LENGTH) {
              break;
            }
            final int size = (pending[start] & 0xFF) | (pending[start + 1] & 0xFF) << 8;
            if (size < DtcFlyweight.HEADER_LENGTH) {
              readError = "binary Size " + size;
              return;
            }
            if (length - start < size) {
              break;
            }
            frame = Arrays.copyOfRange(pending, start, start + size);
            frameEnd = start + size;
          }
          start = frameEnd;
          if (frame == null) {
            continue;
          }
          final Received message = new Received(type(frame), frame, System.nanoTime());
          synchronized (received) {
            received.add(message);
          }
          // ENCODING_RESPONSE is binary; what follows is in the encoding it grants.
          if (message.type() == EncodingResponse.TYPE) {
            jsonMode = message.as(new EncodingResponse()).encoding() == DtcEncoding.JSON.code();
          }
        }
        System.arraycopy(pending, start, pending, 0, length - start);
        length -= start;
      }
    } catch (IOException e) {
      closedByServer = true; // a reset, or our own close
    } catch (RuntimeException e) {
      readError = e.toString();
    }
  }

  private byte[] fromJson(byte[] bytes, int offset, int length) {
    final UnsafeBuffer binary = new UnsafeBuffer(new byte[DtcFlyweight.MAX_MESSAGE_LENGTH]);
    final int binaryLength = readJson.read(new UnsafeBuffer(bytes), offset, length, binary, 0);
    if (binaryLength == DtcJson.UNKNOWN_TYPE) {
      readError = "unknown JSON type " + readJson.lastType();
      return null;
    }
    return Arrays.copyOf(binary.byteArray(), binaryLength);
  }

  private static int type(byte[] frame) {
    return (frame[2] & 0xFF) | (frame[3] & 0xFF) << 8;
  }
}
