package io.tickflow.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickflow.query.QueryServiceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The stale-feed monitor with the default market hours: quiet while a market is closed, the silence of a feed counted
 * from the later of its last trade and the open. Times are UTC; in late November 2026 Chicago is UTC-6 and New York
 * UTC-5, so CME trades from Sunday 23:00 to Friday 22:00 with a daily break from 22:00 to 23:00, and NASDAQ from
 * 14:30 to 21:00 on weekdays.
 */
class MarketHoursStaleFeedTest {

  private static final Duration THRESHOLD = Duration.ofMinutes(1);
  private static final Instant FRIDAY_CME_CLOSE = Instant.parse("2026-11-27T22:00:00Z");
  private static final Instant SUNDAY_CME_OPEN = Instant.parse("2026-11-29T23:00:00Z");

  private final SettableClock clock = new SettableClock(FRIDAY_CME_CLOSE);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final Map<String, String> exchanges = new HashMap<>(Map.of("ESZ6", "CME", "AAPL", "NASDAQ"));
  private final FeedHealth health = new FeedHealth(registry, clock, THRESHOLD, Duration.ofDays(7),
      QueryServiceConfig.of(Map.of()).marketCalendar(symbol -> Optional.ofNullable(exchanges.get(symbol))));
  private final StaleFeedMonitor monitor = new StaleFeedMonitor(health, publisher, registry, clock);

  private void checkAt(String utc) {
    clock.set(Instant.parse(utc));
    monitor.check();
  }

  private double staleGauge(String symbol) {
    return registry.get("tickflow.feed.stale").tag("symbol", symbol).gauge().value();
  }

  @Test
  void shouldStayQuietOverTheWeekendWhenTheMarketIsClosed() {
    health.onTrade("ESZ6", FRIDAY_CME_CLOSE.minusSeconds(1));

    checkAt("2026-11-28T12:00:00Z");
    checkAt("2026-11-29T22:59:59Z");

    assertThat(publisher.published).isEmpty();
    assertThat(health.rows()).extracting(FeedHealth.Row::stale, FeedHealth.Row::market)
        .containsExactly(tuple(false, "closed"));
    assertThat(health.age("ESZ6")).as("the true age").isGreaterThan(Duration.ofDays(2));
    assertThat(staleGauge("ESZ6")).isZero();
  }

  @Test
  void shouldStayQuietOvernightWhenTheEquityMarketIsClosed() {
    health.onTrade("AAPL", Instant.parse("2026-11-24T20:59:59Z"));

    checkAt("2026-11-25T03:00:00Z");
    checkAt("2026-11-25T14:29:59Z");

    assertThat(publisher.published).isEmpty();
    assertThat(health.rows()).extracting(FeedHealth.Row::market).containsExactly("closed");
  }

  /** The first minute after the open is not an alert: the silence is counted from the open, not from Friday. */
  @Test
  void shouldCountTheThresholdFromSundaysOpenAndRaiseOnceWhenTheFeedStaysSilent() {
    Instant lastTrade = FRIDAY_CME_CLOSE.minusSeconds(1);
    health.onTrade("ESZ6", lastTrade);

    checkAt("2026-11-29T23:00:30Z");
    assertThat(publisher.published).isEmpty();
    assertThat(health.rows()).extracting(FeedHealth.Row::stale, FeedHealth.Row::market)
        .containsExactly(tuple(false, "open"));
    assertThat(staleGauge("ESZ6")).isZero();

    checkAt("2026-11-29T23:01:01Z");
    checkAt("2026-11-29T23:05:00Z");

    Instant raisedAt = SUNDAY_CME_OPEN.plusSeconds(61);
    assertThat(publisher.published).containsExactly(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ESZ6",
        lastTrade, Duration.between(lastTrade, raisedAt).toMillis(), THRESHOLD.toMillis(), raisedAt, "silent"));
    assertThat(staleGauge("ESZ6")).isEqualTo(1);
    assertThat(registry.get("tickflow.alerts").tag("state", "raised").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldNotRaiseWhenTheFeedTradesWithinTheThresholdAfterTheOpen() {
    health.onTrade("ESZ6", FRIDAY_CME_CLOSE.minusSeconds(1));
    checkAt("2026-11-29T23:00:30Z");
    health.onTrade("ESZ6", SUNDAY_CME_OPEN.plusSeconds(40));

    checkAt("2026-11-29T23:01:30Z");

    assertThat(publisher.published).isEmpty();
  }

  /**
   * Resolved at the close: nobody can fix a closed market's feed, a raised alert would page all weekend, and a feed
   * still dead at the next open is raised again a threshold after it.
   */
  @Test
  void shouldResolveAtTheCloseAnAlertRaisedWhileOpenAndRaiseItAgainAfterTheNextOpen() {
    Instant lastTrade = Instant.parse("2026-11-27T21:00:00Z");
    health.onTrade("ESZ6", lastTrade);

    checkAt("2026-11-27T21:30:00Z");
    checkAt("2026-11-27T22:00:01Z");
    checkAt("2026-11-28T12:00:00Z");
    checkAt("2026-11-29T23:01:01Z");

    assertThat(publisher.published).extracting(Alert::state, Alert::time, Alert::reason).containsExactly(
        tuple("raised", Instant.parse("2026-11-27T21:30:00Z"), "silent"),
        tuple("resolved", Instant.parse("2026-11-27T22:00:01Z"), "market_closed"),
        tuple("raised", Instant.parse("2026-11-29T23:01:01Z"), "silent"));
    assertThat(registry.get("tickflow.alerts").tag("state", "resolved").counter().count()).isEqualTo(1);
  }

  /**
   * A restart between the raise and the close: the new process reads the raised alert back from the topic and resolves
   * it at the close, with the close as its reason, as the process that raised it would have.
   */
  @Test
  void shouldResolveAtTheCloseAnAlertRaisedBeforeARestart() {
    Instant lastTrade = Instant.parse("2026-11-27T21:00:00Z");
    publisher.publish(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ESZ6", lastTrade, 1_800_000, 60_000,
        Instant.parse("2026-11-27T21:30:00Z"), "silent"));
    health.onTrade("ESZ6", lastTrade);

    checkAt("2026-11-27T21:45:00Z");
    checkAt("2026-11-27T22:00:01Z");

    assertThat(publisher.published).extracting(Alert::state, Alert::time, Alert::reason).containsExactly(
        tuple("raised", Instant.parse("2026-11-27T21:30:00Z"), "silent"),
        tuple("resolved", Instant.parse("2026-11-27T22:00:01Z"), "market_closed"));
  }

  /**
   * A check that misses the close: the market closed and reopened since the alert was raised, and the silence now
   * counted from the reopen is within the threshold. No trade came back, so the reason is the close, not trading.
   */
  @Test
  void shouldResolveWithMarketClosedWhenTheMarketReopenedSinceTheAlertWithoutATrade() {
    health.onTrade("ESZ6", Instant.parse("2026-11-25T21:00:00Z"));
    checkAt("2026-11-25T21:30:00Z");

    checkAt("2026-11-25T23:00:30Z");

    assertThat(publisher.published).extracting(Alert::state, Alert::reason)
        .containsExactly(tuple("raised", "silent"), tuple("resolved", "market_closed"));
    assertThat(health.rows()).extracting(FeedHealth.Row::market, FeedHealth.Row::stale, FeedHealth.Row::reason)
        .containsExactly(tuple("open", false, "market_closed"));
  }

  /** The log line of that resolution says what happened: the market is open again, not closed until it opens. */
  @Test
  void shouldLogTheReopenWhenTheMarketReopenedSinceTheAlertWithoutATrade() {
    health.onTrade("ESZ6", Instant.parse("2026-11-25T21:00:00Z"));
    checkAt("2026-11-25T21:30:00Z");
    Logger logger = (Logger) LoggerFactory.getLogger(StaleFeedMonitor.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      checkAt("2026-11-25T23:00:30Z");
    } finally {
      logger.detachAppender(events);
    }

    assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("Market of ESZ6 "
        + "reopened since its last trade: its stale-feed alert is resolved (reason market_closed), the silence now "
        + "counted from the open");
  }

  @Test
  void shouldResolveWithTradingWhenTheFeedTradesAgainWhileTheMarketIsOpen() {
    health.onTrade("ESZ6", Instant.parse("2026-11-25T21:00:00Z"));
    checkAt("2026-11-25T21:30:00Z");
    health.onTrade("ESZ6", Instant.parse("2026-11-25T21:30:02Z"));

    checkAt("2026-11-25T21:30:05Z");

    assertThat(publisher.published).extracting(Alert::state, Alert::reason)
        .containsExactly(tuple("raised", "silent"), tuple("resolved", "trading"));
    assertThat(health.rows()).extracting(FeedHealth.Row::stale, FeedHealth.Row::reason)
        .containsExactly(tuple(false, "trading"));
  }

  @Test
  void shouldStayQuietInCmesDailyBreakAndCountFromTheReopen() {
    health.onTrade("ESZ6", Instant.parse("2026-11-25T21:59:30Z"));

    checkAt("2026-11-25T22:30:00Z");
    checkAt("2026-11-25T23:00:59Z");
    assertThat(publisher.published).isEmpty();

    checkAt("2026-11-25T23:01:01Z");
    assertThat(publisher.published).extracting(Alert::state).containsExactly("raised");
  }

  /** Today's behaviour for instruments of no known hours: their feed is expected round the clock. */
  @Test
  void shouldJudgeASymbolOfUnknownExchangeAsAlwaysOpen() {
    health.onTrade("XYZ", Instant.parse("2026-11-27T12:00:00Z"));

    checkAt("2026-11-28T12:00:00Z");

    assertThat(publisher.published).extracting(Alert::symbol, Alert::state).containsExactly(tuple("XYZ", "raised"));
    assertThat(health.rows()).extracting(FeedHealth.Row::market).containsExactly("unknown");
  }

  /** A security definition arriving after the first trades: judged always open until then, by its hours after. */
  @Test
  void shouldApplyTheExchangesHoursOnceTheExchangeIsKnown() {
    exchanges.remove("ESZ6");
    health.onTrade("ESZ6", FRIDAY_CME_CLOSE.minusSeconds(1));
    checkAt("2026-11-28T12:00:00Z");
    exchanges.put("ESZ6", "CME");

    checkAt("2026-11-28T12:00:05Z");

    assertThat(publisher.published).extracting(Alert::state, Alert::reason)
        .containsExactly(tuple("raised", "silent"), tuple("resolved", "market_closed"));
    assertThat(health.rows()).extracting(FeedHealth.Row::market, FeedHealth.Row::reason)
        .containsExactly(tuple("closed", "market_closed"));
  }

  /** A monitor over the default hours and these holidays. */
  private StaleFeedMonitor monitorWithHolidays(String holidays) {
    FeedHealth withHolidays = new FeedHealth(registry, clock, THRESHOLD, Duration.ofDays(7),
        QueryServiceConfig.of(Map.of(QueryServiceConfig.MARKET_HOLIDAYS_CONFIG, holidays))
            .marketCalendar(symbol -> Optional.ofNullable(exchanges.get(symbol))));
    withHolidays.onTrade("ESZ6", Instant.parse("2026-11-25T21:00:00Z"));
    withHolidays.onTrade("AAPL", Instant.parse("2026-11-25T20:59:00Z"));
    return new StaleFeedMonitor(withHolidays, publisher, registry, clock);
  }

  /**
   * Thanksgiving 2026 with its holidays configured: NASDAQ closed all day raises nothing; CME, open from Wednesday
   * 17:00 Chicago time with a dead feed, raises, and its 12:00 early close resolves the alert as market_closed.
   */
  @Test
  void shouldStayQuietOnAClosedDayAndResolveAtAnEarlyClose() {
    StaleFeedMonitor withHolidays = monitorWithHolidays("NASDAQ=2026-11-26,CME=2026-11-26@12:00");

    for (String utc : List.of("2026-11-26T15:00:00Z", "2026-11-26T18:00:00Z", "2026-11-26T20:00:00Z")) {
      clock.set(Instant.parse(utc));
      withHolidays.check();
    }

    assertThat(publisher.published).extracting(Alert::symbol, Alert::state, Alert::time, Alert::reason)
        .containsExactly(tuple("ESZ6", "raised", Instant.parse("2026-11-26T15:00:00Z"), "silent"),
            tuple("ESZ6", "resolved", Instant.parse("2026-11-26T18:00:00Z"), "market_closed"));
  }

  /** Without holidays, the same day is a false alert on every symbol: the reason they must be configured. */
  @Test
  void shouldRaiseOnAHolidayThatIsNotConfigured() {
    StaleFeedMonitor withoutHolidays = monitorWithHolidays("");

    clock.set(Instant.parse("2026-11-26T18:00:00Z"));
    withoutHolidays.check();

    assertThat(publisher.published).extracting(Alert::symbol, Alert::state)
        .containsExactlyInAnyOrder(tuple("ESZ6", "raised"), tuple("AAPL", "raised"));
  }

  /** Holidays follow the symbol's exchange even when its hours come from a symbol pattern. */
  @Test
  void shouldApplyTheExchangesHolidaysToHoursBySymbol() {
    MarketCalendar calendar = QueryServiceConfig.of(Map.of(
            QueryServiceConfig.MARKET_HOURS_OVERRIDES_CONFIG, "ES*=Sun-Thu 17:00 23h America/Chicago",
            QueryServiceConfig.MARKET_HOLIDAYS_CONFIG, "CME=2026-11-26@12:00"))
        .marketCalendar(symbol -> Optional.ofNullable(exchanges.get(symbol)));

    assertThat(calendar.statusAt("ESZ6", Instant.parse("2026-11-26T18:00:00Z"))).isEqualTo(MarketStatus.CLOSED);
    assertThat(calendar.statusAt("ESH7", Instant.parse("2026-11-26T18:00:00Z")).phase())
        .isEqualTo(MarketStatus.Phase.OPEN);
  }

  /** Registered with the symbol, so that Prometheus sees it at 0 from the first scrape, before any check. */
  @Test
  void shouldExportTheStaleGaugeAtZeroAsSoonAsASymbolIsKnown() {
    health.onTrade("ESZ6", FRIDAY_CME_CLOSE.minusSeconds(1));

    assertThat(staleGauge("ESZ6")).isZero();
    assertThat(health.rows()).extracting(FeedHealth.Row::market).containsExactly("unknown");
  }
}
