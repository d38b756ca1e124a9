package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task holds its stores whole from its tracked processors' initialisation (Kafka Streams initialises them once the
 * task's stores are restored) until their close (before the task is suspended or closed dirty and its stores wiped).
 */
class ProcessingTasksTest {

  private static final TaskId TASK = new TaskId(1, 0);
  private static final TaskId SIBLING = new TaskId(1, 1);

  @TempDir
  Path stateDir;

  private final ProcessingTasks tasks = new ProcessingTasks();
  private final List<String> calls = new ArrayList<>();

  @Test
  void shouldTakeATaskOfASubTopologyWithoutTrackedProcessorsAsWhole() {
    assertThat(tasks.whole(TASK)).isTrue();
  }

  @Test
  void shouldHoldATaskWholeFromItsInitialisationUntilItsClose() {
    Processor<String, String, Void, Void> processor = tasks.track(this::recording).get();
    long before = tasks.changes();

    processor.init(context(TASK));

    assertThat(tasks.whole(TASK)).isTrue();
    assertThat(tasks.changes()).isEqualTo(before + 1);
    processor.process(new Record<>("ESZ6", "trade", 0L));
    processor.close();

    assertThat(tasks.whole(TASK)).isFalse();
    assertThat(tasks.changes()).isEqualTo(before + 2);
    assertThat(calls).containsExactly("init 1_0", "process ESZ6", "close, whole: false");
  }

  @Test
  void shouldNotHoldWholeATaskOfATrackedSubTopologyNotInitialisedYet() {
    tasks.track(this::recording).get().init(context(TASK));

    assertThat(tasks.whole(SIBLING)).isFalse();
  }

  @Test
  void shouldHoldWholeAgainOnlyOnceTheRevivedTaskIsInitialisedAgain() {
    Processor<String, String, Void, Void> processor = tasks.track(this::recording).get();
    processor.init(context(TASK));
    processor.close();

    processor.init(context(TASK));

    assertThat(tasks.whole(TASK)).isTrue();
  }

  @Test
  void shouldNotHoldWholeATaskWhoseProcessorFailedToInitialise() {
    tasks.track(this::recording).get().init(context(TASK));
    Processor<String, String, Void, Void> failing = tasks.<String, String, Void, Void>track(() -> new Processor<>() {
      @Override
      public void init(ProcessorContext<Void, Void> context) {
        throw new IllegalStateException("store missing");
      }

      @Override
      public void process(Record<String, String> record) {
      }
    }).get();

    assertThatThrownBy(() -> failing.init(context(SIBLING))).hasMessage("store missing");
    assertThat(tasks.whole(SIBLING)).isFalse();
  }

  /** The listener runs after each change, so that what it reads (readiness) sees the change. */
  @Test
  void shouldTellTheListenerOfEachInitialisationAndCloseOnceDone() {
    tasks.onChange(() -> calls.add("changed, whole: " + tasks.whole(TASK)));
    Processor<String, String, Void, Void> processor = tasks.track(this::recording).get();

    processor.init(context(TASK));
    processor.process(new Record<>("ESZ6", "trade", 0L));
    processor.close();
    processor.close();

    assertThat(calls).containsExactly("init 1_0", "changed, whole: true", "process ESZ6", "changed, whole: false",
        "close, whole: false", "close, whole: false");
  }

  @Test
  void shouldRefuseASecondListener() {
    tasks.onChange(() -> { });

    assertThatThrownBy(() -> tasks.onChange(() -> { })).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldTrackTheTasksOfTheTopologyFromStartToClose() {
    ProcessingTasks followed = new ProcessingTasks();
    Properties properties = new Properties();
    properties.putAll(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "processing-tasks-test",
        StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
    // The test driver runs the whole topology as one task, 0_0.
    TaskId only = new TaskId(0, 0);
    List<Boolean> told = new ArrayList<>();
    followed.onChange(() -> told.add(followed.whole(only)));
    TopologyTestDriver driver = new TopologyTestDriver(
        TickflowTopology.build(new StreamsAppConfig(Map.of()), followed), properties);

    assertThat(followed.whole(only)).isTrue();
    assertThat(told).isNotEmpty().last().isEqualTo(true);
    told.clear();
    driver.close();

    assertThat(followed.whole(only)).isFalse();
    assertThat(told).isNotEmpty().first().isEqualTo(false);
  }

  private MockProcessorContext<Void, Void> context(TaskId task) {
    return new MockProcessorContext<>(new Properties(), task, stateDir.toFile());
  }

  /** A processor that records what it is called for, and whether its task was whole at its close. */
  private Processor<String, String, Void, Void> recording() {
    return new Processor<>() {
      private TaskId task;

      @Override
      public void init(ProcessorContext<Void, Void> context) {
        task = context.taskId();
        calls.add("init " + task);
      }

      @Override
      public void process(Record<String, String> record) {
        calls.add("process " + record.key());
      }

      @Override
      public void close() {
        calls.add("close, whole: " + tasks.whole(task));
      }
    };
  }
}
