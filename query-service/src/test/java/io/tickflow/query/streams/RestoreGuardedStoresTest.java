package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/**
 * No partitioned read is answered while an active store restores or while one begins or ends restoring during it: a
 * task revived after corruption restores while its thread stays RUNNING, and Kafka Streams answers from it.
 */
class RestoreGuardedStoresTest {

  private final AtomicBoolean restoring = new AtomicBoolean();
  private final AtomicLong events = new AtomicLong();
  private final StoreSource guarded = new RestoreGuardedStores(new SettledSource(), new Restores(restoring, events));

  @Test
  void shouldAnswerWhileNothingRestores() {
    assertThat(guarded.settled(() -> "bars")).isEqualTo("bars");
  }

  @Test
  void shouldRefuseAReadWhileAnActiveStoreRestores() {
    restoring.set(true);
    events.incrementAndGet();
    AtomicBoolean read = new AtomicBoolean();

    assertThatThrownBy(() -> guarded.settled(() -> read.getAndSet(true)))
        .isInstanceOf(InvalidStateStoreException.class).hasMessageContaining("restoring");
    assertThat(read).isFalse();
  }

  @Test
  void shouldRefuseAReadDuringWhichARestorationBeganOrEnded() {
    assertThatThrownBy(() -> guarded.settled(() -> events.incrementAndGet()))
        .isInstanceOf(InvalidStateStoreException.class).hasMessageContaining("during the read");
  }

  /** Restorations as the test sets them. */
  private record Restores(AtomicBoolean restoring, AtomicLong count) implements ActiveRestores {
    @Override
    public boolean any() {
      return restoring.get();
    }

    @Override
    public long events() {
      return count.get();
    }
  }

  /** A source whose stores never move; its lookups are not used here. */
  private static final class SettledSource implements StoreSource {
    @Override
    public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoreLookup local(ReadMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoreLookup global() {
      throw new UnsupportedOperationException();
    }
  }
}
