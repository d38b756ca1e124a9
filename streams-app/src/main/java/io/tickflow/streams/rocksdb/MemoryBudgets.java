package io.tickflow.streams.rocksdb;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.rocksdb.Options;

/**
 * The memory budgets of the Kafka Streams instances of this JVM, one per instance, created by its first RocksDB store
 * and closed after its last. Static because Kafka Streams creates a config setter per store, by class name, with
 * nothing shared but the configs; keyed by instance so that two instances in one JVM (the query service's
 * integration tests run two) each get a budget of their own. Thread-safe: stream threads open and close stores
 * concurrently.
 */
final class MemoryBudgets {

  private static final Map<Instance, MemoryBudget> BUDGETS = new HashMap<>();

  private MemoryBudgets() {
  }

  /**
   * The instance's budget, created if none of its stores is open, counting the store of these options.
   *
   * @throws IllegalStateException if the instance already has a budget of other limits
   */
  static synchronized MemoryBudget acquire(Instance instance, MemoryBudget.Limits limits, Options options) {
    closeIfUnused(instance);
    MemoryBudget budget = BUDGETS.computeIfAbsent(instance, key -> new MemoryBudget(limits));
    if (!budget.limits().equals(limits)) {
      throw new IllegalStateException("Two Kafka Streams instances share " + instance + " with different RocksDB "
          + "memory limits, " + budget.limits() + " and " + limits + ": give each its own state.dir");
    }
    budget.addStore(options);
    return budget;
  }

  /** Counts the store of these options no more; closes the budget after the instance's last store. */
  static synchronized void release(Instance instance, Options options) {
    MemoryBudget budget = BUDGETS.get(instance);
    if (budget != null) {
      budget.removeStore(options);
      closeIfUnused(instance);
    }
  }

  /** The bytes the instance's budget holds now, or empty while none of its RocksDB stores is open. */
  static synchronized OptionalLong usage(Instance instance) {
    closeIfUnused(instance);
    MemoryBudget budget = BUDGETS.get(instance);
    return budget == null ? OptionalLong.empty() : OptionalLong.of(budget.usage());
  }

  /**
   * Forgets the instance's stores that failed to open, then closes its budget if no store is left. Kafka Streams
   * tells the setter of no failed open, so every look-up checks: the instance's next store to open or close, or the
   * next reading of its usage (the query service's gauge), frees a budget that only failed stores held.
   */
  private static void closeIfUnused(Instance instance) {
    MemoryBudget budget = BUDGETS.get(instance);
    if (budget == null) {
      return;
    }
    budget.removeFailedStores();
    if (budget.unused()) {
      BUDGETS.remove(instance);
      budget.close();
    }
  }

  /**
   * A Kafka Streams instance, told apart from others in the JVM by its application id and state directory: its state
   * lives under {@code state.dir/application.id}, which two instances running at once cannot share.
   */
  record Instance(String applicationId, Path stateDir) {
    static Instance of(String applicationId, String stateDir) {
      return new Instance(applicationId, Path.of(stateDir).toAbsolutePath().normalize());
    }
  }
}
