package io.tickflow.streams;

import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Counts a store's closes so that its reads fail with {@link InvalidStateStoreException} when the store closed during
 * them, instead of coming back short: a read that found nothing, or a range that ended, while the store closed since
 * the read began (or is closed now) may have missed what the close took away. A read whose store closed since it
 * began fails even if the store has opened again (a revived task reuses its stores). The wrapper that owns the check
 * calls {@link #countClose} before it closes the store below.
 */
final class CloseCheck {

  private final StateStore store;
  /** Closes so far: written by the stream thread that closes the store only, read by the readers. */
  private volatile int closes;

  /** @param store the store whose reads are checked (its name and whether it is open) */
  CloseCheck(StateStore store) {
    this.store = store;
  }

  /** Counts a close; call it before the store below closes, so that a reader that sees the close sees the count. */
  void countClose() {
    closes++;
  }

  /** A read of one value: its value, or the exception when it found none and the store closed under it. */
  <V> V value(Supplier<V> read) {
    int closesBefore = closes;
    V value = read.get();
    if (value == null) {
      requireOpenSince(closesBefore);
    }
    return value;
  }

  /** A range read whose iterator ends only while the store has stayed open since the read began. */
  <K, V> KeyValueIterator<K, V> range(Supplier<KeyValueIterator<K, V>> read) {
    int closesBefore = closes;
    return new CheckedIterator<>(read.get(), closesBefore);
  }

  /** {@link #range} for the window iterators of one key. */
  <V> WindowStoreIterator<V> windows(Supplier<WindowStoreIterator<V>> read) {
    int closesBefore = closes;
    return new CheckedWindowIterator<>(read.get(), closesBefore);
  }

  private void requireOpenSince(int closesBefore) {
    if (closes != closesBefore || !store.isOpen()) {
      throw new InvalidStateStoreException("Store " + store.name() + " closed while being read: the read may miss "
          + "entries");
    }
  }

  private class CheckedIterator<K, V> implements KeyValueIterator<K, V> {

    private final KeyValueIterator<K, V> inner;
    private final int closesBefore;

    CheckedIterator(KeyValueIterator<K, V> inner, int closesBefore) {
      this.inner = inner;
      this.closesBefore = closesBefore;
    }

    @Override
    public boolean hasNext() {
      if (inner.hasNext()) {
        return true;
      }
      requireOpenSince(closesBefore);
      return false;
    }

    @Override
    public KeyValue<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.next();
    }

    @Override
    public K peekNextKey() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.peekNextKey();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private final class CheckedWindowIterator<V> extends CheckedIterator<Long, V> implements WindowStoreIterator<V> {

    CheckedWindowIterator(WindowStoreIterator<V> inner, int closesBefore) {
      super(inner, closesBefore);
    }
  }
}
