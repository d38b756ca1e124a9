package io.tickflow.streams.market;

import io.tickflow.schemas.DepthUpdate;
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
 * Applies valid depth updates to each symbol's {@link OrderBookState} and stores it (one store entry per symbol).
 * Decoded books are kept in memory and rebuilt from the store at {@link #init}, so an update costs no decode. Terminal:
 * forwards nothing.
 */
public final class BookProcessor implements Processor<String, DepthUpdate, Void, Void> {

  private final String storeName;
  private final int maxLevels;
  private final Map<String, OrderBookState> books = new HashMap<>();
  private KeyValueStore<String, byte[]> store;
  private PipelineSensors sensors;

  /**
   * @param storeName the book store
   * @param maxLevels most levels kept per side
   */
  public BookProcessor(String storeName, int maxLevels) {
    this.storeName = storeName;
    this.maxLevels = maxLevels;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    sensors = new PipelineSensors(context.metrics(), Pipeline.DEPTH);
    books.clear();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        books.put(entry.key, OrderBookState.fromBytes(entry.value));
      }
    }
  }

  @Override
  public void process(Record<String, DepthUpdate> record) {
    OrderBookState book = books.computeIfAbsent(record.key(), symbol -> new OrderBookState());
    book.apply(record.value(), maxLevels);
    store.put(record.key(), book.toBytes());
    sensors.out();
  }
}
