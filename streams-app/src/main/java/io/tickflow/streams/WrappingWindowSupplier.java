package io.tickflow.streams;

import java.util.function.UnaryOperator;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Supplies {@code inner}'s window stores with a wrapper on top, under the same name, scope and window settings: how
 * a wrapper joins a window store below Kafka Streams' logging and metering layers, which
 * {@link org.apache.kafka.streams.state.Stores#windowStoreBuilder} puts on the supplied store.
 *
 * @param inner the supplier of the stores to wrap
 * @param wrap makes the wrapper of a supplied store
 */
public record WrappingWindowSupplier(WindowBytesStoreSupplier inner, UnaryOperator<WindowStore<Bytes, byte[]>> wrap)
    implements WindowBytesStoreSupplier {

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public WindowStore<Bytes, byte[]> get() {
    return wrap.apply(inner.get());
  }

  @Override
  public String metricsScope() {
    return inner.metricsScope();
  }

  @Override
  public long segmentIntervalMs() {
    return inner.segmentIntervalMs();
  }

  @Override
  public long windowSize() {
    return inner.windowSize();
  }

  @Override
  public boolean retainDuplicates() {
    return inner.retainDuplicates();
  }

  @Override
  public long retentionPeriod() {
    return inner.retentionPeriod();
  }
}
