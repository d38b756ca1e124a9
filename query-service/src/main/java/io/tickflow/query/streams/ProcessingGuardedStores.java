package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.streams.ProcessingTasks;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;

/**
 * A source whose partitioned reads are answered only while every active task of the instance holds its stores whole
 * ({@link ProcessingTasks}: its processors run), before and all through the read. A task corrupted (an aborted
 * transaction, a commit timed out) is closed dirty, its stores wiped and restored, and Kafka Streams answers
 * interactive queries from a task's stores whenever its thread is RUNNING. (RoutingDuringRebalanceIT once saw an owner
 * answer a bar window twice, final from the bars store and open at revision 2 from the symbol state; which path led
 * there is not known.) The processors of such a task close before the wipe and start again only after the restore,
 * which the restore listener tells of only from its start.
 *
 * @param activeTasks the active tasks the instance's threads hold
 */
record ProcessingGuardedStores(StoreSource stores, ProcessingTasks tasks, Supplier<Set<TaskId>> activeTasks)
    implements StoreSource {

  @Override
  public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
    return stores.ofSymbol(dataset, symbol, mode);
  }

  @Override
  public StoreLookup local(ReadMode mode) {
    return stores.local(mode);
  }

  @Override
  public <T> T settled(Supplier<T> read) {
    long changes = tasks.changes();
    List<TaskId> notWhole = tasks.notWhole(activeTasks.get());
    if (!notWhole.isEmpty()) {
      throw new InvalidStateStoreException("Task " + notWhole.get(0) + " is restoring its stores");
    }
    T result = stores.settled(read);
    if (tasks.changes() != changes) {
      throw new InvalidStateStoreException("Tasks started or stopped during the read");
    }
    return result;
  }

  @Override
  public StoreLookup global() {
    return stores.global();
  }
}
