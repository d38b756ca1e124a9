package io.tickflow.query.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.tickflow.streams.rocksdb.BoundedMemoryRocksDBConfig;
import java.util.List;
import java.util.Map;

/**
 * The RocksDB memory budget of a Kafka Streams instance ({@code rocksdb.memory.mb}) as two gauges in bytes: what its
 * shared cache holds now and its limit. Kafka Streams' per-store {@code block-cache-usage} cannot stand in: every
 * store reports the shared total, so the usual sum over stores counts it once per store.
 *
 * <p>An instance without a budget ({@code rocksdb.memory.mb=0}, in-memory stores) has no series rather than NaN:
 * absence is how Prometheus says "does not apply", and a NaN would turn any sum over instances into NaN. Thread-safe.
 */
final class RocksDBMemoryMeters implements AutoCloseable {

  private static final String USED = "tickflow.rocksdb.memory.used";
  private static final String LIMIT = "tickflow.rocksdb.memory.limit";

  private final MeterRegistry registry;
  private final List<Meter> meters;

  private RocksDBMemoryMeters(MeterRegistry registry, List<Meter> meters) {
    this.registry = registry;
    this.meters = meters;
  }

  /** Registers the gauges of the budget the Streams properties install, if any, until closed. */
  static RocksDBMemoryMeters bind(MeterRegistry registry, Map<?, ?> streamsProperties) {
    List<Meter> meters = BoundedMemoryRocksDBConfig.budget(streamsProperties).map(budget -> List.<Meter>of(
        Gauge.builder(USED, budget::usedBytes).baseUnit(BaseUnits.BYTES)
            .description("Bytes the RocksDB stores of this Streams instance hold in their shared cache: blocks read "
                + "and memtables; 0 while no store is open")
            .register(registry),
        Gauge.builder(LIMIT, budget::limitBytes).baseUnit(BaseUnits.BYTES)
            .description("The RocksDB memory budget of this Streams instance (rocksdb.memory.mb); a soft cap")
            .register(registry)))
        .orElse(List.of());
    return new RocksDBMemoryMeters(registry, meters);
  }

  /** Removes the gauges, so that a later binding to another client registers its own. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
