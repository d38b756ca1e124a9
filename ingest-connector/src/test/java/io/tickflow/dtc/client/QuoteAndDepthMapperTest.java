package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelFloatWithMilliseconds;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelNoTimestamp;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Depth messages as the connector receives them: batch ends and book sides. */
class QuoteAndDepthMapperTest {

  private final List<MarketEvents.Depth> depths = new ArrayList<>();
  private final DtcClient client = new DtcClient(DtcClientConfig.of("127.0.0.1", 1), new DtcClientListener() {
  });
  private final QuoteAndDepthMapper mapper = new QuoteAndDepthMapper(client, new MarketDataListener() {
    @Override
    public void onDepth(MarketEvents.Depth depth) {
      depths.add(depth);
    }
  });
  private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** FINAL_UPDATE_UNSET: a server that does not batch its updates; each one is complete by itself. */
  @ParameterizedTest
  @CsvSource({"0, true", "1, true", "2, false", "3, false"})
  void shouldEndTheBatchOfAnUpdateUnlessItsFlagSaysMoreFollow(int finalUpdateInBatch, boolean endOfBatch) {
    new MarketDepthUpdateLevelNoTimestamp().wrapForEncode(buffer, 0).symbolId(1).price(100f).quantity(5f)
        .side(1).updateType(1).finalUpdateInBatch(finalUpdateInBatch);
    mapper.onMessage(MarketDepthUpdateLevelNoTimestamp.TYPE, buffer, 0,
        MarketDepthUpdateLevelNoTimestamp.ENCODED_LENGTH);
    new MarketDepthUpdateLevelFloatWithMilliseconds().wrapForEncode(buffer, 0).symbolId(1).dateTime(1_700_000_000_000L)
        .price(100f).quantity(5f).side(2).updateType(2).finalUpdateInBatch(finalUpdateInBatch);
    mapper.onMessage(MarketDepthUpdateLevelFloatWithMilliseconds.TYPE, buffer, 0,
        MarketDepthUpdateLevelFloatWithMilliseconds.ENCODED_LENGTH);

    assertThat(depths).extracting(MarketEvents.Depth::endOfBatch).containsExactly(endOfBatch, endOfBatch);
  }

  /** MARKET_DEPTH_UNSET must not read as a snapshot level, which would make the connector clear the book first. */
  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "2, 2"})
  void shouldReadAnUpdateWithoutUpdateTypeAsInsertOrUpdate(int updateType, int expected) {
    new MarketDepthUpdateLevelNoTimestamp().wrapForEncode(buffer, 0).symbolId(1).price(100f).quantity(5f)
        .side(1).updateType(updateType).finalUpdateInBatch(1);
    mapper.onMessage(MarketDepthUpdateLevelNoTimestamp.TYPE, buffer, 0,
        MarketDepthUpdateLevelNoTimestamp.ENCODED_LENGTH);

    assertThat(depths).extracting(MarketEvents.Depth::updateType).containsExactly(expected);
  }

  @Test
  void shouldNameTheBookSideOfADepthLevel() {
    for (int side = 0; side <= 2; side++) {
      new MarketDepthUpdateLevelNoTimestamp().wrapForEncode(buffer, 0).symbolId(1).price(100f).quantity(5f)
          .side(side).updateType(1).finalUpdateInBatch(1);
      mapper.onMessage(MarketDepthUpdateLevelNoTimestamp.TYPE, buffer, 0,
          MarketDepthUpdateLevelNoTimestamp.ENCODED_LENGTH);
    }

    assertThat(depths).extracting(MarketEvents.Depth::side)
        .containsExactly(AggressorSide.UNKNOWN, AggressorSide.BUY, AggressorSide.SELL);
  }
}
