package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Callable;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;

/** A store read that its stores close under: it must fail rather than end as if it had read everything. */
public final class ReadUnderClose {

  private ReadUnderClose() {
  }

  /**
   * Opens a read, takes its first entry, closes {@code stores} (a test driver or an app) with the read still open,
   * and asserts that reading the rest fails with {@link InvalidStateStoreException} naming the store.
   *
   * @param open fills the stores and opens the read, which has more than one entry
   */
  public static <K> void assertFails(AutoCloseable stores, Callable<KeyValueIterator<K, ?>> open, K first,
                                     String storeName) throws Exception {
    KeyValueIterator<K, ?> read;
    try (stores) {
      read = open.call();
      assertThat(read.next().key).isEqualTo(first);
      assertThat(read.hasNext()).as("more entries").isTrue();
    }

    assertThatThrownBy(() -> read.forEachRemaining(entry -> { })).as("reading the entries left")
        .isInstanceOf(InvalidStateStoreException.class).hasMessageContaining(storeName);
    read.close();
  }
}
