package io.tickflow.streams.ingest;

import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.normalize.PriceScaling;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the ingest stage needs to know about one raw record type (trade, quote, depth update): its identity fields,
 * shared by name across the contract ({@code symbol}, {@code exchange}, {@code eventTime}, {@code receiveTime}) and
 * reached by schema position, plus the type's own price scaling and checks. Subclasses are stateless.
 *
 * @param <T> the contract record type
 */
public abstract class RawKind<T extends SpecificRecord> {

  private final Pipeline pipeline;
  private final String topic;
  private final Class<T> type;
  private final int symbolPos;
  private final int exchangePos;
  private final int eventTimePos;
  private final int receiveTimePos;

  protected RawKind(Pipeline pipeline, String topic, Class<T> type) {
    this.pipeline = pipeline;
    this.topic = topic;
    this.type = type;
    Schema schema = SpecificData.get().getSchema(type);
    this.symbolPos = schema.getField("symbol").pos();
    this.exchangePos = schema.getField("exchange").pos();
    this.eventTimePos = schema.getField("eventTime").pos();
    this.receiveTimePos = schema.getField("receiveTime").pos();
  }

  /** The pipeline, whose id names operators and tags metrics: {@code trades}, {@code quotes} or {@code depth}. */
  public final Pipeline pipeline() {
    return pipeline;
  }

  /** The raw topic the connectors write. */
  public final String topic() {
    return topic;
  }

  /** The generated record class. */
  public final Class<T> type() {
    return type;
  }

  public final String symbol(T value) {
    return (String) value.get(symbolPos);
  }

  public final String exchange(T value) {
    return (String) value.get(exchangePos);
  }

  public final long eventMicros(T value) {
    return TradeTick.toMicros((Instant) value.get(eventTimePos));
  }

  public final long receiveMicros(T value) {
    return TradeTick.toMicros((Instant) value.get(receiveTimePos));
  }

  /**
   * Sets the canonical symbol, the exchange and the event time truncated to microseconds (a new instant only when
   * it had sub-microsecond digits).
   */
  public final void setIdentity(T value, String symbol, String exchange, long eventMicros) {
    value.put(symbolPos, symbol);
    value.put(exchangePos, exchange);
    if (((Instant) value.get(eventTimePos)).getNano() % 1_000 != 0) {
      value.put(eventTimePos, TradeTick.toInstant(eventMicros));
    }
  }

  /** Converts every price field with the scaling; the definition is non-null when the scaling needs one. */
  public abstract void scalePrices(T value, PriceScaling scaling, SecurityDefinition definition);

  /**
   * The first failed check of the type's own fields of a normalized record, or null when they are valid; the
   * event time, common to every type, is checked after them by {@link TimestampRule}.
   */
  public abstract Rejection validate(T value);

  /**
   * Whether a later stage may refuse a valid record of this type, so that it carries its raw bytes there
   * ({@link RawRecordHeaders}); quotes and depth updates end in their tables.
   */
  public boolean refusableDownstream() {
    return false;
  }
}
