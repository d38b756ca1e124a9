package io.tickflow.streams.normalize;

import io.tickflow.bars.BarProfile;
import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the topology knows about each instrument: its latest security definition (from the global definitions store,
 * keyed by canonical symbol) merged with the configured settings. Decoded definitions are cached and re-decoded only
 * when the stored bytes change, because trades look their instrument up one by one. Not thread-safe: one per task.
 */
public final class InstrumentCatalog {

  private static final Logger log = LoggerFactory.getLogger(InstrumentCatalog.class);

  private record Entry(byte[] bytes, SecurityDefinition definition, BarProfile profile, PriceScaling scaling) {
  }

  private final InstrumentSettings settings;
  private final ReadOnlyKeyValueStore<String, byte[]> definitions;
  private final AvroDeserializer<SecurityDefinition> decoder = new AvroDeserializer<>(SecurityDefinition.class);
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * @param settings configured per-instrument settings
   * @param definitions canonical symbol to the encoded {@link SecurityDefinition}
   */
  public InstrumentCatalog(InstrumentSettings settings, ReadOnlyKeyValueStore<String, byte[]> definitions) {
    this.settings = settings;
    this.definitions = definitions;
  }

  /** The symbol's latest security definition, or null when none arrived. */
  public SecurityDefinition definition(String symbol) {
    return entry(symbol).definition();
  }

  /** Session, tick size and activity bars of the symbol. */
  public BarProfile profile(String symbol) {
    return entry(symbol).profile();
  }

  /** How the symbol's feed prices become prices. */
  public PriceScaling scaling(String symbol) {
    return entry(symbol).scaling();
  }

  /** Cheap when nothing changed: an in-memory store hands back the very array it holds. */
  private Entry entry(String symbol) {
    byte[] bytes = definitions.get(symbol);
    Entry entry = entries.get(symbol);
    if (entry == null || entry.bytes() != bytes && !Arrays.equals(entry.bytes(), bytes)) {
      entry = load(symbol, bytes);
      entries.put(symbol, entry);
    }
    return entry;
  }

  private Entry load(String symbol, byte[] bytes) {
    SecurityDefinition definition = bytes == null ? null : decoder.deserialize(TickflowTopics.SECURITY_DEFINITIONS, bytes);
    TradingSession session = settings.sessions().first(symbol)
        .orElseGet(() -> definition == null ? settings.defaultSession() : sessionOf(definition));
    double tickSize = definition != null && definition.getTickSize() > 0 ? definition.getTickSize()
        : settings.defaultTickSize();
    BarProfile profile = new BarProfile(session, tickSize, settings.activityBars().all(symbol));
    log.debug("Instrument {}: session {}, tick size {}, activity bars {}", symbol, session, tickSize,
        profile.activityBars());
    return new Entry(bytes, definition, profile, settings.priceScaling().first(symbol).orElse(PriceScaling.NONE));
  }

  private TradingSession sessionOf(SecurityDefinition definition) {
    try {
      return new TradingSession(definition.getSessionOpen(), ZoneId.of(definition.getSessionTimeZone()));
    } catch (java.time.DateTimeException e) {
      log.warn("Security definition of {} has an invalid session time zone '{}'; using the default session {}",
          definition.getSymbol(), definition.getSessionTimeZone(), settings.defaultSession());
      return settings.defaultSession();
    }
  }
}
