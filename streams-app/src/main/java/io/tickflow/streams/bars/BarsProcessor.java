package io.tickflow.streams.bars;

import io.tickflow.bars.BarEngine;
import io.tickflow.bars.BarProfile;
import io.tickflow.bars.BarSpec;
import io.tickflow.bars.OpenBar;
import io.tickflow.bars.PriceJumpGuard;
import io.tickflow.bars.SymbolState;
import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.ingest.DeadLetters;
import io.tickflow.streams.ingest.RawValueHeader;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.PipelineSensors;
import io.tickflow.streams.normalize.InstrumentCatalog;
import io.tickflow.streams.normalize.InstrumentSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bar stage. For each unique trade, in order: refuse it as {@code late} when older than its symbol's clock minus
 * grace, or as {@code price_jump} when the {@link PriceJumpGuard} says so (both after dedup, so that a copy neither
 * confirms a price level nor counts twice); otherwise forward it as accepted and add it to every open bar of its
 * symbol.
 *
 * <p>State: one {@link SymbolState} per symbol in one key-value store entry, written once per trade; the store
 * ({@link WriteAtCommitStore}) keeps the objects and serializes each changed symbol's state once per commit, into one
 * changelog record. The store is the truth; an in-memory map of
 * the decoded states and an index of closing times are rebuilt from it at {@link #init}. Stream time is the task's
 * latest accepted event time (the maximum over its symbols' clocks, so it survives restarts). Lateness and closing
 * follow each symbol's own clock ({@link BarEngine}): a time bar is final once its symbol's clock reaches its end plus
 * grace, or once stream time does while the symbol is idle (silent while stream time moved on). It is then
 * written to its bar store and forwarded once; the order depends only on the input order, which makes the final
 * output identical on every replay. Changed open bars are forwarded as live revisions by a wall-clock punctuator, at
 * most once per interval per bar.
 *
 * <p>Forwards {@code Trade} (accepted), {@code Bar} (live or final, see {@code isFinal}) and {@code DeadLetter}.
 */
public final class BarsProcessor implements Processor<String, Trade, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(BarsProcessor.class);

  private final BarEngine engine;
  private final PriceJumpGuard guard;
  private final InstrumentSettings instrumentSettings;
  private final Duration liveInterval;
  private final String stateStoreName;
  private final String definitionsStoreName;
  private final Function<String, String> barStoreNames;
  private final AvroSerializer<Trade> tradeSerializer = new AvroSerializer<>(Trade.class);
  private final Map<String, SymbolState> states = new HashMap<>();
  private final TreeMap<Long, Set<String>> closing = new TreeMap<>();
  private final Set<String> liveDirty = new HashSet<>();
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, SymbolState> stateStore;
  private final Map<String, WindowStore<String, Bar>> barStores = new HashMap<>();
  private InstrumentCatalog instruments;
  private PipelineSensors sensors;
  private long streamMicros;
  private final BarEvents barEvents = new BarEvents();
  /** The time bars of the trade in process, looked up once per trade. */
  private final OpenBar[] tradeTimeBars;

  /** Reacts to bars opened and closed by the trade in process; one reused instance, as it runs per trade. */
  private final class BarEvents implements BarEngine.Listener {
    private String symbol;

    @Override
    public void opened(OpenBar bar) {
      registerClosing(bar, symbol);
    }

    @Override
    public void closed(OpenBar bar) {
      emitFinal(symbol, bar);
    }
  }

  /**
   * @param engine bar rules and time bar series
   * @param guard price jump rule
   * @param instrumentSettings sessions, tick sizes and activity bars
   * @param liveInterval how often changed open bars are emitted live (the commit interval)
   * @param stateStoreName the symbol state store
   * @param definitionsStoreName the global security definitions store
   * @param barStoreNames bar series label to the name of its final-bar store
   */
  public BarsProcessor(BarEngine engine, PriceJumpGuard guard, InstrumentSettings instrumentSettings,
                       Duration liveInterval, String stateStoreName, String definitionsStoreName,
                       Function<String, String> barStoreNames) {
    this.engine = engine;
    this.tradeTimeBars = new OpenBar[engine.timeBarSeries()];
    this.guard = guard;
    this.instrumentSettings = instrumentSettings;
    this.liveInterval = liveInterval;
    this.stateStoreName = stateStoreName;
    this.definitionsStoreName = definitionsStoreName;
    this.barStoreNames = barStoreNames;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.stateStore = context.getStateStore(stateStoreName);
    this.instruments = new InstrumentCatalog(instrumentSettings, context.getStateStore(definitionsStoreName));
    this.sensors = new PipelineSensors(context.metrics(), "trades");
    barStores.clear();
    loadStates();
    context.schedule(liveInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitLive());
  }

  @Override
  public void process(Record<String, Trade> record) {
    Trade trade = record.value();
    TradeTick tick = TradeTick.of(trade);
    String symbol = trade.getSymbol();
    SymbolState state = states.computeIfAbsent(symbol, s -> new SymbolState());
    if (engine.isIdle(state, streamMicros)) {
      for (OpenBar bar : engine.closeIdle(state, streamMicros)) {
        emitFinal(symbol, bar);
      }
    }
    if (engine.isLate(tick.eventMicros(), state.clockMicros())) {
      reject(record, state, new Rejection(Rejection.LATE, "event time " + trade.getEventTime() + " is more than "
          + engine.graceMicros() + " us before the clock of " + symbol + ", "
          + TradeTick.toInstant(state.clockMicros())));
      return;
    }
    BarProfile profile = instruments.of(symbol).profile();
    engine.findTimeBars(state, tick.eventMicros(), tradeTimeBars);
    String overflowed = engine.overflowedSeries(state, tick, profile, tradeTimeBars);
    if (overflowed != null) {
      reject(record, state, new Rejection(Rejection.BAR_OVERFLOW, "size " + tick.size() + " at price " + tick.price()
          + " would take the volume of the " + overflowed + " bar beyond " + Long.MAX_VALUE
          + " or its notional beyond " + Double.MAX_VALUE));
      return;
    }
    if (!guard.accept(state, tick.price())) {
      reject(record, state, new Rejection(Rejection.PRICE_JUMP, "price " + tick.price() + " is more than "
          + guard.maxJumpFraction() * 100 + "% away from " + state.referencePrice() + " and not yet confirmed"));
      return;
    }
    state.accept(trade, tick.eventMicros());
    boolean streamTimeMoved = tick.eventMicros() > streamMicros;
    streamMicros = Math.max(streamMicros, tick.eventMicros());
    state.heard(streamMicros);
    barEvents.symbol = symbol;
    engine.add(state, tick, profile, tradeTimeBars, barEvents);
    List<OpenBar> closed = engine.closeDue(state, state.clockMicros());
    stateStore.put(symbol, state);
    liveDirty.add(symbol);
    sensors.out();
    RawValueHeader.detach(record.headers());
    context.forward(record);
    for (OpenBar bar : closed) {
      emitFinal(symbol, bar);
    }
    if (streamTimeMoved) {
      closeDueBars();
    }
  }

  private void loadStates() {
    states.clear();
    closing.clear();
    liveDirty.clear();
    streamMicros = Long.MIN_VALUE;
    try (KeyValueIterator<String, SymbolState> all = stateStore.all()) {
      while (all.hasNext()) {
        KeyValue<String, SymbolState> entry = all.next();
        SymbolState state = entry.value;
        states.put(entry.key, state);
        streamMicros = Math.max(streamMicros, state.clockMicros());
        for (OpenBar bar : state.openBars()) {
          if (bar.isDirty()) {
            liveDirty.add(entry.key);
          }
          if (bar.spec() instanceof BarSpec.TimeBars) {
            registerClosing(bar, entry.key);
          }
        }
      }
    }
    log.info("Bar stage of task {} restored {} symbols, stream time {}", context.taskId(), states.size(),
        streamMicros == Long.MIN_VALUE ? "none" : TradeTick.toInstant(streamMicros));
  }

  private void registerClosing(OpenBar bar, String symbol) {
    lookAt(engine.closeAtMicros(bar), symbol);
  }

  /** Has {@link #closeDueBars} look at the symbol once stream time reaches {@code streamMicros}. */
  private void lookAt(long streamMicros, String symbol) {
    closing.computeIfAbsent(streamMicros, t -> new TreeSet<>()).add(symbol);
  }

  /**
   * Closes the time bars that stream time made due, in (closing time, symbol) order, of the symbols whose clock is
   * there or which are idle. A symbol still trading behind stream time closes its bars with its own trades; it is
   * looked at again when it would become idle.
   */
  private void closeDueBars() {
    while (!closing.isEmpty() && closing.firstKey() <= streamMicros) {
      Map.Entry<Long, Set<String>> due = closing.pollFirstEntry();
      for (String symbol : due.getValue()) {
        SymbolState state = states.get(symbol);
        if (state == null) {
          continue;
        }
        List<OpenBar> closed = engine.isIdle(state, streamMicros) ? engine.closeIdle(state, streamMicros)
            : engine.closeDue(state, state.clockMicros());
        if (!closed.isEmpty()) {
          closed.forEach(bar -> emitFinal(symbol, bar));
          stateStore.put(symbol, state);
        }
        if (engine.hasBarsDueBy(state, streamMicros)) {
          lookAt(engine.idleAtMicros(state), symbol);
        }
      }
    }
  }

  private void emitFinal(String symbol, OpenBar open) {
    Bar bar = open.toBar(symbol, true);
    long startMillis = Math.floorDiv(open.barStartMicros(), 1_000L);
    barStore(bar.getTimeframe()).put(symbol, bar, startMillis);
    context.forward(new Record<>(symbol, bar, Math.floorDiv(open.lastTradeMicros(), 1_000L)));
  }

  private void emitLive() {
    for (String symbol : liveDirty) {
      for (OpenBar open : states.get(symbol).openBars()) {
        if (open.isDirty()) {
          open.markEmitted();
          context.forward(new Record<>(symbol, open.toBar(symbol, false),
              Math.floorDiv(open.lastTradeMicros(), 1_000L)));
        }
      }
    }
    liveDirty.clear();
  }

  private WindowStore<String, Bar> barStore(String label) {
    return barStores.computeIfAbsent(label, l -> context.getStateStore(barStoreNames.apply(l)));
  }

  /** Refuses a trade: its symbol was heard (it may not become idle), but none of its bars changes. */
  private void reject(Record<String, Trade> record, SymbolState state, Rejection rejection) {
    state.heard(streamMicros);
    stateStore.put(record.value().getSymbol(), state);
    sensors.rejected(rejection.reason());
    context.recordMetadata().ifPresent(m -> log.warn("Rejected trade at {}-{}@{}: {} ({})", m.topic(),
        m.partition(), m.offset(), rejection.reason(), rejection.detail()));
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    byte[] raw = RawValueHeader.detach(record.headers());
    // No header: a repartition record written by a version before the header, which carries the normalized trade.
    byte[] value = raw != null ? raw : tradeSerializer.serialize("", record.value());
    context.forward(record.withValue(DeadLetters.of(context, rejection, key, value, record.timestamp())));
  }
}
