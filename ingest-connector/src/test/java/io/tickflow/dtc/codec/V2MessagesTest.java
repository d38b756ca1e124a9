package io.tickflow.dtc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeV2;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelV2;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The V2 market-data messages (147, 148, 109) read from bytes laid out by hand at the offsets of the newer DTC header
 * (docs/dtc.md, "V2 messages"), which the byte-exact vectors predate: the simulator and the client share the
 * flyweights, so only bytes written apart from them can show a wrong offset.
 */
class V2MessagesTest {

  private static final long MICROS = 1_764_340_215_123_456L;

  @Test
  void shouldReadATradeV2AtItsOffsets() {
    ByteBuffer bytes = message(40, 147);
    bytes.putInt(4, 7).putDouble(8, 109.859375).putDouble(16, 12.0).putLong(24, MICROS).put(32, (byte) 2)
        .put(33, (byte) 1).put(34, (byte) 0);

    MarketDataUpdateTradeV2 trade = new MarketDataUpdateTradeV2().wrap(new UnsafeBuffer(bytes), 0, 40);

    assertThat(trade.symbolId()).isEqualTo(7);
    assertThat(trade.price()).isEqualTo(109.859375);
    assertThat(trade.volume()).isEqualTo(12.0);
    assertThat(trade.dateTime()).isEqualTo(MICROS);
    assertThat(trade.atBidOrAsk()).isEqualTo(2);
    assertThat(trade.unbundledTradeIndicator()).isEqualTo(1);
  }

  @Test
  void shouldReadABidAskV2AtItsOffsetsWithAnUnsetSide() {
    ByteBuffer bytes = message(48, 148);
    bytes.putInt(4, 3).putDouble(8, 6010.75).putDouble(16, 41.0).putDouble(24, Double.MAX_VALUE)
        .putDouble(32, 0.0).putLong(40, MICROS);

    MarketDataUpdateBidAskV2 quote = new MarketDataUpdateBidAskV2().wrap(new UnsafeBuffer(bytes), 0, 48);

    assertThat(quote.symbolId()).isEqualTo(3);
    assertThat(quote.bidPrice()).isEqualTo(6010.75);
    assertThat(quote.bidQuantity()).isEqualTo(41.0);
    assertThat(Unset.isSet(quote.askPrice())).isFalse();
    assertThat(quote.dateTime()).isEqualTo(MICROS);
  }

  @Test
  void shouldReadADepthUpdateLevelV2AtItsPackedOffsets() {
    ByteBuffer bytes = message(39, 109);
    bytes.putInt(4, 5).putLong(8, MICROS / 1000).putDouble(16, 1.08011).putDouble(24, 2_000_000.0)
        .putShort(32, (short) 4).putShort(34, (short) 2).put(36, (byte) 1).put(37, (byte) 2).put(38, (byte) 1);

    MarketDepthUpdateLevelV2 level = new MarketDepthUpdateLevelV2().wrap(new UnsafeBuffer(bytes), 0, 39);

    assertThat(level.symbolId()).isEqualTo(5);
    assertThat(level.dateTime()).isEqualTo(MICROS / 1000);
    assertThat(level.price()).isEqualTo(1.08011);
    assertThat(level.quantity()).isEqualTo(2_000_000.0);
    assertThat(level.numOrders()).isEqualTo(4);
    assertThat(level.level()).isEqualTo(2);
    assertThat(level.side()).isEqualTo(1);
    assertThat(level.updateType()).isEqualTo(2);
    assertThat(level.finalUpdateInBatch()).isEqualTo(1);
  }

  /** A message's bytes, little-endian, with its Size and Type header. */
  private static ByteBuffer message(int size, int type) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) size)
        .putShort(2, (short) type);
  }
}
