package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * A source whose partitioned reads are answered only while no active store of the instance restores, before and
 * during the read. A task revived after corruption (an aborted transaction, a fenced producer) is wiped and restored
 * while its thread stays RUNNING and the Streams metadata stays the same, and Kafka Streams answers interactive
 * queries from it meanwhile: an owner answered a bar window twice, final (from the bars store) and open at revision 2
 * (from the symbol state, half restored; RoutingDuringRebalanceIT, once in about ten runs). A read of a revived store
 * before its restoration starts is not seen: the window is the few milliseconds between the task's initialisation
 * and the state updater taking it up.
 */
record RestoreGuardedStores(StoreSource stores, ActiveRestores restores) implements StoreSource {

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
    long events = restores.events();
    if (restores.any()) {
      throw new InvalidStateStoreException("Active stores are restoring");
    }
    T result = stores.settled(read);
    if (restores.events() != events) {
      throw new InvalidStateStoreException("Active stores began or ended restoring during the read");
    }
    return result;
  }

  @Override
  public StoreLookup global() {
    return stores.global();
  }
}
