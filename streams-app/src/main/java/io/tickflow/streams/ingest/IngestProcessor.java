package io.tickflow.streams.ingest;

import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.PipelineSensors;
import io.tickflow.streams.normalize.InstrumentCatalog;
import io.tickflow.streams.normalize.InstrumentSettings;
import io.tickflow.streams.normalize.PriceScaling;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.symbols.SymbolNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage of a pipeline: decodes the raw bytes, normalizes (canonical symbol, exchange, scaled prices, event time
 * in microseconds) and validates. A valid record is forwarded under its <em>raw</em> key, so the topology can tell
 * whether its partition still fits the canonical symbol; a refused one is forwarded as a {@code DeadLetter} carrying
 * the original bytes. Reading bytes (not a typed serde) is what lets undecodable records be dead-lettered too.
 *
 * @param <T> the contract record type
 */
public final class IngestProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(IngestProcessor.class);

  private final RawKind<T> kind;
  private final Supplier<SymbolNormalizer> normalizers;
  private final TimestampRule timestamps;
  private final InstrumentSettings instrumentSettings;
  private final String definitionsStore;
  private final AvroDeserializer<T> decoder;
  private ProcessorContext<String, SpecificRecord> context;
  private PipelineSensors sensors;
  private SymbolNormalizer normalizer;
  private InstrumentCatalog instruments;

  /**
   * @param kind the record type
   * @param normalizers makes this task's symbol normalizer
   * @param timestamps event-time bounds
   * @param instrumentSettings configured instrument settings
   * @param definitionsStore name of the global security-definitions store
   */
  public IngestProcessor(RawKind<T> kind, Supplier<SymbolNormalizer> normalizers, TimestampRule timestamps,
                         InstrumentSettings instrumentSettings, String definitionsStore) {
    this.kind = kind;
    this.normalizers = normalizers;
    this.timestamps = timestamps;
    this.instrumentSettings = instrumentSettings;
    this.definitionsStore = definitionsStore;
    this.decoder = new AvroDeserializer<>(kind.type());
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.sensors = new PipelineSensors(context.metrics(), kind.pipeline());
    this.normalizer = normalizers.get();
    this.instruments = new InstrumentCatalog(instrumentSettings, context.getStateStore(definitionsStore));
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    sensors.in();
    T value;
    try {
      value = decoder.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""), record.value());
    } catch (SerializationException e) {
      reject(record, new Rejection(Reason.UNDECODABLE, e.getMessage()));
      return;
    }
    if (value == null) {
      reject(record, new Rejection(Reason.UNDECODABLE, "record has no value"));
      return;
    }
    Rejection rejection = normalizeAndValidate(value, record.timestamp());
    if (rejection != null) {
      reject(record, rejection);
      return;
    }
    String rawKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (kind.refusableDownstream()) {
      RawRecordHeaders.attach(record.headers(), record.value(), record.key(), !kind.symbol(value).equals(rawKey));
    }
    context.forward(new Record<>(rawKey, value, kind.eventMicros(value) / 1_000L, record.headers()));
  }

  /** Normalizes the record in place; returns the first failed check, or null when it is valid. */
  private Rejection normalizeAndValidate(T value, long timestampMs) {
    Rejection rejection = Rejection.ifBadSymbol(kind.symbol(value));
    if (rejection == null) {
      rejection = normalize(value);
    }
    if (rejection == null) {
      rejection = kind.validate(value);
    }
    return rejection != null ? rejection
        : timestamps.check(kind.eventMicros(value), kind.receiveMicros(value), timestampMs);
  }

  private Rejection normalize(T value) {
    long eventMicros = kind.eventMicros(value);
    SymbolNormalizer.Canonical canonical = normalizer.normalize(kind.symbol(value), eventMicros);
    String symbol = canonical.symbol();
    Rejection tooLong = Rejection.ifBadCanonicalSymbol(symbol);
    if (tooLong != null) {
      return tooLong;
    }
    InstrumentCatalog.Instrument instrument = instruments.of(symbol);
    SecurityDefinition definition = instrument.definition();
    String exchange = kind.exchange(value);
    if (exchange.isEmpty()) {
      exchange = !canonical.exchange().isEmpty() || definition == null ? canonical.exchange() : definition.getExchange();
    }
    kind.setIdentity(value, symbol, exchange, eventMicros);
    PriceScaling scaling = instrument.scaling();
    if (scaling.needsDefinition() && definition == null) {
      return new Rejection(Reason.NO_SECURITY_DEFINITION, "price scaling '" + scaling.mode()
          + "' of " + symbol + " needs its security definition, and no valid one has arrived");
    }
    kind.scalePrices(value, scaling, definition);
    return null;
  }

  private void reject(Record<byte[], byte[]> record, Rejection rejection) {
    sensors.rejected(rejection.reason());
    context.recordMetadata().ifPresent(m -> log.warn("Rejected {} record at {}-{}@{}: {} ({})", kind.pipeline().id(),
        m.topic(), m.partition(), m.offset(), rejection.reason().code(), rejection.detail()));
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    context.forward(new Record<>(key, DeadLetters.of(context, rejection, record.key(), record.value(),
        record.timestamp()), record.timestamp(), record.headers()));
  }
}
