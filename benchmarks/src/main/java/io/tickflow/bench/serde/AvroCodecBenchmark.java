package io.tickflow.bench.serde;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.serde.SchemaCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Avro single-object encode and decode of {@code Trade} and {@code Bar}: the serdes' hand-written codecs against
 * Avro's own path as the serdes used it before (baseline: {@code BinaryMessageEncoder} plus a copy out of its buffer,
 * {@code BinaryMessageDecoder} over the contract's schema store). One operation is one record; the records cycle
 * through 256 realistic ones.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class AvroCodecBenchmark {
  private static final int RECORDS = 256;
  private static final String TOPIC = "tickflow.trades";
  private static final Instant OPEN = Instant.parse("2026-03-02T14:30:00Z");

  private final Trade[] trades = new Trade[RECORDS];
  private final Bar[] bars = new Bar[RECORDS];
  private final byte[][] tradeBytes = new byte[RECORDS][];
  private final byte[][] barBytes = new byte[RECORDS][];

  private final BinaryMessageEncoder<Trade> avroTradeEncoder = avroEncoder(Trade.class);
  private final BinaryMessageDecoder<Trade> avroTradeDecoder = avroDecoder(Trade.class);
  private final BinaryMessageEncoder<Bar> avroBarEncoder = avroEncoder(Bar.class);
  private final BinaryMessageDecoder<Bar> avroBarDecoder = avroDecoder(Bar.class);
  private final AvroSerializer<Trade> tradeSerializer = new AvroSerializer<>(Trade.class);
  private final AvroDeserializer<Trade> tradeDeserializer = new AvroDeserializer<>(Trade.class);
  private final AvroSerializer<Bar> barSerializer = new AvroSerializer<>(Bar.class);
  private final AvroDeserializer<Bar> barDeserializer = new AvroDeserializer<>(Bar.class);
  private int next;

  @Setup
  public void records() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < RECORDS; i++) {
      String symbol = "SYM" + random.nextInt(500);
      Instant time = OPEN.plusNanos(i * 1_234_000L);
      double price = 5000 + random.nextInt(400) * 0.25;
      trades[i] = new Trade(symbol, "CME", price, (long) 1 + random.nextInt(20),
          AggressorSide.values()[random.nextInt(3)], time, time.plusNanos(350_000), random.nextInt(3),
          DataSource.LIVE);
      bars[i] = new Bar(symbol, "1m", OPEN, OPEN.plusSeconds(60), price, price + 1.25, price - 0.75, price + 0.25,
          100L + random.nextInt(1000), 40L + random.nextInt(50), 60L + random.nextInt(50), 20L + random.nextInt(90),
          price + 0.1234, OPEN.plusNanos(17_000), time, random.nextBoolean(), random.nextInt(90));
      tradeBytes[i] = tradeSerializer.serialize(TOPIC, trades[i]);
      barBytes[i] = barSerializer.serialize(TOPIC, bars[i]);
    }
  }

  @Benchmark
  public byte[] encodeTradeAvro() throws IOException {
    return copied(avroTradeEncoder.encode(trades[nextIndex()]));
  }

  @Benchmark
  public byte[] encodeTradeFast() {
    return tradeSerializer.serialize(TOPIC, trades[nextIndex()]);
  }

  @Benchmark
  public Trade decodeTradeAvro() throws IOException {
    return avroTradeDecoder.decode(tradeBytes[nextIndex()]);
  }

  @Benchmark
  public Trade decodeTradeFast() {
    return tradeDeserializer.deserialize(TOPIC, tradeBytes[nextIndex()]);
  }

  @Benchmark
  public byte[] encodeBarAvro() throws IOException {
    return copied(avroBarEncoder.encode(bars[nextIndex()]));
  }

  @Benchmark
  public byte[] encodeBarFast() {
    return barSerializer.serialize(TOPIC, bars[nextIndex()]);
  }

  @Benchmark
  public Bar decodeBarAvro() throws IOException {
    return avroBarDecoder.decode(barBytes[nextIndex()]);
  }

  @Benchmark
  public Bar decodeBarFast() {
    return barDeserializer.deserialize(TOPIC, barBytes[nextIndex()]);
  }

  private int nextIndex() {
    next = (next + 1) & (RECORDS - 1);
    return next;
  }

  /** What the serializer returned before: the bytes copied out of Avro's (already copied) buffer. */
  private static byte[] copied(ByteBuffer buffer) {
    return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
        buffer.arrayOffset() + buffer.limit());
  }

  private static <T extends SpecificRecord> BinaryMessageEncoder<T> avroEncoder(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    return new BinaryMessageEncoder<>(model, model.getSchema(type));
  }

  private static <T extends SpecificRecord> BinaryMessageDecoder<T> avroDecoder(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    return new BinaryMessageDecoder<>(model, model.getSchema(type), SchemaCatalog.get());
  }
}
