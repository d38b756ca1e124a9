package io.tickflow.streams.market;

import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.Quote;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.metrics.PipelineSensors;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest valid quote per symbol, by event time: an older quote (a backfill) does not replace a newer one
 * but still counts as processed. A side the quote leaves unset (DTC sends DBL_MAX for a side a bid/ask update does
 * not carry) keeps the latest quote's price and size for that side, so the table holds the current top of book, not
 * the last message. Latest event times are kept in memory and rebuilt from the store at {@link #init}.
 * Terminal: forwards nothing.
 */
public final class LatestQuoteProcessor implements Processor<String, Quote, Void, Void> {

  private final String storeName;
  private final Map<String, Long> latestMicros = new HashMap<>();
  private KeyValueStore<String, Quote> store;
  private PipelineSensors sensors;

  public LatestQuoteProcessor(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    sensors = new PipelineSensors(context.metrics(), Pipeline.QUOTES);
    latestMicros.clear();
    try (KeyValueIterator<String, Quote> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, Quote> entry = all.next();
        latestMicros.put(entry.key, TradeTick.toMicros(entry.value.getEventTime()));
      }
    }
  }

  @Override
  public void process(Record<String, Quote> record) {
    long eventMicros = TradeTick.toMicros(record.value().getEventTime());
    Long latest = latestMicros.get(record.key());
    if (latest == null || eventMicros >= latest) {
      latestMicros.put(record.key(), eventMicros);
      store.put(record.key(), latest == null ? record.value() : withUnsetSidesOf(record.value(),
          store.get(record.key())));
    }
    sensors.out();
  }

  /** The quote with each side it leaves unset taken from {@code previous}. */
  static Quote withUnsetSidesOf(Quote quote, Quote previous) {
    boolean bidUnset = quote.getBidPrice() == null;
    boolean askUnset = quote.getAskPrice() == null;
    if (previous == null || !bidUnset && !askUnset) {
      return quote;
    }
    Quote.Builder merged = Quote.newBuilder(quote);
    if (bidUnset) {
      merged.setBidPrice(previous.getBidPrice()).setBidSize(previous.getBidSize());
    }
    if (askUnset) {
      merged.setAskPrice(previous.getAskPrice()).setAskSize(previous.getAskSize());
    }
    return merged.build();
  }
}
