package io.tickflow.marketstate;

import io.tickflow.bars.BarSpec;
import io.tickflow.bars.Timeframe;
import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import io.tickflow.streams.normalize.InstrumentSettings;
import io.tickflow.topics.TickflowTopics;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The trading session behind a symbol's daily and weekly bars, resolved as the topology resolves it
 * ({@code session.overrides}, the security definition, {@code session.default}), so that readers can label those
 * bars with their trading date, which their UTC start does not tell: the CME session opening Sunday 17:00 Chicago
 * time, 23:00 UTC, is Monday's. Thread-safe: each call reads the definitions store afresh.
 */
public final class TradingDates {

  private final InstrumentSettings settings;
  private final Set<String> wholeSessionSeries;
  private final AvroDeserializer<SecurityDefinition> definitions = new AvroDeserializer<>(SecurityDefinition.class);

  public TradingDates(StreamsAppConfig config) {
    this.settings = config.instrumentSettings();
    this.wholeSessionSeries = config.timeBars().stream().map(BarSpec.TimeBars::timeframe)
        .filter(Timeframe::isWholeSessions).map(Timeframe::label)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The session whose trading dates label a series' bars: the symbol's for daily and weekly series; empty for
   * intraday and activity series, and while the definitions store cannot be read (a client starting or stopping).
   */
  public Optional<TradingSession> sessionOf(String symbol, String series, StoreLookup stores) {
    if (!wholeSessionSeries.contains(series)) {
      return Optional.empty();
    }
    try {
      return Optional.of(sessionOf(symbol, stores));
    } catch (InvalidStateStoreException e) {
      return Optional.empty();
    }
  }

  /**
   * The symbol's trading session, whose opens start its daily and weekly bars and bound its intraday ones.
   *
   * @throws InvalidStateStoreException while the definitions store cannot be read
   */
  public TradingSession sessionOf(String symbol, StoreLookup stores) {
    // One lookup and at most one decode: the live bars feed asks for every daily and weekly bar revision.
    byte[] definition = stores.<String, byte[]>keyValueStore(TickflowStores.SECURITY_DEFINITIONS).get(symbol);
    return settings.sessionOf(symbol, definition == null ? null
        : definitions.deserialize(TickflowTopics.SECURITY_DEFINITIONS, definition));
  }

  /** The symbol's trading session, as {@link #sessionOf(String, StoreLookup)}, from a definition read already. */
  public TradingSession sessionOf(String symbol, SecurityDefinition definition) {
    return settings.sessionOf(symbol, definition);
  }
}
