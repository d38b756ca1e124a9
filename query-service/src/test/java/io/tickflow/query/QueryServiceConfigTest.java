package io.tickflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.query.alerts.MarketCalendar;
import io.tickflow.query.alerts.MarketStatus;
import io.tickflow.query.security.Right;
import io.tickflow.streams.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** One test per configuration rule. */
class QueryServiceConfigTest {

  @Test
  void shouldUseDocumentedDefaultsWhenNothingIsSet() {
    QueryServiceConfig config = QueryServiceConfig.of(Map.of());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.securityEnabled()).isFalse();
    assertThat(config.tls()).isEmpty();
    assertThat(config.corsOrigins()).isEmpty();
    assertThat(config.pollInterval()).hasMillis(250);
  }

  @Test
  void shouldRejectPortOutOfRange() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("http.port", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value 70000 for configuration http.port: Value must be no more than 65535");
  }

  @Test
  void shouldRejectMarketHoursNamingTheKeyTheEntryAndThePartThatIsWrong() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOURS_CONFIG,
        "CME=Sun-Thu 17:00 23h America/Chicago,EUREX=Mon-Fry 08:00 14h Europe/Berlin")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value [CME=Sun-Thu 17:00 23h America/Chicago, EUREX=Mon-Fry 08:00 14h Europe/Berlin] "
            + "for configuration alerts.market.hours: Invalid entry 'EUREX=Mon-Fry 08:00 14h Europe/Berlin' in "
            + "alerts.market.hours: Invalid market hours 'Mon-Fry 08:00 14h Europe/Berlin': invalid day 'Fry': "
            + "expected Mon, Tue, Wed, Thu, Fri, Sat or Sun");
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOURS_OVERRIDES_CONFIG,
        "6E*=Sun-Thu 17:00 23h Europe/Frankfurt")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.market.hours.overrides: Invalid entry '6E*=Sun-Thu 17:00 23h "
            + "Europe/Frankfurt' in alerts.market.hours.overrides")
        .hasMessageContaining("invalid time zone 'Europe/Frankfurt'");
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOURS_CONFIG,
        "Sun-Thu 17:00 23h America/Chicago")))
        .hasMessageContaining("expected <symbol pattern>=<value>");
  }

  @Test
  void shouldRejectHolidaysNamingTheKeyTheEntryAndTheDayThatIsWrong() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOLIDAYS_CONFIG,
        "CME=2026-12-25 2027-01-01,NYSE=2026-11-27@13")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value [CME=2026-12-25 2027-01-01, NYSE=2026-11-27@13] for configuration "
            + "alerts.market.holidays: Invalid entry 'NYSE=2026-11-27@13' in alerts.market.holidays: Invalid holidays "
            + "'2026-11-27@13': invalid early close '13': expected HH:mm, e.g. 12:00");
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOLIDAYS_CONFIG,
        "CME=2026-11-31")))
        .hasMessageContaining("Invalid entry 'CME=2026-11-31' in alerts.market.holidays: Invalid holidays "
            + "'2026-11-31': invalid date '2026-11-31'");
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOLIDAYS_CONFIG, "CME=")))
        .hasMessageContaining("Invalid entry 'CME=' in alerts.market.holidays: expected <symbol pattern>=<value>");
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOLIDAYS_CONFIG,
        "2026-12-25")))
        .hasMessageContaining("Invalid entry '2026-12-25' in alerts.market.holidays: expected "
            + "<symbol pattern>=<value>");
  }

  /** Every exchange the Streams app knows a session of has market hours, so its feeds are quiet when closed. */
  @Test
  void shouldKnowMarketHoursOfEveryExchangeOfTheStreamsAppsSessions() {
    MarketCalendar calendar = QueryServiceConfig.of(Map.of()).marketCalendar(Optional::of);
    @SuppressWarnings("unchecked")
    List<String> sessions = (List<String>) StreamsAppConfig.CONFIG_DEF.defaultValues()
        .get(StreamsAppConfig.SESSION_EXCHANGES_CONFIG);
    Instant saturday = Instant.parse("2026-11-28T12:00:00Z");

    assertThat(sessions).hasSize(11).allSatisfy(entry -> {
      String exchange = entry.substring(0, entry.indexOf('='));
      assertThat(calendar.statusAt(exchange, saturday)).as(exchange).isEqualTo(MarketStatus.CLOSED);
    });
  }

  @Test
  void shouldRejectDefaultLimitAboveMaximum() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("query.default.limit", "10", "query.max.limit", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("query.default.limit must not exceed query.max.limit (5)");
  }

  @Test
  void shouldRejectSnapshotBarsAboveMaximumLimitWhichAnotherInstanceWouldRefuse() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("query.max.limit", "200", "query.default.limit", "100")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ws.snapshot.bars must not exceed query.max.limit (200)");
  }

  @Test
  void shouldRejectHeartbeatTimeoutNotAboveInterval() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("ws.heartbeat.interval.ms", "1000",
        "ws.heartbeat.timeout.ms", "1000"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("ws.heartbeat.timeout.ms must be larger than ws.heartbeat.interval.ms (1000)");
  }

  @Test
  void shouldRequireKeysWhenSecurityIsEnabled() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("security.enabled", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.enabled is true but no API key is configured");
  }

  @Test
  void shouldRejectUnknownRightWithoutShowingTheKey() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("security.api.keys", "s3cret:read+write")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown right 'write', allowed: read, stream, ops")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void shouldRejectDuplicateKeyWithoutShowingIt() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("security.api.keys", "s3cret:read,other:ops,s3cret:stream")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.api.keys")
        .hasMessageContaining("entry 3")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void shouldNormalizeCorsOriginsWhenTheyAreOrigins() {
    QueryServiceConfig config = QueryServiceConfig.of(Map.of("cors.allowed.origins",
        "HTTPS://Dash.Example.com/, https://*.example.org:443, http://localhost:3000, dash.example.net, *"));

    assertThat(config.corsOrigins()).containsExactly("https://dash.example.com", "https://*.example.org",
        "http://localhost:3000", "https://dash.example.net", "*");
  }

  @Test
  void shouldNameCorsSettingWhenAnOriginHasAPath() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("cors.allowed.origins", "https://dash.example.com/app")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cors.allowed.origins")
        .hasMessageContaining("https://dash.example.com/app");
  }

  @Test
  void shouldTrimKeyWhenSpacesSurroundTheColon() {
    // HTTP trims header values: a key kept with its trailing space could never be sent.
    QueryServiceConfig config = QueryServiceConfig.of(Map.of("security.api.keys", "k1 : read + stream"));

    assertThat(config.apiKeys().get(0).secret()).isEqualTo("k1");
    assertThat(config.apiKeys().get(0).rights()).isEqualTo(Set.of(Right.READ, Right.STREAM));
  }

  @Test
  void shouldRejectRateLimitWhenNotFinite() {
    // NaN passes a Range (every comparison is false) and then refuses every request with 429.
    for (String rate : new String[] {"NaN", "Infinity"}) {
      assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("security.rate.limit.per.second", rate)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("security.rate.limit.per.second");
    }
  }

  @Test
  void shouldTakeKeysFromEnvironmentOverConfig() {
    QueryServiceConfig config = new QueryServiceConfig(Map.of("security.api.keys", "a:read"),
        Map.of(QueryServiceConfig.API_KEYS_ENV, "b:stream+ops"));

    assertThat(config.apiKeys()).hasSize(1);
    assertThat(config.apiKeys().get(0).secret()).isEqualTo("b");
    assertThat(config.apiKeys().get(0).rights()).isEqualTo(Set.of(Right.STREAM, Right.OPS));
  }

  @Test
  void shouldRequireKeyStoreWhenTlsIsEnabled() {
    assertThatThrownBy(() -> QueryServiceConfig.of(Map.of("tls.enabled", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tls.enabled is true but tls.keystore.path is empty");
  }

  @Test
  void shouldHaveDocsTableGeneratedFromConfigDef() throws Exception {
    Path file = Path.of("../docs/api.md");
    String docs = Files.readString(file, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(file, QueryServiceConfig.DOCS.render(docs), StandardCharsets.UTF_8);
      return;
    }

    assertThat(docs).as("docs/api.md is stale: rerun this test with -Ddocs.update=true")
        .isEqualTo(QueryServiceConfig.DOCS.render(docs));
  }
}
