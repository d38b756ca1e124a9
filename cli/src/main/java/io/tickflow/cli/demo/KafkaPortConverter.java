package io.tickflow.cli.demo;

import io.tickflow.cli.BoundedIntConverter;

/** The demo broker's port: its controller takes the next one, so 65535 leaves it none. */
public final class KafkaPortConverter extends BoundedIntConverter {

  public KafkaPortConverter() {
    super(1, 0xFFFE, "a TCP port", "the Kafka controller takes the next one");
  }
}
