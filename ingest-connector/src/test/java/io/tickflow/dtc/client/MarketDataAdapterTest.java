package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRecordResponse;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeWithUnbundledIndicator;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.IntradayRecordEncoder;
import io.tickflow.scid.RecordKind;
import io.tickflow.scid.TickTrades;
import io.tickflow.scid.TradeSequencer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prices as the adapter publishes them: Sierra Chart sends its float32 prices widened into the double fields, and a
 * widened float must come out as the decimal it was written as, the same value a float field or a .scid file gives.
 */
class MarketDataAdapterTest {

  /** Only its lists: the adapter is driven by hand here, not by a client's poll on Consumer's thread. */
  private final Consumer events = new Consumer();
  private final DtcClient client = new DtcClient(DtcClientConfig.of("127.0.0.1", 1), events);
  private final MarketDataAdapter adapter = new MarketDataAdapter(client, events);
  private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** CL at 71.53 arrives as 71.52999877929688, 6E at 1.08345 as 1.0834499597549438: Sierra Chart's float32. */
  @ParameterizedTest
  @CsvSource({
      "71.52999877929688, 71.53",
      "1.0834499597549438, 1.08345",
      "0.009999999776482582, 0.01",
      "4512.25, 4512.25",
      "110.515625, 110.515625",
      "45.05, 45.05",
      "71.53, 71.53",
      "1.7976931348623157E308, 1.7976931348623157E308",
      "NaN, NaN",
      "Infinity, Infinity",
      "-Infinity, -Infinity",
  })
  void shouldPublishATradePriceThatAFloatHoldsAsThatFloatsDecimalAndKeepAnyOtherAsSent(double sent,
      double published) {
    trade(sent);

    assertThat(events.trades).extracting(MarketEvents.Trade::price).containsExactly(published);
  }

  @Test
  void shouldPublishAWidenedFloatOfAnUnbundledTradeAsItsDecimal() {
    new MarketDataUpdateTradeWithUnbundledIndicator().wrapForEncode(buffer, 0).symbolId(1).price((double) 71.53f)
        .volume(1).dateTime(1_700_000_000);
    adapter.onMessage(MarketDataUpdateTradeWithUnbundledIndicator.TYPE, buffer, 0,
        MarketDataUpdateTradeWithUnbundledIndicator.ENCODED_LENGTH);

    assertThat(events.trades).extracting(MarketEvents.Trade::price).containsExactly(71.53);
  }

  /** A backfilled print and the live one must have one identity, or deduplication keeps both. */
  @ParameterizedTest
  @ValueSource(floats = {71.53f, 1.08345f, 4512.25f, 0.01f})
  void shouldGiveAHistoricalTickTheSamePriceAsTheLiveTradeOfTheSameFloat(float price) {
    trade(price);
    new HistoricalPriceDataTickRecordResponse().wrapForEncode(buffer, 0).requestId(1).price(price).volume(1)
        .dateTime(1_700_000_000);
    adapter.onMessage(HistoricalPriceDataTickRecordResponse.TYPE, buffer, 0,
        HistoricalPriceDataTickRecordResponse.ENCODED_LENGTH);
    final int request = client.requestHistoricalTicks("CLF7", "NYMEX", 0);
    new HistoricalPriceDataRecordResponse().wrapForEncode(buffer, 0).requestId(request).lastPrice(price).volume(1)
        .askVolume(1).startDateTime(1_700_000_000);
    adapter.onMessage(HistoricalPriceDataRecordResponse.TYPE, buffer, 0,
        HistoricalPriceDataRecordResponse.ENCODED_LENGTH);

    final double decimal = Double.parseDouble(Float.toString(price));
    assertThat(events.trades).extracting(MarketEvents.Trade::price).containsExactly(decimal);
    assertThat(events.history).extracting(MarketEvents.HistoricalTick::price).containsExactly(decimal, decimal);
  }

  @Test
  void shouldPublishWidenedFloatBidAndAskAsTheirDecimalsAndAnUnsetSideAsNull() {
    new MarketDataUpdateBidAsk().wrapForEncode(buffer, 0).symbolId(1).bidPrice((double) 1.08345f).bidQuantity(3)
        .askPrice(45.05).askQuantity(4).dateTime(1_700_000_000);
    adapter.onMessage(MarketDataUpdateBidAsk.TYPE, buffer, 0, MarketDataUpdateBidAsk.ENCODED_LENGTH);
    new MarketDataUpdateBidAsk().wrapForEncode(buffer, 0).symbolId(1).bidPrice(Unset.DOUBLE).bidQuantity(3)
        .askPrice((double) 71.53f).askQuantity(4).dateTime(1_700_000_000);
    adapter.onMessage(MarketDataUpdateBidAsk.TYPE, buffer, 0, MarketDataUpdateBidAsk.ENCODED_LENGTH);
    new MarketDataSnapshot().wrapForEncode(buffer, 0).symbolId(1).bidPrice((double) 71.52f).bidQuantity(1)
        .askPrice((double) 71.53f).askQuantity(2);
    adapter.onMessage(MarketDataSnapshot.TYPE, buffer, 0, MarketDataSnapshot.ENCODED_LENGTH);

    assertThat(events.quotes).extracting(MarketEvents.Quote::bidPrice, MarketEvents.Quote::askPrice)
        .containsExactly(tuple(1.08345, 45.05), tuple(null, 71.53), tuple(71.52, 71.53));
  }

  @Test
  void shouldPublishWidenedFloatDepthPricesAsTheirDecimalsAndKeepUnsetPrices() {
    new MarketDepthSnapshotLevel().wrapForEncode(buffer, 0).symbolId(1).side(1).price((double) 71.52f).quantity(5)
        .isFirstMessageInBatch(1).isLastMessageInBatch(1);
    adapter.onMessage(MarketDepthSnapshotLevel.TYPE, buffer, 0, MarketDepthSnapshotLevel.ENCODED_LENGTH);
    new MarketDepthUpdateLevel().wrapForEncode(buffer, 0).symbolId(1).side(2).price((double) 1.08345f).quantity(5)
        .updateType(1);
    adapter.onMessage(MarketDepthUpdateLevel.TYPE, buffer, 0, MarketDepthUpdateLevel.ENCODED_LENGTH);
    for (double unset : new double[] {Unset.DOUBLE, Unset.FLOAT}) {
      new MarketDepthUpdateLevel().wrapForEncode(buffer, 0).symbolId(1).side(2).price(unset).quantity(5)
          .updateType(1);
      adapter.onMessage(MarketDepthUpdateLevel.TYPE, buffer, 0, MarketDepthUpdateLevel.ENCODED_LENGTH);
    }

    assertThat(events.depth).extracting(MarketEvents.Depth::price)
        .containsExactly(71.52, 1.08345, Unset.DOUBLE, (double) Unset.FLOAT);
  }

  /**
   * docs/connectors.md, "Prices": a trade read from a .scid file and the same trade from DTC (Sierra Chart widening
   * the file's float into MARKET_DATA_UPDATE_TRADE) have one identity.
   */
  @ParameterizedTest
  @ValueSource(floats = {71.53f, 1.08345f, 4512.25f, 110.515625f, 103.0078125f, 0.01f, 75.43f, 16384.5f})
  void shouldPublishTheSamePriceForAScidRecordAndTheSameTradeFromDtc(float price) {
    final ByteBuffer file = ByteBuffer.allocate(IntradayRecordDecoder.ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    new IntradayRecordEncoder().wrap(file, 0).trade(RecordKind.SINGLE_TRADE,
        DateTimeEncoding.INT64_MICROS.fromUnixMicros(1_700_000_000_000_000L), price, price, price, 1, true);
    final IntradayRecordDecoder record = new IntradayRecordDecoder().wrap(file, 0);
    final TradeSequencer sequencer = new TradeSequencer(DateTimeEncoding.INT64_MICROS);
    sequencer.next(record.rawDateTime());

    trade(price);

    assertThat(events.trades.get(0).price())
        .isEqualTo(TickTrades.toTrade(record, sequencer, "CLF7", 1.0, Instant.EPOCH).getPrice());
  }

  private void trade(double price) {
    new MarketDataUpdateTrade().wrapForEncode(buffer, 0).symbolId(1).price(price).volume(1)
        .dateTime(1_700_000_000);
    adapter.onMessage(MarketDataUpdateTrade.TYPE, buffer, 0, MarketDataUpdateTrade.ENCODED_LENGTH);
  }
}
