package io.tickflow.query.streams;

import io.tickflow.streams.ProcessingTasks;
import java.io.File;
import java.util.Properties;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;

/** Tasks started as Kafka Streams starts them, for tests that follow {@link ProcessingTasks} without a broker. */
final class TrackedTasks {

  private TrackedTasks() {
  }

  /** A tracked processor of {@code task}, initialised (the task's stores restored); close it to stop the task. */
  static Processor<String, String, Void, Void> started(ProcessingTasks tasks, TaskId task) {
    Processor<String, String, Void, Void> processor = tasks.<String, String, Void, Void>track(() -> record -> {
    }).get();
    processor.init(new MockProcessorContext<>(new Properties(), task, new File(".")));
    return processor;
  }
}
