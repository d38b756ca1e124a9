package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.marketstate.TradingDates;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.StreamsAppConfig;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A symbol's instrument, read from the topology's real definitions store (a {@code TopologyTestDriver}). */
class InstrumentReadTest {

  private static final Instant T0 = Instant.parse("2027-01-04T15:00:00Z");

  private final StreamsAppConfig config = new StreamsAppConfig(Map.of(
      StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "GC*=18:00 America/New_York"));
  private final DriverStores driver = new DriverStores(config, T0);
  private final StreamsMarketData data = new StreamsMarketData(() -> Optional.of(driver), List.of("1m"), 5,
      new TradingDates(config));

  @AfterEach
  void close() {
    driver.close();
  }

  /**
   * The DTC connector's definitions state no session: the instrument shows the one its daily bars follow, here that
   * of its exchange ({@code session.exchanges}), not the definition's placeholder (midnight UTC).
   */
  @Test
  void shouldShowTheLatestDefinitionWithTheSessionItsBarsFollow() {
    driver.pipe(definition("ZNH7", "CBOT", 0.03125, 132));
    driver.pipe(definition("ZNH7", "CBOT", 0.015625, 134));

    InstrumentView expected = new InstrumentView("ZNH27", "CBOT", "ZNH7 contract", 0.015625, 134, 15.625, "USD",
        LocalTime.of(17, 0), "America/Chicago", T0);
    assertThat(data.instrument("ZNH27")).as("named by its canonical symbol").contains(expected);
    assertThat(data.instruments()).containsExactly(expected);
  }

  @Test
  void shouldListEveryInstrumentBySymbol() {
    driver.pipe(definition("ZNH27", "CBOT", 0.015625, 134));
    driver.pipe(definition("GCG27", "COMEX", 0.1, 1));
    driver.pipe(definition("ESH27", "CME", 0.25, 2));

    assertThat(data.instruments()).extracting(InstrumentView::symbol).containsExactly("ESH27", "GCG27", "ZNH27");
  }

  @Test
  void shouldShowTheSessionThatConfigurationSetsOverTheDefinition() {
    driver.pipe(definition("GCG27", "COMEX", 0.1, 1));

    assertThat(data.instrument("GCG27")).map(InstrumentView::sessionOpen).contains(LocalTime.of(18, 0));
    assertThat(data.instrument("GCG27")).map(InstrumentView::sessionTimeZone).contains("America/New_York");
  }

  @Test
  void shouldFindNoInstrumentWithoutADefinition() {
    driver.pipe(definition("ZNH27", "CBOT", 0.015625, 134));

    assertThat(data.instrument("ESH27")).isEmpty();
  }

  private static SecurityDefinition definition(String symbol, String exchange, double tickSize, int format) {
    return new SecurityDefinition(symbol, exchange, symbol + " contract", tickSize, format, 15.625, "USD",
        LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "UTC", T0);
  }
}
