package io.tickflow.bench.query;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.topics.TickflowTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes raw trades at a fixed rate, timestamped now, over a set of symbols, in ticks of 10 ms: the live market of
 * the fan-out harness. One thread; start once, close once.
 */
final class TradeLoad implements AutoCloseable {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);
  private final List<String> symbols;
  private final int perSecond;
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread = new Thread(this::run, "trade-load");
  private volatile boolean running = true;

  TradeLoad(String bootstrapServers, List<String> symbols, int perSecond) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.symbols = List.copyOf(symbols);
    this.perSecond = perSecond;
  }

  TradeLoad start() {
    thread.start();
    return this;
  }

  long sent() {
    return sent.get();
  }

  private void run() {
    Random random = new Random(1);
    double[] prices = new double[symbols.size()];
    Arrays.fill(prices, 1000);
    long next = System.nanoTime();
    long owed = 0;
    int sequence = 0;
    while (running) {
      owed += perSecond / 100;
      for (; owed > 0; owed--) {
        int s = random.nextInt(symbols.size());
        prices[s] = Math.max(900, Math.min(1100, prices[s] + 0.25 * (random.nextInt(3) - 1)));
        Instant now = Instant.now();
        Trade trade = new Trade(symbols.get(s), "", prices[s], 1L + random.nextInt(5),
            random.nextBoolean() ? AggressorSide.BID : AggressorSide.ASK, now, now, ++sequence, DataSource.LIVE);
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, null, now.toEpochMilli(),
            symbols.get(s).getBytes(StandardCharsets.UTF_8), serializer.serialize(TickflowTopics.RAW_TRADES, trade)));
        sent.incrementAndGet();
      }
      next += TICK_NANOS;
      LockSupport.parkNanos(next - System.nanoTime());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
    producer.close();
  }
}
