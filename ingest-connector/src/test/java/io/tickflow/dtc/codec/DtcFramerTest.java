package io.tickflow.dtc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtcFramerTest {
  private static final byte[] HEARTBEAT = HexFormat.of().parseHex("100003000000000000f1536500000000");
  private static final byte[] TRADE_COMPACT = HexFormat.of().parseHex("1800700000429c450000404000f153650100000001000000");

  private final List<byte[]> frames = new ArrayList<>();
  private final DtcFramer.FrameHandler collector = (buffer, offset, length) ->
      frames.add(DtcConformanceTest.bytes(buffer, offset, length));

  @Test
  void shouldDeliverSeveralFramesWhenOneReadHoldsThem() {
    final DtcFramer framer = new DtcFramer(1024, 1024);
    framer.append(ByteBuffer.wrap(concat(HEARTBEAT, TRADE_COMPACT, HEARTBEAT)));

    assertThat(framer.poll(collector)).isEqualTo(3);
    assertThat(frames).containsExactly(HEARTBEAT, TRADE_COMPACT, HEARTBEAT);
    assertThat(framer.pendingBytes()).isZero();
  }

  @Test
  void shouldWaitForTheRestWhenAFrameArrivesInPieces() {
    final DtcFramer framer = new DtcFramer(1024, 1024);
    final byte[] stream = concat(HEARTBEAT, TRADE_COMPACT);
    for (int i = 0; i < stream.length; i++) {
      framer.append(ByteBuffer.wrap(stream, i, 1));
      framer.poll(collector);
      assertThat(frames).hasSize(i < HEARTBEAT.length - 1 ? 0 : i < stream.length - 1 ? 1 : 2);
    }
    assertThat(frames).containsExactly(HEARTBEAT, TRADE_COMPACT);
  }

  @Test
  void shouldThrowWithOffsetTypeAndSizeWhenSizeIsBelowTheHeader() {
    final DtcFramer framer = new DtcFramer(1024, 1024);
    framer.append(ByteBuffer.wrap(concat(HEARTBEAT, new byte[] {3, 0, 3, 0})));

    assertThatThrownBy(() -> framer.poll(collector))
        .isInstanceOfSatisfying(DtcCodecException.class, e -> {
          assertThat(e.offset()).isEqualTo(16);
          assertThat(e.type()).isEqualTo(3);
          assertThat(e.size()).isEqualTo(3);
        })
        .hasMessage("invalid size 3 below the header length 4 (type 3, size 3, at offset 16)");
    assertThat(frames).containsExactly(HEARTBEAT);
  }

  @Test
  void shouldThrowWhenSizeIsAboveTheConfiguredMaximum() {
    final DtcFramer framer = new DtcFramer(64, 64);
    framer.append(ByteBuffer.wrap(new byte[] {(byte) 0xB0, 0x01, (byte) 0xFB, 0x01}));

    assertThatThrownBy(() -> framer.poll(collector)).isInstanceOf(DtcCodecException.class)
        .hasMessage("invalid size 432 above the maximum frame length 64 (type 507, size 432, at offset 0)");
  }

  @Test
  void shouldSkipAndCountFramesWhenTheTypeIsUnknown() {
    final DtcFramer framer = new DtcFramer(1024, 1024);
    final List<Integer> unknownTypes = new ArrayList<>();
    final byte[] unknown = {8, 0, (byte) 0xE7, 0x03, 1, 2, 3, 4}; // type 999
    framer.append(ByteBuffer.wrap(concat(unknown, TRADE_COMPACT, unknown)));

    framer.poll(new DtcFramer.FrameHandler() {
      @Override
      public boolean onFrame(org.agrona.DirectBuffer buffer, int offset, int length) {
        return collector.onFrame(buffer, offset, length);
      }

      @Override
      public void onUnknownType(int type, int size, long streamOffset) {
        unknownTypes.add(type);
      }
    });

    assertThat(frames).containsExactly(TRADE_COMPACT);
    assertThat(unknownTypes).containsExactly(999, 999);
    assertThat(framer.unknownFrames()).isEqualTo(2);
  }

  @Test
  void shouldKeepARefusedFrameAndOfferItAgainWhenTheHandlerAppliesBackpressure() {
    final DtcFramer framer = new DtcFramer(1024, 1024);
    framer.append(ByteBuffer.wrap(concat(HEARTBEAT, TRADE_COMPACT)));

    assertThat(framer.poll((buffer, offset, length) -> length == Heartbeat.ENCODED_LENGTH
        && collector.onFrame(buffer, offset, length))).isEqualTo(1);
    assertThat(framer.pendingBytes()).isEqualTo(MarketDataUpdateTradeCompact.ENCODED_LENGTH);
    assertThat(framer.poll(collector)).isEqualTo(1);
    assertThat(frames).containsExactly(HEARTBEAT, TRADE_COMPACT);
  }

  @Test
  void shouldSplitJsonOnTerminatorsAfterSwitchingEncodingInsideTheHandler() {
    final DtcFramer framer = new DtcFramer(1024, 1024);
    final byte[] json = "{\"Type\":3}\0\0{\"Type\":5}\0".getBytes(StandardCharsets.US_ASCII);
    framer.append(ByteBuffer.wrap(concat(HEARTBEAT, json)));

    framer.poll((buffer, offset, length) -> {
      framer.encoding(DtcEncoding.JSON);
      return collector.onFrame(buffer, offset, length);
    });

    assertThat(frames).extracting(f -> new String(f, StandardCharsets.US_ASCII))
        .containsExactly(new String(HEARTBEAT, StandardCharsets.US_ASCII), "{\"Type\":3}", "{\"Type\":5}");
  }

  @Test
  void shouldThrowWhenAJsonMessageHasNoTerminatorWithinTheMaximum() {
    final DtcFramer framer = new DtcFramer(16, 64);
    framer.encoding(DtcEncoding.JSON);
    framer.append(ByteBuffer.wrap("{\"Type\":3,\"NumDroppedMessages\":0}".getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> framer.poll(collector)).isInstanceOf(DtcCodecException.class)
        .hasMessageStartingWith("JSON message without terminator within the maximum frame length 16");
  }

  @Test
  void shouldThrowWhenAJsonMessageIsLongerThanTheMaximumEvenIfItsTerminatorCameInTheSameRead() {
    final DtcFramer framer = new DtcFramer(16, 64);
    framer.encoding(DtcEncoding.JSON);
    // 17 bytes, then the terminator: how the reads fell must not decide whether this is a protocol error.
    framer.append(ByteBuffer.wrap("{\"Type\":3,\"X\":12}\0".getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> framer.poll(collector)).isInstanceOf(DtcCodecException.class)
        .hasMessageStartingWith("JSON message without terminator within the maximum frame length 16");
    assertThat(frames).isEmpty();
  }

  @Test
  void shouldDeliverAJsonMessageOfExactlyTheMaximumLength() {
    final DtcFramer framer = new DtcFramer(16, 64);
    framer.encoding(DtcEncoding.JSON);
    framer.append(ByteBuffer.wrap("{\"Type\":3,\"X\":1}\0{\"Type\":3}\0".getBytes(StandardCharsets.US_ASCII)));

    assertThat(framer.poll(collector)).isEqualTo(2);
    assertThat(frames).extracting(f -> new String(f, StandardCharsets.US_ASCII))
        .containsExactly("{\"Type\":3,\"X\":1}", "{\"Type\":3}");
  }

  @Test
  void shouldRejectAMaximumFrameLengthAboveTheUint16Range() {
    assertThatThrownBy(() -> new DtcFramer(65536, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrameLength must be in [4, 65535], was 65536");
  }

  static byte[] concat(byte[]... parts) {
    final ByteBuffer out = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }
}
