package io.tickflow.streams.normalize;

import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.metrics.PipelineSensors;
import io.tickflow.symbols.SymbolNormalizer;
import io.tickflow.topics.TickflowTopics;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the global security-definitions store, keyed by canonical symbol, with each definition's bytes as read.
 * Runs on the global thread, which cannot forward: an undecodable or invalid definition is logged with its
 * coordinates and counted as rejected ({@code definitions} pipeline), and it stays in its compacted topic for
 * inspection; the store keeps the symbol's previous definition.
 */
public final class DefinitionsProcessor implements Processor<byte[], byte[], Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(DefinitionsProcessor.class);

  private final String storeName;
  private final Supplier<SymbolNormalizer> normalizers;
  private final AvroDeserializer<SecurityDefinition> decoder = new AvroDeserializer<>(SecurityDefinition.class);
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;
  private SymbolNormalizer normalizer;
  private PipelineSensors sensors;

  public DefinitionsProcessor(String storeName, Supplier<SymbolNormalizer> normalizers) {
    this.storeName = storeName;
    this.normalizers = normalizers;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.normalizer = normalizers.get();
    this.sensors = new PipelineSensors(context.metrics(), Pipeline.DEFINITIONS);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    sensors.in();
    if (record.value() == null) {
      sensors.rejected(Reason.UNDECODABLE);
      log.warn("Security definition tombstone at {} ignored: definitions are replaced, not deleted", coordinates());
      return;
    }
    SecurityDefinition definition;
    try {
      definition = decoder.deserialize(TickflowTopics.SECURITY_DEFINITIONS, record.value());
    } catch (SerializationException e) {
      sensors.rejected(Reason.UNDECODABLE);
      log.error("Undecodable security definition at {}: {}", coordinates(), e.getMessage());
      return;
    }
    Rejection rejection = validate(definition);
    if (rejection != null) {
      refuse(rejection);
      return;
    }
    String symbol = canonicalSymbol(definition, record.timestamp());
    rejection = Rejection.ifBadCanonicalSymbol(symbol);
    if (rejection != null) {
      refuse(rejection);
      return;
    }
    store.put(symbol, record.value());
    sensors.out();
  }

  private String canonicalSymbol(SecurityDefinition definition, long recordTimestampMs) {
    long updateMicros = TradeTick.toMicros(definition.getUpdateTime());
    // The time decides one-digit futures years; a definition without one is dated by its record.
    long asOfMicros = updateMicros != 0 ? updateMicros : recordTimestampMs * 1_000L;
    return normalizer.normalize(definition.getSymbol(), asOfMicros).symbol();
  }

  private void refuse(Rejection rejection) {
    sensors.rejected(rejection.reason());
    log.error("Security definition at {} refused, the previous one of its symbol stays: {} ({})", coordinates(),
        rejection.reason().code(), rejection.detail());
  }

  /**
   * A rejection when the definition cannot describe an instrument, else null. A tick size that is not a positive
   * number turned every later price in ticks into 0, a negative number or NaN, dead-lettered as the trade's fault.
   */
  private static Rejection validate(SecurityDefinition definition) {
    Rejection symbol = Rejection.ifBadSymbol(definition.getSymbol());
    if (symbol != null) {
      return symbol;
    }
    double tickSize = definition.getTickSize();
    return Rejection.isPositiveNumber(tickSize) ? null : new Rejection(Reason.TICK_SIZE_INVALID,
        "tick size " + tickSize + " of " + definition.getSymbol() + " is not a positive number");
  }

  private String coordinates() {
    return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
  }
}
