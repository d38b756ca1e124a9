package io.tickflow.bench.dtc;

import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode throughput of the two hottest DTC messages with the flyweights, against a baseline that decodes the same
 * bytes the common way (a little-endian ByteBuffer view and a new value object per message). One operation is one
 * message; every field is read.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DtcDecodeBenchmark {
  static final int MESSAGES = 1024;

  private final UnsafeBuffer trades = new UnsafeBuffer(new byte[MESSAGES * MarketDataUpdateTradeCompact.ENCODED_LENGTH]);
  private final UnsafeBuffer quotes = new UnsafeBuffer(new byte[MESSAGES * MarketDataUpdateBidAskCompact.ENCODED_LENGTH]);
  private final MarketDataUpdateTradeCompact trade = new MarketDataUpdateTradeCompact();
  private final MarketDataUpdateBidAskCompact quote = new MarketDataUpdateBidAskCompact();
  private ByteBuffer tradeBytes;

  /** What a straightforward decoder produces per message. */
  record TradeValue(float price, float volume, long dateTime, long symbolId, int atBidOrAsk) {
  }

  @Setup
  public void encode() {
    final SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < MESSAGES; i++) {
      trade.wrapForEncode(trades, i * MarketDataUpdateTradeCompact.ENCODED_LENGTH)
          .price(5000 + random.nextInt(400) * 0.25f).volume(1 + random.nextInt(20))
          .dateTime(1_700_000_000L + i).symbolId(1 + random.nextInt(10)).atBidOrAsk(1 + random.nextInt(2));
      quote.wrapForEncode(quotes, i * MarketDataUpdateBidAskCompact.ENCODED_LENGTH)
          .bidPrice(5000 + random.nextInt(400) * 0.25f).bidQuantity(1 + random.nextInt(50))
          .askPrice(5100 + random.nextInt(400) * 0.25f).askQuantity(1 + random.nextInt(50))
          .dateTime(1_700_000_000L + i).symbolId(1 + random.nextInt(10));
    }
    tradeBytes = ByteBuffer.wrap(trades.byteArray()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public double decodeTradeCompact() {
    double sum = 0;
    for (int i = 0; i < MESSAGES; i++) {
      trade.wrap(trades, i * MarketDataUpdateTradeCompact.ENCODED_LENGTH, MarketDataUpdateTradeCompact.ENCODED_LENGTH);
      sum += trade.price() * trade.volume() + trade.dateTime() + trade.symbolId() + trade.atBidOrAsk();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public double decodeBidAskCompact() {
    double sum = 0;
    for (int i = 0; i < MESSAGES; i++) {
      quote.wrap(quotes, i * MarketDataUpdateBidAskCompact.ENCODED_LENGTH,
          MarketDataUpdateBidAskCompact.ENCODED_LENGTH);
      sum += quote.bidPrice() * quote.bidQuantity() + quote.askPrice() * quote.askQuantity() + quote.dateTime()
          + quote.symbolId();
    }
    return sum;
  }

  /** Baseline: ByteBuffer reads at the same offsets plus one value object per message. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public double decodeTradeCompactBaseline() {
    double sum = 0;
    for (int i = 0; i < MESSAGES; i++) {
      final TradeValue value = baselineDecode(tradeBytes, i * MarketDataUpdateTradeCompact.ENCODED_LENGTH);
      sum += value.price() * value.volume() + value.dateTime() + value.symbolId() + value.atBidOrAsk();
    }
    return sum;
  }

  private static TradeValue baselineDecode(ByteBuffer bytes, int offset) {
    final ByteBuffer frame = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    frame.position(offset + 4);
    return new TradeValue(frame.getFloat(), frame.getFloat(), frame.getInt() & 0xFFFF_FFFFL,
        frame.getInt() & 0xFFFF_FFFFL, frame.getShort() & 0xFFFF);
  }
}
