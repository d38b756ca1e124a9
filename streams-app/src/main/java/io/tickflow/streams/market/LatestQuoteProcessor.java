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
    Quote quote = record.value();
    long eventMicros = TradeTick.toMicros(quote.getEventTime());
    Long latest = latestMicros.get(record.key());
    if (latest == null || eventMicros >= latest) {
      latestMicros.put(record.key(), eventMicros);
      boolean sideUnset = quote.getBidPrice() == null || quote.getAskPrice() == null;
      // The latest quote is read only when a side must be taken from it: most quotes carry both.
      store.put(record.key(), latest != null && sideUnset ? withUnsetSidesOf(quote, store.get(record.key())) : quote);
    }
    sensors.out();
  }

  /** The quote with each side it leaves unset taken from {@code previous} (none when null). */
  private static Quote withUnsetSidesOf(Quote quote, Quote previous) {
    if (previous == null) {
      return quote;
    }
    Quote.Builder merged = Quote.newBuilder(quote);
    if (quote.getBidPrice() == null) {
      merged.setBidPrice(previous.getBidPrice()).setBidSize(previous.getBidSize());
    }
    if (quote.getAskPrice() == null) {
      merged.setAskPrice(previous.getAskPrice()).setAskSize(previous.getAskSize());
    }
    return merged.build();
  }
}
