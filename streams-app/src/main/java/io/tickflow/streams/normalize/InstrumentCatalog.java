package io.tickflow.streams.normalize;

import io.tickflow.bars.BarProfile;
import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
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

  /**
   * What the topology knows about one instrument.
   *
   * @param definition its latest security definition, or null when none arrived
   * @param profile session, tick size and activity bars
   * @param scaling how its feed prices become prices
   */
  public record Instrument(SecurityDefinition definition, BarProfile profile, PriceScaling scaling) {
  }

  private record Entry(byte[] bytes, Instrument instrument) {
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

  /**
   * The instrument of a canonical symbol. One store lookup: callers ask once per record. Cheap when nothing changed:
   * an in-memory store hands back the very array it holds.
   */
  public Instrument of(String symbol) {
    byte[] bytes = definitions.get(symbol);
    Entry entry = entries.get(symbol);
    if (entry == null || entry.bytes() != bytes && !Arrays.equals(entry.bytes(), bytes)) {
      entry = load(symbol, bytes);
      entries.put(symbol, entry);
    }
    return entry.instrument();
  }

  private Entry load(String symbol, byte[] bytes) {
    SecurityDefinition definition = bytes == null ? null : decoder.deserialize(TickflowTopics.SECURITY_DEFINITIONS, bytes);
    TradingSession session = settings.sessionOf(symbol, definition);
    double tickSize = definition != null ? definition.getTickSize() : settings.defaultTickSize();
    BarProfile profile = new BarProfile(session, settings.intradayAlignment().sessionFor(session), tickSize,
        settings.activityBars().all(symbol));
    log.debug("Instrument {}: session {}, tick size {}, activity bars {}", symbol, session, tickSize,
        profile.activityBars());
    return new Entry(bytes, new Instrument(definition, profile,
        settings.priceScaling().first(symbol).orElse(PriceScaling.NONE)));
  }
}
