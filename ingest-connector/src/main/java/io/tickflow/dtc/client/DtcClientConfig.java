package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcFlyweight;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link DtcClient} connection, validated on construction.
 *
 * @param host              DTC server host
 * @param port              DTC server port
 * @param username          LOGON_REQUEST Username (may be empty)
 * @param password          LOGON_REQUEST Password (may be empty; never logged)
 * @param clientName        LOGON_REQUEST ClientName
 * @param heartbeatInterval interval both sides heartbeat at; the peer is declared dead after twice this silence
 * @param encoding          BINARY or JSON; JSON is negotiated with ENCODING_REQUEST
 * @param reconnectMin      first reconnect delay; doubles per failed attempt
 * @param reconnectMax      reconnect delay ceiling
 * @param connectTimeout    TCP connect timeout
 * @param maxFrameLength    longest accepted message; longer ones are a protocol error
 * @param queueCapacity     bytes of the handoff queue between the network thread and {@link DtcClient#poll}; a
 *                          power of two. When it is full the client stops reading the socket.
 * @param historicalHost    host of a separate historical data server (Sierra Chart serves history on its own
 *                          port); used only with a {@code historicalPort}
 * @param historicalPort    port of that server, 0 for none: historical requests then go over the market-data
 *                          connection
 */
public record DtcClientConfig(String host, int port, String username, String password, String clientName,
    Duration heartbeatInterval, DtcEncoding encoding, Duration reconnectMin, Duration reconnectMax,
    Duration connectTimeout, int maxFrameLength, int queueCapacity, String historicalHost, int historicalPort) {

  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
  public static final int DEFAULT_QUEUE_CAPACITY = 1 << 22;
  /** {@link #historicalPort} of a client without a separate historical data server. */
  public static final int NO_HISTORICAL_SERVER = 0;

  public DtcClientConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(clientName, "clientName");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(historicalHost, "historicalHost");
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
    }
    if (historicalPort < 0 || historicalPort > 0xFFFF) {
      throw new IllegalArgumentException("historicalPort must be in [0, 65535], was " + historicalPort);
    }
    requireAtLeast("heartbeatInterval", heartbeatInterval, Duration.ofSeconds(1));
    requireAtLeast("reconnectMin", reconnectMin, Duration.ofMillis(1));
    requireAtLeast("reconnectMax", reconnectMax, reconnectMin);
    requireAtLeast("connectTimeout", connectTimeout, Duration.ofMillis(1));
    if (!encoding.isSupported()) {
      throw new IllegalArgumentException("encoding must be BINARY or JSON, was " + encoding);
    }
    if (maxFrameLength < 1024 || maxFrameLength > DtcFlyweight.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("maxFrameLength must be in [1024, 65535], was " + maxFrameLength);
    }
    if (Integer.bitCount(queueCapacity) != 1 || queueCapacity < 4 * maxFrameLength) {
      throw new IllegalArgumentException("queueCapacity must be a power of two >= 4 * maxFrameLength ("
          + 4 * maxFrameLength + "), was " + queueCapacity);
    }
  }

  /** Defaults: binary, 10 s heartbeat, reconnect 100 ms .. 30 s, 5 s connect timeout, 64 KiB frames, 4 MiB queue. */
  public static DtcClientConfig of(String host, int port) {
    return new DtcClientConfig(host, port, "", "", "Tickflow", DEFAULT_HEARTBEAT, DtcEncoding.BINARY,
        Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(5), DtcFlyweight.MAX_MESSAGE_LENGTH,
        DEFAULT_QUEUE_CAPACITY, host,
        NO_HISTORICAL_SERVER);
  }

  public DtcClientConfig withCredentials(String newUsername, String newPassword) {
    return new DtcClientConfig(host, port, newUsername, newPassword, clientName, heartbeatInterval, encoding,
        reconnectMin, reconnectMax, connectTimeout, maxFrameLength, queueCapacity, historicalHost, historicalPort);
  }

  public DtcClientConfig withEncoding(DtcEncoding newEncoding) {
    return new DtcClientConfig(host, port, username, password, clientName, heartbeatInterval, newEncoding,
        reconnectMin, reconnectMax, connectTimeout, maxFrameLength, queueCapacity, historicalHost, historicalPort);
  }

  public DtcClientConfig withHeartbeatInterval(Duration newInterval) {
    return new DtcClientConfig(host, port, username, password, clientName, newInterval, encoding, reconnectMin,
        reconnectMax, connectTimeout, maxFrameLength, queueCapacity, historicalHost, historicalPort);
  }

  public DtcClientConfig withReconnect(Duration newMin, Duration newMax) {
    return new DtcClientConfig(host, port, username, password, clientName, heartbeatInterval, encoding, newMin,
        newMax, connectTimeout, maxFrameLength, queueCapacity, historicalHost, historicalPort);
  }

  public DtcClientConfig withQueueCapacity(int newCapacity) {
    return new DtcClientConfig(host, port, username, password, clientName, heartbeatInterval, encoding,
        reconnectMin, reconnectMax, connectTimeout, maxFrameLength, newCapacity, historicalHost, historicalPort);
  }

  /** Historical requests each go over a connection of their own to this server rather than the market-data one. */
  public DtcClientConfig withHistoricalServer(String newHost, int newPort) {
    return new DtcClientConfig(host, port, username, password, clientName, heartbeatInterval, encoding,
        reconnectMin, reconnectMax, connectTimeout, maxFrameLength, queueCapacity, newHost, newPort);
  }

  public boolean hasHistoricalServer() {
    return historicalPort != NO_HISTORICAL_SERVER;
  }

  /** Keeps the password out of logs. */
  @Override
  public String toString() {
    return "DtcClientConfig[" + host + ":" + port + ", user=" + username + ", encoding=" + encoding
        + ", heartbeat=" + heartbeatInterval + ", reconnect=" + reconnectMin + ".." + reconnectMax
        + ", maxFrameLength=" + maxFrameLength + ", queueCapacity=" + queueCapacity
        + (hasHistoricalServer() ? ", historical=" + historicalHost + ":" + historicalPort : "") + "]";
  }

  private static void requireAtLeast(String name, Duration value, Duration min) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
  }
}
