package io.tickflow.bars;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link SymbolState} in the bar state store and its changelog. Hand-written rather than Avro because
 * it is internal (not part of the data contract) and written once per trade: a fixed field layout in a single
 * {@link ByteBuffer} costs a fraction of a generic encoder. The first byte is a format version. Thread-safe.
 */
public final class SymbolStateSerde implements Serde<SymbolState>, Serializer<SymbolState>, Deserializer<SymbolState> {

  /**
   * Version 4 added the start of each activity series' latest bar after the held trades (older versions: those of
   * the open activity bars); version 3 the trades held for a candidate price level after the open bars; version 2
   * the symbol's clock and heard-at time (version 1 states are read as following stream time). Older versions hold
   * no trades.
   */
  private static final byte VERSION = 4;
  private static final byte VERSION_WITHOUT_ACTIVITY_STARTS = 3;
  private static final byte VERSION_WITHOUT_HELD = 2;
  private static final byte VERSION_WITHOUT_CLOCK = 1;
  private static final int HELD_FIXED_BYTES = 4 + 4 + 8 + 4 + 8 + 8 + 2;
  private static final int HEADER_BYTES = 1 + 8 + 8 + 4 + 8 + 8 + 8 + 1 + 4;
  private static final int TRADE_FIXED_BYTES = 8 + 8 + 1 + 8 + 8 + 4 + 1 + 2 + 2;
  private static final AggressorSide[] SIDES = AggressorSide.values();
  private static final DataSource[] SOURCES = DataSource.values();

  private final Map<String, BarSpec> specsByLabel = new ConcurrentHashMap<>();

  /** A serde that resolves bar labels to these spec instances (others are parsed from their label). */
  public SymbolStateSerde(List<? extends BarSpec> knownSpecs) {
    knownSpecs.forEach(spec -> specsByLabel.put(spec.label(), spec));
  }

  @Override
  public byte[] serialize(String topic, SymbolState state) {
    if (state == null) {
      return null;
    }
    Trade latest = state.latestTrade();
    byte[] symbol = latest == null ? null : latest.getSymbol().getBytes(StandardCharsets.UTF_8);
    byte[] exchange = latest == null ? null : latest.getExchange().getBytes(StandardCharsets.UTF_8);
    int size = HEADER_BYTES + (latest == null ? 0 : TRADE_FIXED_BYTES + symbol.length + exchange.length);
    for (OpenBar bar : state.openBars()) {
      size += bar.encodedSize();
    }
    size += 4;
    for (HeldTrade held : state.held()) {
      size += heldSize(held);
    }
    size += 4;
    for (String label : state.activityStarts().keySet()) {
      size += 2 + label.length() + 8;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    buffer.put(VERSION).putDouble(state.referencePrice()).putDouble(state.candidatePrice())
        .putInt(state.confirmations()).putLong(state.maxEventMicros()).putLong(state.clockMicros())
        .putLong(state.heardAtMicros());
    buffer.put((byte) (latest == null ? 0 : 1));
    if (latest != null) {
      writeTrade(buffer, latest, symbol, exchange);
    }
    buffer.putInt(state.openBars().size());
    for (OpenBar bar : state.openBars()) {
      bar.writeTo(buffer);
    }
    buffer.putInt(state.held().size());
    for (HeldTrade held : state.held()) {
      writeHeld(buffer, held);
    }
    buffer.putInt(state.activityStarts().size());
    // Series labels (T100, V500, R8) are ASCII, as OpenBar writes them: one byte a character, no copy per write.
    state.activityStarts().forEach((label, start) -> {
      buffer.putShort((short) label.length());
      for (int i = 0; i < label.length(); i++) {
        buffer.put((byte) label.charAt(i));
      }
      buffer.putLong(start);
    });
    return buffer.array();
  }

  @Override
  public SymbolState deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      byte version = buffer.get();
      if (version < VERSION_WITHOUT_CLOCK || version > VERSION) {
        throw new SerializationException("Unknown symbol state format version " + version + " in " + topic);
      }
      double reference = buffer.getDouble();
      double candidate = buffer.getDouble();
      int confirmations = buffer.getInt();
      long maxEventMicros = buffer.getLong();
      long clockMicros = version == VERSION_WITHOUT_CLOCK ? maxEventMicros : buffer.getLong();
      long heardAtMicros = version == VERSION_WITHOUT_CLOCK ? Long.MIN_VALUE : buffer.getLong();
      Trade latest = buffer.get() == 1 ? readTrade(buffer) : null;
      int barCount = buffer.getInt();
      List<OpenBar> bars = new ArrayList<>(barCount + 2);
      for (int i = 0; i < barCount; i++) {
        String label = OpenBar.readLabel(buffer);
        bars.add(OpenBar.readBody(specsByLabel.computeIfAbsent(label, BarSpec::parse), buffer));
      }
      int heldCount = version > VERSION_WITHOUT_HELD ? buffer.getInt() : 0;
      List<HeldTrade> held = new ArrayList<>(heldCount);
      for (int i = 0; i < heldCount; i++) {
        held.add(readHeld(buffer));
      }
      Map<String, Long> activityStarts = version > VERSION_WITHOUT_ACTIVITY_STARTS ? readActivityStarts(buffer)
          : activityStartsOf(bars);
      return new SymbolState(bars, reference, candidate, confirmations, maxEventMicros, clockMicros, heardAtMicros,
          latest, held, activityStarts, version > VERSION_WITHOUT_ACTIVITY_STARTS);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new SerializationException("Corrupt symbol state of " + data.length + " bytes in " + topic, e);
    }
  }

  private static Map<String, Long> readActivityStarts(ByteBuffer buffer) {
    int count = buffer.getInt();
    Map<String, Long> starts = new LinkedHashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      starts.put(readString(buffer), buffer.getLong());
    }
    return starts;
  }

  private static Map<String, Long> activityStartsOf(List<OpenBar> bars) {
    Map<String, Long> starts = new LinkedHashMap<>();
    for (OpenBar bar : bars) {
      if (bar.spec() instanceof BarSpec.ActivityBars) {
        starts.put(bar.spec().label(), bar.startMicros());
      }
    }
    return starts;
  }

  private static int heldSize(HeldTrade held) {
    Trade trade = held.trade();
    return HELD_FIXED_BYTES + TRADE_FIXED_BYTES + utf8(trade.getSymbol()).length + utf8(trade.getExchange()).length
        + (held.key() == null ? 0 : held.key().length)
        + (held.rawValue() == null ? 0 : held.rawValue().length) + utf8(held.topic()).length;
  }

  /** A held trade: its trade, key and raw value (length -1 for null), timestamp, coordinates and reference. */
  private static void writeHeld(ByteBuffer buffer, HeldTrade held) {
    Trade trade = held.trade();
    writeTrade(buffer, trade, utf8(trade.getSymbol()), utf8(trade.getExchange()));
    writeNullable(buffer, held.key());
    writeNullable(buffer, held.rawValue());
    buffer.putLong(held.timestampMs());
    byte[] topic = utf8(held.topic());
    buffer.putShort((short) topic.length).put(topic);
    buffer.putInt(held.partition()).putLong(held.offset()).putDouble(held.reference());
  }

  private static HeldTrade readHeld(ByteBuffer buffer) {
    Trade trade = readTrade(buffer);
    byte[] key = readNullable(buffer);
    byte[] rawValue = readNullable(buffer);
    long timestampMs = buffer.getLong();
    String topic = readString(buffer);
    return new HeldTrade(trade, key, rawValue, timestampMs, topic, buffer.getInt(), buffer.getLong(), buffer.getDouble());
  }

  private static void writeNullable(ByteBuffer buffer, byte[] bytes) {
    buffer.putInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      buffer.put(bytes);
    }
  }

  private static byte[] readNullable(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void writeTrade(ByteBuffer buffer, Trade trade, byte[] symbol, byte[] exchange) {
    buffer.putShort((short) symbol.length).put(symbol).putShort((short) exchange.length).put(exchange);
    buffer.putDouble(trade.getPrice()).putLong(trade.getSize()).put((byte) trade.getSide().ordinal());
    buffer.putLong(TradeTick.toMicros(trade.getEventTime())).putLong(TradeTick.toMicros(trade.getReceiveTime()));
    buffer.putInt(trade.getSequence()).put((byte) trade.getSource().ordinal());
  }

  private static Trade readTrade(ByteBuffer buffer) {
    String symbol = readString(buffer);
    String exchange = readString(buffer);
    double price = buffer.getDouble();
    long size = buffer.getLong();
    AggressorSide side = SIDES[buffer.get()];
    long eventMicros = buffer.getLong();
    long receiveMicros = buffer.getLong();
    int sequence = buffer.getInt();
    DataSource source = SOURCES[buffer.get()];
    return new Trade(symbol, exchange, price, size, side, TradeTick.toInstant(eventMicros),
        TradeTick.toInstant(receiveMicros), sequence, source);
  }

  private static String readString(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.getShort()];
    buffer.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure; declared because Serde, Serializer and Deserializer each default it.
  }

  @Override
  public void close() {
    // Nothing to release; declared because Serde, Serializer and Deserializer each default it.
  }

  @Override
  public Serializer<SymbolState> serializer() {
    return this;
  }

  @Override
  public Deserializer<SymbolState> deserializer() {
    return this;
  }
}
