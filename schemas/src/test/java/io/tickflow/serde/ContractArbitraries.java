package io.tickflow.serde;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/**
 * Random records of the hot contract types: any unicode text (unpaired surrogates included), every double including
 * NaN, infinities and -0.0, full-range longs and ints, every enum symbol, nulls in nullable fields, and instants with
 * sub-microsecond nanos up to and just past the range that {@code timestamp-micros} can hold.
 */
final class ContractArbitraries {

  /** One second beyond each end of the instants whose microseconds fit in a long. */
  private static final long MIN_SECONDS = Long.MIN_VALUE / 1_000_000 - 2;
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000 + 1;

  private ContractArbitraries() {
  }

  static Arbitrary<Trade> trades() {
    return Builders.withBuilder(Trade::new)
        .use(text()).inSetter(Trade::setSymbol)
        .use(text()).inSetter(Trade::setExchange)
        .use(doubles()).inSetter(Trade::setPrice)
        .use(Arbitraries.longs()).inSetter(Trade::setSize)
        .use(Arbitraries.of(AggressorSide.class)).inSetter(Trade::setSide)
        .use(instants()).inSetter(Trade::setEventTime)
        .use(instants()).inSetter(Trade::setReceiveTime)
        .use(Arbitraries.integers()).inSetter(Trade::setSequence)
        .use(Arbitraries.of(DataSource.class)).inSetter(Trade::setSource)
        .build();
  }

  static Arbitrary<Quote> quotes() {
    return Builders.withBuilder(Quote::new)
        .use(text()).inSetter(Quote::setSymbol)
        .use(text()).inSetter(Quote::setExchange)
        .use(doubles().injectNull(0.3)).inSetter(Quote::setBidPrice)
        .use(Arbitraries.longs().injectNull(0.3)).inSetter(Quote::setBidSize)
        .use(doubles().injectNull(0.3)).inSetter(Quote::setAskPrice)
        .use(Arbitraries.longs().injectNull(0.3)).inSetter(Quote::setAskSize)
        .use(instants()).inSetter(Quote::setEventTime)
        .use(instants()).inSetter(Quote::setReceiveTime)
        .use(Arbitraries.of(DataSource.class)).inSetter(Quote::setSource)
        .build();
  }

  static Arbitrary<DepthUpdate> depthUpdates() {
    return Builders.withBuilder(DepthUpdate::new)
        .use(text()).inSetter(DepthUpdate::setSymbol)
        .use(text()).inSetter(DepthUpdate::setExchange)
        .use(Arbitraries.of(BookSide.class)).inSetter(DepthUpdate::setSide)
        .use(doubles()).inSetter(DepthUpdate::setPrice)
        .use(Arbitraries.longs()).inSetter(DepthUpdate::setQuantity)
        .use(Arbitraries.integers()).inSetter(DepthUpdate::setNumOrders)
        .use(Arbitraries.of(DepthAction.class)).inSetter(DepthUpdate::setAction)
        .use(Arbitraries.of(true, false)).inSetter(DepthUpdate::setEndOfBatch)
        .use(instants()).inSetter(DepthUpdate::setEventTime)
        .use(instants()).inSetter(DepthUpdate::setReceiveTime)
        .use(Arbitraries.of(DataSource.class)).inSetter(DepthUpdate::setSource)
        .build();
  }

  static Arbitrary<Bar> bars() {
    return Builders.withBuilder(Bar::new)
        .use(text()).inSetter(Bar::setSymbol)
        .use(text()).inSetter(Bar::setTimeframe)
        .use(instants()).inSetter(Bar::setWindowStart)
        .use(instants()).inSetter(Bar::setWindowEnd)
        .use(doubles()).inSetter(Bar::setOpen)
        .use(doubles()).inSetter(Bar::setHigh)
        .use(doubles()).inSetter(Bar::setLow)
        .use(doubles()).inSetter(Bar::setClose)
        .use(Arbitraries.longs()).inSetter(Bar::setVolume)
        .use(Arbitraries.longs()).inSetter(Bar::setBidVolume)
        .use(Arbitraries.longs()).inSetter(Bar::setAskVolume)
        .use(Arbitraries.longs()).inSetter(Bar::setTradeCount)
        .use(doubles()).inSetter(Bar::setVwap)
        .use(instants()).inSetter(Bar::setFirstTradeTime)
        .use(instants()).inSetter(Bar::setLastTradeTime)
        .use(Arbitraries.of(true, false)).inSetter(Bar::setIsFinal)
        .use(Arbitraries.integers()).inSetter(Bar::setRevision)
        .build();
  }

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.of("", "ESZ6", "CME", "1m", "T500", "Ünïcødé €", "\uD83D\uDCC8 emoji"));
  }

  private static Arbitrary<Double> doubles() {
    return Arbitraries.doubles().withStandardSpecialValues().withSpecialValue(-0.0);
  }

  private static Arbitrary<Instant> instants() {
    Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(MIN_SECONDS, MAX_SECONDS),
        Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L),
        Arbitraries.longs().between(-2, 1));
    return Combinators.combine(seconds, Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
  }
}
