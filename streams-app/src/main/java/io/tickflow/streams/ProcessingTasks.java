package io.tickflow.streams;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The active tasks of a Kafka Streams client whose processors run, as the {@link #track tracked} processors report:
 * the tasks whose stores hold the whole of what their changelogs hold. Kafka Streams initialises a task's processors
 * only once all of the task's stores are restored, and closes them before it suspends the task (a rebalance) or
 * closes it dirty (corrupted, to be wiped and restored). Its interactive queries answer from a task's stores whenever
 * the task's thread is RUNNING, restoring or not, and neither the thread's state nor the client's metadata need differ
 * before and after a read that spanned a wipe and a restore; the restore listener tells of a restoration only from its
 * start, not from the wipe. Thread-safe: stream threads write, interactive queries and readiness read.
 */
public final class ProcessingTasks {

  private final Set<TaskId> running = ConcurrentHashMap.newKeySet();
  /** The sub-topologies with a tracked processor, as learnt from their tasks' initialisations. */
  private final Set<Integer> tracked = ConcurrentHashMap.newKeySet();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicReference<Runnable> listener = new AtomicReference<>();

  /** The supplier's processors, reporting their task's initialisation and close here. */
  public <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> track(
      ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<KIn, VIn, KOut, VOut> get() {
        return new Tracked<>(supplier.get());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return supplier.stores();
      }
    };
  }

  /**
   * Whether the task's stores may be read as whole: its tracked processors run. False for a task of a tracked
   * sub-topology that this client has not initialised yet, or whose processors closed since; true for a task of a
   * sub-topology with no tracked processor.
   */
  public boolean whole(TaskId task) {
    return running.contains(task) || !tracked.contains(task.subtopology());
  }

  /**
   * Of these active tasks, those whose stores may not be read as whole ({@link #whole}), in order: what reads and
   * readiness wait for.
   */
  public List<TaskId> notWhole(Collection<TaskId> active) {
    return active.stream().filter(task -> !whole(task)).sorted().toList();
  }

  /** Initialisations and closes so far: the same before and after a read, no task started or stopped during it. */
  public long changes() {
    return changes.get();
  }

  /**
   * Calls {@code listener} after each initialisation and close, on the stream thread that ran it (so that readiness
   * waits on the tasks rather than polling them): it must be quick and must not throw, as it runs inside the task's
   * initialisation or close. One listener per instance.
   *
   * @throws IllegalStateException when a listener is set already
   */
  public void onChange(Runnable listener) {
    if (!this.listener.compareAndSet(null, listener)) {
      throw new IllegalStateException("A listener follows these tasks already");
    }
  }

  private void changed() {
    changes.incrementAndGet();
    Runnable current = listener.get();
    if (current != null) {
      current.run();
    }
  }

  /** Reports the task once initialised (its stores restored), and before it closes (its stores may then go). */
  private final class Tracked<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

    private final Processor<KIn, VIn, KOut, VOut> processor;
    private TaskId task;

    Tracked(Processor<KIn, VIn, KOut, VOut> processor) {
      this.processor = processor;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
      processor.init(context);
      task = context.taskId();
      tracked.add(task.subtopology());
      running.add(task);
      changed();
    }

    @Override
    public void process(Record<KIn, VIn> record) {
      processor.process(record);
    }

    @Override
    public void close() {
      if (task != null && running.remove(task)) {
        changed();
      }
      processor.close();
    }
  }
}
