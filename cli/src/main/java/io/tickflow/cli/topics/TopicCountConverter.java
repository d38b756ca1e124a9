package io.tickflow.cli.topics;

import io.tickflow.cli.BoundedIntConverter;

/** A topic's partitions or replication factor: at least 1, and at most what Kafka's protocol carries (a short). */
public final class TopicCountConverter extends BoundedIntConverter {

  public TopicCountConverter() {
    super(1, Short.MAX_VALUE, "a topic count");
  }
}
