package io.tickflow.streams.bars;

import io.tickflow.bars.BarEngine;
import io.tickflow.bars.BarProfile;
import io.tickflow.bars.BarSpec;
import io.tickflow.bars.HeldTrade;
import io.tickflow.bars.OpenBar;
import io.tickflow.bars.PriceJumpGuard;
import io.tickflow.bars.SymbolState;
import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.ingest.DeadLetters;
import io.tickflow.streams.ingest.RawRecordHeaders;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.metrics.PipelineSensors;
import io.tickflow.streams.normalize.InstrumentCatalog;
import io.tickflow.streams.normalize.InstrumentSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bar stage. For each unique trade, in order: refuse it as {@code late} when older than its symbol's clock minus
 * grace (or {@code bar_overflow}); hold it while the {@link PriceJumpGuard} waits for its new price level to be
 * confirmed, then accept it with the level, or refuse it as {@code price_jump} when the level is dropped (all after
 * dedup, so that a copy neither confirms a price level nor counts twice); otherwise forward it as accepted and add it
 * to every open bar of its symbol.
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
    this.sensors = new PipelineSensors(context.metrics(), Pipeline.TRADES);
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
    BarProfile profile = instruments.of(symbol).profile();
    Rejection refused = refusal(state, trade, tick, profile);
    if (refused != null) {
      reject(record, state, refused);
      return;
    }
    double reference = state.referencePrice();
    PriceJumpGuard.Verdict verdict = guard.judge(state, tick.price(), tick.eventMicros());
    if (verdict == PriceJumpGuard.Verdict.ACCEPT || verdict == PriceJumpGuard.Verdict.HOLD_NEW_LEVEL) {
      refuseHeld(state);
    }
    if (verdict == PriceJumpGuard.Verdict.HOLD_NEW_LEVEL || verdict == PriceJumpGuard.Verdict.HOLD) {
      hold(record, state, reference);
      return;
    }
    if (verdict == PriceJumpGuard.Verdict.CONFIRM) {
      acceptHeld(symbol, state, profile);
      refused = refusal(state, trade, tick, profile); // the held trades moved the clock and filled the bars
      if (refused != null) {
        reject(record, state, refused);
        return;
      }
    }
    accept(record, symbol, state, tick, profile);
  }

  /**
   * Why a trade cannot go into its bars ({@code late}, {@code bar_overflow}), or null; looks up its time bars for
   * {@link #accept}.
   */
  private Rejection refusal(SymbolState state, Trade trade, TradeTick tick, BarProfile profile) {
    if (engine.isLate(tick.eventMicros(), state.clockMicros())) {
      return new Rejection(Reason.LATE, "event time " + trade.getEventTime() + " is more than "
          + engine.graceMicros() + " us before the clock of " + trade.getSymbol() + ", "
          + TradeTick.toInstant(state.clockMicros()));
    }
    engine.findTimeBars(state, tick.eventMicros(), tradeTimeBars);
    String overflowed = engine.overflowedSeries(state, tick, profile, tradeTimeBars);
    if (overflowed != null) {
      return new Rejection(Reason.BAR_OVERFLOW, "size " + tick.size() + " at price " + tick.price()
          + " would take the volume of the " + overflowed + " bar beyond " + Long.MAX_VALUE
          + " or its notional beyond " + Double.MAX_VALUE);
    }
    return null;
  }

  /** Adds an accepted trade to its bars (looked up by {@link #refusal}), forwards it and closes what it made due. */
  private void accept(Record<String, Trade> record, String symbol, SymbolState state, TradeTick tick,
                      BarProfile profile) {
    state.accept(record.value(), tick.eventMicros());
    boolean streamTimeMoved = tick.eventMicros() > streamMicros;
    streamMicros = Math.max(streamMicros, tick.eventMicros());
    state.heard(streamMicros);
    barEvents.symbol = symbol;
    engine.add(state, tick, profile, tradeTimeBars, barEvents);
    List<OpenBar> closed = engine.closeDue(state, state.clockMicros());
    stateStore.put(symbol, state);
    liveDirty.add(symbol);
    sensors.out();
    RawRecordHeaders.detach(record.headers());
    context.forward(record);
    for (OpenBar bar : closed) {
      emitFinal(symbol, bar);
    }
    if (streamTimeMoved) {
      closeDueBars();
    }
  }

  /**
   * Holds a trade of a candidate price level, with what its dead letter would need; it is neither out nor rejected
   * until the level is confirmed or dropped. Its symbol was heard (it may not become idle).
   */
  private void hold(Record<String, Trade> record, SymbolState state, double reference) {
    state.hold(withSource(record, reference));
    state.heard(streamMicros);
    stateStore.put(record.value().getSymbol(), state);
  }

  /**
   * The record in process with what its dead letter needs once it is gone: the raw value and, of a re-keyed trade,
   * the raw key (taken off their headers), and its source coordinates.
   */
  private HeldTrade withSource(Record<String, Trade> record, double reference) {
    RawRecordHeaders.Original raw = RawRecordHeaders.detach(record.headers());
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    // No value header: a repartition record written by a version before the header, which carries the normalized
    // trade (and no key header, so its key is the canonical symbol).
    return new HeldTrade(record.value(), raw.rekeyed() ? raw.key() : utf8(record.key()),
        raw.value() != null ? raw.value() : tradeSerializer.serialize("", record.value()), record.timestamp(),
        metadata == null ? "" : metadata.topic(), metadata == null ? -1 : metadata.partition(),
        metadata == null ? -1L : metadata.offset(), reference);
  }

  /**
   * Accepts the trades held for a confirmed level, in arrival order (a held trade can be late by now), keyed by their
   * symbol as every record of this stage is (a held trade's key is its raw one, for its dead letter).
   */
  private void acceptHeld(String symbol, SymbolState state, BarProfile profile) {
    for (HeldTrade held : state.releaseHeld()) {
      TradeTick tick = TradeTick.of(held.trade());
      Rejection refused = refusal(state, held.trade(), tick, profile);
      if (refused != null) {
        deadLetter(held, refused, null);
      } else {
        accept(new Record<>(symbol, held.trade(), held.timestampMs()), symbol, state, tick, profile);
      }
    }
  }

  /** Refuses the trades held for a candidate level that was dropped; the caller writes the state. */
  private void refuseHeld(SymbolState state) {
    for (HeldTrade held : state.releaseHeld()) {
      deadLetter(held, new Rejection(Reason.PRICE_JUMP, "price " + held.trade().getPrice() + " is more than "
          + guard.maxJumpFraction() * 100 + "% away from " + held.reference() + " and its level was not confirmed"),
          null);
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
        dropUnconfigured(entry.key, state);
        completeActivityStarts(entry.key, state);
        states.put(entry.key, state);
        streamMicros = Math.max(streamMicros, state.clockMicros());
        for (OpenBar bar : state.openBars()) {
          if (bar.isDirty()) {
            liveDirty.add(entry.key);
          }
          registerClosing(bar, entry.key);
        }
      }
    }
    log.info("Bar stage of task {} restored {} symbols, stream time {}", context.taskId(), states.size(),
        streamMicros == Long.MIN_VALUE ? "none" : TradeTick.toInstant(streamMicros));
  }

  /**
   * Drops the open bars of series no longer configured (a timeframe or activity rule removed since the state was
   * written): no store takes their final bar, and closing one stopped the stream thread at every start. Forgets
   * their activity series too.
   */
  private void dropUnconfigured(String symbol, SymbolState state) {
    List<BarSpec.ActivityBars> activity = instruments.of(symbol).profile().activityBars();
    for (Iterator<OpenBar> it = state.openBars().iterator(); it.hasNext(); ) {
      OpenBar bar = it.next();
      boolean configured = bar.spec() instanceof BarSpec.TimeBars ? engine.hasTimeBars(bar.spec())
          : activity.contains(bar.spec());
      if (!configured) {
        it.remove();
        log.warn("Dropped the open {} bar of {} from {}: series no longer configured", bar.spec().label(), symbol,
            TradeTick.toInstant(bar.startMicros()));
      }
    }
    state.retainActivitySeries(activity.stream().map(BarSpec::label).toList());
  }

  /**
   * Gives each activity series whose latest start a state of a format before 4 lacks the start of its latest final
   * bar, so that the next bar starts after it even when its first trade does not (a sweep in one microsecond, a trade
   * out of order): such a state kept that start only while the bar was open, and one of a series closed at the
   * upgrade would otherwise start with the bar before it. States of format 4 hold every start they need; the bar
   * stores are not read for them, since after a crash under at-least-once a store may hold bars the state has not
   * seen yet.
   */
  private void completeActivityStarts(String symbol, SymbolState state) {
    if (state.activityStartsComplete()) {
      return;
    }
    Map<String, Long> latestStarts = new HashMap<>();
    for (BarSpec.ActivityBars spec : instruments.of(symbol).profile().activityBars()) {
      latestFinalStart(symbol, spec).ifPresent(start -> latestStarts.put(spec.label(), start));
    }
    state.activityStartsKnown(latestStarts);
  }

  /** The start of the latest final bar of a symbol's series, if its store holds one. */
  private OptionalLong latestFinalStart(String symbol, BarSpec spec) {
    long latest = Long.MIN_VALUE;
    try (WindowStoreIterator<Bar> finals = barStore(spec.label()).backwardFetch(symbol, Instant.EPOCH,
        Instant.ofEpochMilli(Long.MAX_VALUE))) {
      // The latest millisecond comes first, with every bar starting in it (the activity stores keep them all).
      while (finals.hasNext() && (latest == Long.MIN_VALUE || finals.peekNextKey() >= Math.floorDiv(latest, 1_000L))) {
        latest = Math.max(latest, TradeTick.toMicros(finals.next().value.getWindowStart()));
      }
    }
    return latest == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(latest);
  }

  private void registerClosing(OpenBar bar, String symbol) {
    long closeAt = engine.closeAtMicros(bar);
    if (closeAt != Long.MAX_VALUE) {
      lookAt(closeAt, symbol);
    }
  }

  /** Has {@link #closeDueBars} look at the symbol once stream time reaches {@code streamMicros}. */
  private void lookAt(long streamMicros, String symbol) {
    closing.computeIfAbsent(streamMicros, t -> new TreeSet<>()).add(symbol);
  }

  /**
   * Closes the time bars that stream time made due, of the symbols whose clock is there or which are idle, in
   * (closing time of the symbol's first such bar, symbol) order. A symbol still trading behind stream time closes its
   * bars with its own trades; it is looked at again when it would become idle. The order comes from the states alone,
   * not from the index: after a restart the index holds every open bar's closing time, where the task that ran on
   * held a later time for the symbols it had looked at, and the final bars must come out as without the restart.
   */
  private void closeDueBars() {
    if (closing.isEmpty() || closing.firstKey() > streamMicros) {
      return; // most trades move stream time and make nothing due: no allocation for them
    }
    Set<String> due = new HashSet<>();
    while (!closing.isEmpty() && closing.firstKey() <= streamMicros) {
      due.addAll(closing.pollFirstEntry().getValue());
    }
    List<DueBars> closedBySymbol = new ArrayList<>();
    for (String symbol : due) {
      SymbolState state = states.get(symbol);
      if (state == null) {
        continue;
      }
      List<OpenBar> closed = engine.isIdle(state, streamMicros) ? engine.closeIdle(state, streamMicros)
          : engine.closeDue(state, state.clockMicros());
      if (!closed.isEmpty()) {
        closedBySymbol.add(new DueBars(symbol, closed));
        stateStore.put(symbol, state);
      }
      if (engine.hasBarsDueBy(state, streamMicros)) {
        lookAt(engine.idleAtMicros(state), symbol);
      }
    }
    closedBySymbol.sort(Comparator.comparingLong((DueBars closed) -> engine.closeAtMicros(closed.bars().get(0)))
        .thenComparing(DueBars::symbol));
    for (DueBars closed : closedBySymbol) {
      closed.bars().forEach(bar -> emitFinal(closed.symbol(), bar));
    }
  }

  /** A symbol's bars closed by one pass of {@link #closeDueBars}, in closing order. */
  private record DueBars(String symbol, List<OpenBar> bars) {
  }

  private void emitFinal(String symbol, OpenBar open) {
    Bar bar = open.toBar(symbol, true);
    long startMillis = Math.floorDiv(open.startMicros(), 1_000L);
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
    deadLetter(withSource(record, state.referencePrice()), rejection, record.headers());
  }

  private void deadLetter(HeldTrade trade, Rejection rejection, Headers headers) {
    sensors.rejected(rejection.reason());
    log.warn("Rejected trade at {}-{}@{}: {} ({})", trade.topic(), trade.partition(), trade.offset(),
        rejection.reason().code(), rejection.detail());
    String key = trade.key() == null ? null : new String(trade.key(), StandardCharsets.UTF_8);
    context.forward(new Record<>(key, DeadLetters.of(trade.topic(), trade.partition(), trade.offset(),
        rejection, trade.key(), trade.rawValue(), trade.timestampMs()), trade.timestampMs(), headers));
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
