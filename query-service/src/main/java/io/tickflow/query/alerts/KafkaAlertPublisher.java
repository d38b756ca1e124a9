package io.tickflow.query.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alerts as JSON, keyed by symbol, to the alerts topic. A failed send is logged; the alert is still
 * logged and counted by the monitor. Thread-safe.
 */
public final class KafkaAlertPublisher implements AlertPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaAlertPublisher.class);

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final ObjectMapper json;

  public KafkaAlertPublisher(String bootstrapServers, String topic, ObjectMapper json) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "tickflow-query-alerts");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    this.topic = topic;
    this.json = json;
  }

  @Override
  public void publish(Alert alert) {
    String value;
    try {
      value = json.writeValueAsString(alert);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write alert as JSON: " + alert, e);
    }
    producer.send(new ProducerRecord<>(topic, alert.symbol(), value), (metadata, error) -> {
      if (error != null) {
        log.error("Cannot publish {} alert for {} to {}: {}", alert.type(), alert.symbol(), topic, error.toString());
      }
    });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
