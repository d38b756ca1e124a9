package io.tickflow.query.streams;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/** Real Kafka Streams clients for tests that need no broker: nothing listens at their bootstrap address. */
final class BrokerlessStreams {

  private BrokerlessStreams() {
  }

  /** A client of a one-stream topology, not started; once started it stays rebalancing. */
  static KafkaStreams create(String applicationId, Path stateDir) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("tickflow.raw.trades");
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new KafkaStreams(builder.build(), properties);
  }
}
