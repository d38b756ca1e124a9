package io.tickflow.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.StreamsAppConfig;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The order in which a symbol's trading session is found (docs/topology.md, "Bars"). */
class InstrumentSettingsTest {

  private static final InstrumentSettings SETTINGS = new StreamsAppConfig(Map.of(
      StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "ES*=09:30 America/New_York",
      StreamsAppConfig.SESSION_EXCHANGES_CONFIG, "CME=17:00 America/Chicago",
      StreamsAppConfig.SESSION_DEFAULT_CONFIG, "08:00 Europe/Berlin")).instrumentSettings();

  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @CsvSource({
      // An override wins over everything the definition says.
      "ESZ26, 10:00, Asia/Tokyo, CME, 09:30 America/New_York",
      "ESZ26, , , , 09:30 America/New_York",
      // A stated session wins over the exchange's.
      "NQZ26, 10:00, Asia/Tokyo, CME, 10:00 Asia/Tokyo",
      // 00:00 to 00:00 UTC states none: the exchange's, else the default.
      "NQZ26, 00:00, UTC, CME, 17:00 America/Chicago",
      "NQZ26, 00:00, UTC, XYZ, 08:00 Europe/Berlin",
      // No definition at all, or one whose zone is no zone: the default.
      "NQZ26, , , , 08:00 Europe/Berlin",
      "NQZ26, 10:00, Mars/Olympus, CME, 08:00 Europe/Berlin"})
  void shouldResolveTheSessionFromOverrideDefinitionExchangeThenDefault(String symbol, LocalTime open, String zone,
                                                                       String exchange, String expected) {
    SecurityDefinition definition = zone == null ? null : SecurityDefinition.newBuilder().setSymbol(symbol)
        .setTickSize(0.25).setExchange(exchange).setSessionOpen(open).setSessionClose(LocalTime.MIDNIGHT)
        .setSessionTimeZone(zone).build();

    assertThat(SETTINGS.sessionOf(symbol, definition)).isEqualTo(TradingSession.parse(expected));
  }
}
