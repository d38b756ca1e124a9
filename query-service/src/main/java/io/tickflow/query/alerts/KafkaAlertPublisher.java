package io.tickflow.query.alerts;

import io.tickflow.serde.AvroSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alerts as Avro {@code io.tickflow.schemas.Alert} records (the contract), keyed by symbol, to the alerts
 * topic. A failed send is logged; the alert is still
 * logged and counted by the monitor. Thread-safe.
 */
public final class KafkaAlertPublisher implements AlertPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaAlertPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AvroSerializer<io.tickflow.schemas.Alert> serializer =
      new AvroSerializer<>(io.tickflow.schemas.Alert.class);

  public KafkaAlertPublisher(String bootstrapServers, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "tickflow-query-alerts");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  @Override
  public void publish(Alert alert) {
    producer.send(new ProducerRecord<>(topic, alert.symbol(), serializer.serialize(topic, toAvro(alert))),
        (metadata, error) -> {
          if (error != null) {
            log.error("Cannot publish {} {} alert ({}) for {} to {}: {}", alert.state(), alert.type(), alert.reason(),
                alert.symbol(), topic, error.toString());
          }
        });
  }

  static io.tickflow.schemas.Alert toAvro(Alert alert) {
    return io.tickflow.schemas.Alert.newBuilder().setType(alert.type()).setState(alert.state())
        .setSymbol(alert.symbol()).setLastTrade(alert.lastTrade()).setAgeMillis(alert.ageMillis())
        .setThresholdMillis(alert.thresholdMillis()).setTime(alert.time()).setReason(alert.reason()).build();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
