package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.client.AggressorSide;
import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.schemas.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Record keys: every record of a symbol is keyed by its canonical symbol at the record's time, the value keeps the
 * symbol as configured, so the Streams app finds the key already canonical and keeps the record in its partition.
 */
class DtcRecordsTest {

  private static final Instant MARCH_2026 = Instant.parse("2026-03-02T14:30:00Z");
  private static final long MARCH_2026_MICROS = DtcRecords.micros(MARCH_2026);
  private static final Map<String, ?> OFFSET = Map.of();

  private static DtcRecords records(String... keyValues) {
    final Map<String, String> props = new HashMap<>(Map.of(DtcSourceConnectorConfig.HOST_CONFIG, "127.0.0.1",
        DtcSourceConnectorConfig.SYMBOLS_CONFIG, "ESZ6@CME"));
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return new DtcRecords(new DtcSourceConnectorConfig(props));
  }

  private static SourceRecord trade(DtcRecords records, SymbolSpec spec, long eventTimeMicros) {
    return records.trade(spec, OFFSET, new TradeEvent(5000.25, 1, AggressorSide.BUY, eventTimeMicros, MARCH_2026), 0,
        DataSource.LIVE);
  }

  private static String valueSymbol(SourceRecord record) {
    return ((Struct) record.value()).getString("symbol");
  }

  @ParameterizedTest
  @CsvSource({
      "ESZ6, CME, 2026-03-02T14:30:00Z, ESZ26",
      "ESZ6-CME, '', 2026-03-02T14:30:00Z, ESZ26",
      "ESZ2026, CME, 2026-03-02T14:30:00Z, ESZ26",
      "ESZ26, CME, 2026-03-02T14:30:00Z, ESZ26",
      "CLF7, NYMEX, 2026-12-31T23:59:59Z, CLF27",
      "ESZ6, CME, 2029-01-02T14:30:00Z, ESZ36",
      "EURUSD, '', 2026-03-02T14:30:00Z, EURUSD",
  })
  void shouldKeyATradeByItsCanonicalSymbolAndKeepTheSpellingInTheValueWhenTheFeedSpellsItOtherwise(
      String symbol, String exchange, Instant eventTime, String key) {
    final SourceRecord record = trade(records(), new SymbolSpec(symbol, exchange), DtcRecords.micros(eventTime));

    assertThat(record.key()).isEqualTo(key);
    assertThat(valueSymbol(record)).isEqualTo(symbol);
    assertThat(record.sourcePartition()).isEqualTo(Map.of("server", "127.0.0.1:11099", "symbol", symbol));
  }

  @Test
  void shouldKeyQuotesDepthDefinitionsAndDeadLettersLikeTradesWhenTheSymbolIsNotCanonical() {
    final DtcRecords records = records();
    final SymbolSpec es = new SymbolSpec("ESZ6", "CME");
    final MarketEvents.Quote quote = new MarketEvents.Quote(1, "ESZ6", "CME", 5000.0, 3.0, 5000.25, 4.0,
        MARCH_2026_MICROS);
    final MarketEvents.Depth depth = new MarketEvents.Depth(1, "ESZ6", AggressorSide.BUY, 5000.0, 7, 2,
        MarketEvents.Depth.INSERT_UPDATE, MARCH_2026_MICROS, false, true);
    final MarketEvents.SecurityDefinition definition = new MarketEvents.SecurityDefinition(1, "ESZ6", "CME", 1,
        "E-mini S&P 500", 0.25, 12.5, 2, "USD", 50);

    final List<SourceRecord> out = List.of(records.quote(es, OFFSET, quote, MARCH_2026),
        records.depth(es, OFFSET, depth, MARCH_2026),
        records.clearBook(es, OFFSET, MARCH_2026_MICROS, MARCH_2026, false),
        records.securityDefinition(es, OFFSET, definition, MARCH_2026),
        records.deadLetter(es, OFFSET, "tickflow.raw.trades", "symbol_rejected", "no rights", MARCH_2026));

    assertThat(out).extracting(SourceRecord::key).containsOnly("ESZ26");
    assertThat(out.subList(0, 4)).extracting(DtcRecordsTest::valueSymbol).containsOnly("ESZ6");
    final Struct letter = (Struct) out.get(4).value();
    assertThat(letter.getBytes("originalKey")).isEqualTo(bytes("ESZ26"));
    assertThat(letter.getBytes("originalValue")).isEqualTo(bytes("ESZ6@CME"));
  }

  @Test
  void shouldKeyByTheAliasWhenOneIsConfigured() {
    final DtcRecords records = records("symbol.aliases", "EMINI-DEC=ESZ26");

    assertThat(trade(records, new SymbolSpec("emini-dec", "CME"), MARCH_2026_MICROS).key()).isEqualTo("ESZ26");
  }

  @Test
  void shouldKeyByTheSymbolAsConfiguredWhenFuturesAreNotNormalized() {
    final DtcRecords records = records("symbol.futures.normalize", "false", "symbol.exchange.suffixes", "");

    assertThat(trade(records, new SymbolSpec("ESZ6-CME", ""), MARCH_2026_MICROS).key()).isEqualTo("ESZ6-CME");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldStampADepthLevelOrQuoteWithoutTimeWithItsReceiveTimeRatherThan1970() {
    final DtcRecords records = records();
    final SymbolSpec spec = new SymbolSpec("ESZ6", "CME");
    final Instant received = MARCH_2026.plusMillis(250);
    final MarketEvents.Depth snapshotLevel = new MarketEvents.Depth(1, "ESZ6", AggressorSide.BUY, 5000.0, 7, 2,
        MarketEvents.Depth.SNAPSHOT, 0, false, false);
    final MarketEvents.Quote quote = new MarketEvents.Quote(1, "ESZ6", "CME", 5000.0, 3.0, 5000.25, 4.0, 0);

    final Struct depth = (Struct) records.depth(spec, OFFSET, snapshotLevel, received).value();
    final Struct bidAsk = (Struct) records.quote(spec, OFFSET, quote, received).value();
    final Struct clear = (Struct) records.clearBook(spec, OFFSET, 0, received, false).value();

    assertThat(depth.getInt64("eventTime")).isEqualTo(DtcRecords.micros(received));
    assertThat(bidAsk.getInt64("eventTime")).isEqualTo(DtcRecords.micros(received));
    assertThat(clear.getInt64("eventTime")).isEqualTo(DtcRecords.micros(received));
  }

  @ParameterizedTest
  @CsvSource({"1.7976931348623157E308", "3.4028234663852886E38"})
  void shouldPublishAnUnsetDepthPriceAsNotANumberWhenTheServerSendsTheSentinel(double unset) {
    final MarketEvents.Depth level = new MarketEvents.Depth(1, "ESZ6", AggressorSide.BUY, unset, 4, 1,
        MarketEvents.Depth.INSERT_UPDATE, MARCH_2026_MICROS, false, true);

    final Struct depth = (Struct) records().depth(new SymbolSpec("ESZ6", "CME"), OFFSET, level, MARCH_2026).value();

    // NaN is refused downstream (price_not_positive) instead of becoming a best bid of 1.8e308.
    assertThat(depth.getFloat64("price")).isNaN();
  }

  @ParameterizedTest
  @CsvSource({"4294967295, 0", "2147483648, 0", "12, 12"})
  void shouldPublishNumOrdersOnlyWhenTheServerSetsIt(long sent, int published) {
    final MarketEvents.Depth level = new MarketEvents.Depth(1, "ESZ6", AggressorSide.SELL, 5000.25, 4, sent,
        MarketEvents.Depth.INSERT_UPDATE, MARCH_2026_MICROS, false, true);

    final Struct depth = (Struct) records().depth(new SymbolSpec("ESZ6", "CME"), OFFSET, level, MARCH_2026).value();

    assertThat(depth.getInt32("numOrders")).isEqualTo(published);
    assertThat(depth.getString("side")).isEqualTo("ASK");
  }

  @Test
  void shouldKeepTheTimeADepthLevelCarries() {
    final MarketEvents.Depth level = new MarketEvents.Depth(1, "ESZ6", AggressorSide.SELL, 5000.25, 4, 1,
        MarketEvents.Depth.INSERT_UPDATE, MARCH_2026_MICROS, false, true);

    final Struct depth = (Struct) records().depth(new SymbolSpec("ESZ6", "CME"), OFFSET, level,
        MARCH_2026.plusSeconds(1)).value();

    assertThat(depth.getInt64("eventTime")).isEqualTo(MARCH_2026_MICROS);
  }
}
