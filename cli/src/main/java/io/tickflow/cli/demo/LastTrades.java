package io.tickflow.cli.demo;

import io.tickflow.dtc.sim.Instrument;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicEnds;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last trade of each simulator instrument on the raw trades topic: where and when a restarted demo's market
 * resumes, so that its chart goes on from the bars already in the demo's directory instead of jumping back to the seed
 * price. Read from the topic rather than saved by the simulator, so that a demo killed without a clean stop resumes
 * too.
 */
public final class LastTrades {

  /**
   * Trades read back from the end of each partition. Each symbol lives in one partition (its key), and the simulator
   * trades every instrument alike: a few thousand trades hold the last of each.
   */
  static final int TAIL = 5_000;
  private static final Logger log = LoggerFactory.getLogger(LastTrades.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private LastTrades() {
  }

  /**
   * Where the demo's market starts.
   *
   * @param instruments the instruments, each from its last trade's price
   * @param prehistory how much market before now the simulator makes up, for the connector to backfill
   */
  public record SimulatedMarket(List<Instrument> instruments, Duration prehistory) {
  }

  /**
   * The market that goes on from the topic's last trades: each instrument from its last trade's price (those with no
   * trade there, a first start or past the topic's retention, from their seed price), after a prehistory that fills
   * the time since the newest of those trades, up to {@code history} (all of it on a first start).
   */
  public static SimulatedMarket resume(List<Instrument> instruments, String bootstrapServers, Duration history,
                                       Instant now) {
    Map<String, Trade> last = read(bootstrapServers,
        instruments.stream().map(Instrument::symbol).collect(Collectors.toSet()));
    List<Instrument> resumed = instruments.stream().map(instrument -> last.containsKey(instrument.symbol())
        ? instrument.withStartPrice(last.get(instrument.symbol()).getPrice()) : instrument).toList();
    Duration prehistory = last.values().stream().map(Trade::getEventTime).max(Instant::compareTo)
        .map(newest -> clamp(Duration.between(newest, now), history))
        .orElse(history);
    return new SimulatedMarket(resumed, prehistory);
  }

  /** The time stopped, within [0, {@code history}]: a clock set back makes it negative. */
  private static Duration clamp(Duration stopped, Duration history) {
    if (stopped.isNegative()) {
      return Duration.ZERO;
    }
    return stopped.compareTo(history) < 0 ? stopped : history;
  }

  /** The last trade of each of {@code symbols} (as the DTC connector sent them) on the raw trades topic. */
  public static Map<String, Trade> read(String bootstrapServers, Set<String> symbols) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, TAIL);
    Map<String, Trade> last = new HashMap<>();
    AvroDeserializer<Trade> trades = new AvroDeserializer<>(Trade.class);
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(TickflowTopics.RAW_TRADES, READ_TIMEOUT).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_TIMEOUT);
      partitions.forEach(partition -> consumer.seek(partition,
          Math.max(begins.get(partition), ends.get(partition) - TAIL)));
      // Best effort: what was read by the timeout resumes those symbols; the others keep their start prices.
      // Records of one partition come in offset order: the later trade of a symbol replaces the earlier.
      TopicEnds.readTo(consumer, ends, READ_TIMEOUT, record -> decode(trades, record)
          .filter(trade -> symbols.contains(trade.getSymbol()))
          .ifPresent(trade -> last.put(trade.getSymbol(), trade)));
    }
    log.info("The DTC simulator resumes from the last trades on {}: {}", TickflowTopics.RAW_TRADES,
        last.values().stream().map(trade -> trade.getSymbol() + " " + trade.getPrice() + " at "
            + trade.getEventTime()).toList());
    return last;
  }

  /** Anyone may have written to the raw topic of the demo: a record that is not a trade is no reason to fail. */
  private static Optional<Trade> decode(AvroDeserializer<Trade> trades, ConsumerRecord<byte[], byte[]> record) {
    try {
      return Optional.ofNullable(trades.deserialize(record.topic(), record.value()));
    } catch (SerializationException e) {
      log.debug("Skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      return Optional.empty();
    }
  }
}
