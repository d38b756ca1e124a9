package io.tickflow.streams;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds {@code below}'s store (with its caching and logging settings) and puts a wrapper on top of it, under the
 * same name: how a store that must see Kafka Streams' pre-commit flush ({@code WrappedStateStore#flushCache}) joins
 * the topology, as {@link StoreBuilder} has no wrapping hook of its own.
 *
 * @param below the builder of the store to wrap
 * @param wrap makes the wrapper of a built store
 * @param <S> the store type
 */
public record WrappingStoreBuilder<S extends StateStore>(StoreBuilder<S> below, UnaryOperator<S> wrap)
    implements StoreBuilder<S> {

  @Override
  public StoreBuilder<S> withCachingEnabled() {
    return new WrappingStoreBuilder<>(below.withCachingEnabled(), wrap);
  }

  @Override
  public StoreBuilder<S> withCachingDisabled() {
    return new WrappingStoreBuilder<>(below.withCachingDisabled(), wrap);
  }

  @Override
  public StoreBuilder<S> withLoggingEnabled(Map<String, String> config) {
    return new WrappingStoreBuilder<>(below.withLoggingEnabled(config), wrap);
  }

  @Override
  public StoreBuilder<S> withLoggingDisabled() {
    return new WrappingStoreBuilder<>(below.withLoggingDisabled(), wrap);
  }

  @Override
  public S build() {
    return wrap.apply(below.build());
  }

  @Override
  public Map<String, String> logConfig() {
    return below.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return below.loggingEnabled();
  }

  @Override
  public String name() {
    return below.name();
  }
}
