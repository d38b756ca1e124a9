package io.tickflow.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tickflow.query.InMemoryMarketData;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.TestServer;
import io.tickflow.query.alerts.RecordingPublisher;
import io.tickflow.query.alerts.StaleFeedMonitor;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.ws.Channel;
import io.tickflow.query.ws.LiveUpdate;
import io.tickflow.query.ws.SubscriptionKey;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.topics.TickflowTopics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chart page in headless Chromium against a real server: candles are drawn from the bars snapshot and live
 * updates, switching timeframe reloads, a page opened while the service cannot answer yet waits for it, and no test
 * leaves an error in the browser console. Skipped, with a message, where Chromium is not installed (CI has it).
 */
class ChartPageBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  private TestServer server;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    // CI sets TICKFLOW_REQUIRE_BROWSER: there a missing browser is a failure, not a skip.
    if (System.getenv("TICKFLOW_REQUIRE_BROWSER") != null) {
      assertThat(CHROMIUM).as("chromium").isExecutable();
      assertThat(CHROMEDRIVER).as("chromedriver").isExecutable();
    }
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or chromedriver missing (Debian packages chromium, chromium-driver); skipping the browser test");
    server = serverWithBars(Map.of(), 30);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1280,800");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A server holding {@code minutes} one-minute bars and six five-minute bars of ES from its first connection. */
  private static TestServer serverWithBars(Map<String, String> settings, int minutes) {
    return serverWithBars(settings, minutes, data -> { });
  }

  /** The same, with {@code more} done to its data before it starts (on a restart, the page may be back at once). */
  private static TestServer serverWithBars(Map<String, String> settings, int minutes,
                                           Consumer<InMemoryMarketData> more) {
    return TestServer.startWith(settings, data -> {
      for (int i = minutes; i >= 1; i--) {
        data.putBar(bar("1m", NOW.minus(i, ChronoUnit.MINUTES), 60, 4700 + i % 7));
      }
      for (int i = 6; i >= 1; i--) {
        data.putBar(bar("5m", NOW.minus(5L * i, ChronoUnit.MINUTES), 300, 4700 + i));
      }
      more.accept(data);
    });
  }

  private static BarView bar(String timeframe, Instant start, long seconds, double close) {
    return bar("ES", timeframe, start, seconds, close, 0, false);
  }

  private static BarView bar(String symbol, String timeframe, Instant start, long seconds, double close,
                             int revision, boolean closed) {
    return new BarView(symbol, timeframe, start, start.plusSeconds(seconds), null, close - 2, close + 3, close - 4,
        close, 100, 40, 60, 12, close, closed, revision);
  }

  @Test
  void shouldDrawCandlesFromLiveDataAndReloadWhenTimeframeSwitches() {
    WebDriverWait wait = open("/");

    wait.until(driver -> number("state.loads") >= 1 && number("state.candles") == 30);
    assertThat(upCandlePixels()).isPositive();

    BarView live = bar("1m", NOW, 60, 4790);
    server.hub.publish(List.of(LiveUpdate.of(SubscriptionKey.bars("ES", "1m"), new Formats().toJson(live))));
    wait.until(driver -> number("state.candles") == 31);

    browser.findElement(By.cssSelector("#timeframes button[data-tf='5m']")).click();
    wait.until(driver -> number("state.loads") == 2 && number("state.candles") == 6);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.tickflowState.timeframe"))
        .isEqualTo("5m");
    // A one-minute bar published after the switch is not drawn on the five-minute chart.
    publish(bar("1m", NOW.plus(1, ChronoUnit.MINUTES), 60, 4791));
    publish(bar("5m", NOW, 300, 4792));
    wait.until(driver -> number("state.candles") >= 7);
    assertThat(number("state.candles")).isEqualTo(7);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldSaySoWhenTheChosenSeriesHasNoBarsYet() {
    WebDriverWait wait = open("/?symbol=ES&tf=15m");
    wait.until(driver -> number("state.loads") == 1);
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live, no ES 15m bars yet");

    publish(bar("15m", NOW, 900, 4790));

    wait.until(driver -> number("state.candles") == 1);
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
  }

  @Test
  void shouldFollowLiveDataWhenTheApiKeyHasCharactersAUrlReserves() {
    // Beyond ASCII too: a header cannot carry "€" (fetch refuses it), a percent-encoded query parameter can.
    String key = "k&y#+%2F=1 ?é€";
    server.close();
    server = serverWithBars(Map.of("security.enabled", "true", "security.api.keys", key + ":read+stream"), 30);

    WebDriverWait wait = open("/?api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));

    // The candles come with the snapshot of the WebSocket subscription, which the key in the /ws URL allows.
    wait.until(driver -> number("state.candles") == 30);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldSayWhyWhenTheServerRefusesTheKeyForLiveData() {
    server.close();
    server = serverWithBars(Map.of("security.enabled", "true", "security.api.keys", "reader:read"), 30);

    WebDriverWait wait = open("/?api_key=reader");

    // The REST reads work with the read right; the WebSocket upgrade needs the stream right.
    wait.until(driver -> driver.findElement(By.id("connection")).getText().contains("live data refused: This API "
        + "key lacks the 'stream' right needed for /ws (HTTP 403); retrying in"));
  }

  @Test
  void shouldReconnectAndResubscribeWhenTheServerRestarts() {
    WebDriverWait wait = open("/");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 30);
    // Quickly there and back: the 5m snapshot, if it comes at all, must not be left on the 1m chart.
    browser.findElement(By.cssSelector("#timeframes button[data-tf='5m']")).click();
    browser.findElement(By.cssSelector("#timeframes button[data-tf='1m']")).click();
    wait.until(driver -> number("state.loads") >= 2 && number("state.candles") == 30);
    int port = server.port();

    server.close();
    // While the server is down the page says so, and tries less and less often (no reconnect storm).
    wait.until(driver -> number("state.retries") >= 3);
    assertThat(number("state.retryDelayMs")).isGreaterThanOrEqualTo(2000);
    assertThat(browser.findElement(By.id("connection")).getText()).matches(
        "disconnected since \\d\\d:\\d\\d:\\d\\d UTC, retrying in \\d+ s");
    // The feed-health rows stay, but no longer pass for current.
    wait.until(driver -> driver.findElement(By.id("feed-health-status")).getText().startsWith("not updated since"));
    server = serverWithBars(Map.of(QueryServiceConfig.HTTP_PORT_CONFIG, Integer.toString(port)), 20);

    wait.until(driver -> number("state.candles") == 20);
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
    assertThat(number("state.retries")).isZero();
    assertThat(((JavascriptExecutor) browser).executeScript("return window.tickflowState.timeframe"))
        .isEqualTo("1m");
  }

  @Test
  void shouldWaitForTheServiceWhenOpenedWhileItCannotAnswerYet() {
    server.cluster.setAvailable(false);
    WebDriverWait wait = open("/");
    wait.until(driver -> driver.findElement(By.id("connection")).getText().contains("503"));

    server.cluster.setAvailable(true);

    wait.until(driver -> number("state.loads") >= 1 && number("state.candles") == 30);
    assertThat(consoleErrors()).allMatch(error -> error.contains("/api/v1/symbols - Failed to load resource: "
        + "the server responded with a status of 503"));
  }

  @Test
  void shouldShowTheFirstSymbolWhenItTradesAfterThePageOpened() {
    server.close();
    server = TestServer.start();
    WebDriverWait wait = open("/");
    wait.until(driver -> driver.findElement(By.id("connection")).getText().contains("no symbol"));

    server.data.putBar(bar("1m", NOW, 60, 4700));

    wait.until(driver -> number("state.loads") >= 1 && number("state.candles") == 1);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldRedrawAnEarlierCandleWhenItsRevisionComesAfterANewerCandle() {
    WebDriverWait wait = open("/");
    wait.until(driver -> number("state.loads") >= 1 && number("state.candles") == 30);

    // A late trade revises the previous minute after the current one is drawn; so does that minute's final bar.
    publish(bar("1m", NOW, 60, 4790));
    wait.until(driver -> number("state.updates") == 1);
    publish(bar("ES", "1m", NOW.minus(1, ChronoUnit.MINUTES), 60, 4795, 1, false));

    wait.until(driver -> number("state.updates") == 2);
    assertThat(number("state.candles")).isEqualTo(31);
    assertThat(number("state.closeAt(" + NOW.minus(1, ChronoUnit.MINUTES).getEpochSecond() + ")")).isEqualTo(4795);
    // A late trade in a minute that had none before the next one was drawn: its candle is inserted.
    publish(bar("1m", NOW.plus(2, ChronoUnit.MINUTES), 60, 4791));
    wait.until(driver -> number("state.updates") == 3);
    publish(bar("1m", NOW.plus(1, ChronoUnit.MINUTES), 60, 4792));
    wait.until(driver -> number("state.updates") == 4 && number("state.candles") == 33);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldLoadTheChartWhenTheRestartedServerCannotGiveTheSnapshotAtFirst() {
    WebDriverWait wait = open("/");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 30);
    int port = server.port();

    // A restarted instance takes WebSockets before its stores are restored: the subscribe gets 'unavailable'.
    server.close();
    server = serverWithBars(Map.of(QueryServiceConfig.HTTP_PORT_CONFIG, Integer.toString(port)), 20,
        data -> data.setUnavailable(true));
    wait.until(driver -> driver.findElement(By.id("connection")).getText().contains("unavailable"));
    server.data.setUnavailable(false);

    wait.until(driver -> number("state.candles") == 20);
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
  }

  @Test
  void shouldReconnectWhenTheServerFallsSilentWithoutClosing() {
    server.close();
    server = serverWithBars(Map.of(QueryServiceConfig.WS_HEARTBEAT_INTERVAL_CONFIG, "250"), 30);
    try (SilencingProxy proxy = new SilencingProxy(server.port())) {
      browser.get("http://127.0.0.1:" + proxy.port() + "/");
      WebDriverWait wait = new WebDriverWait(browser, WAIT);
      // Silenced before its first heartbeat, the page would wait out the default interval, not the server's.
      wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 30
          && number("state.heartbeatMs") == 250);

      proxy.silenceOpenConnections();
      // Only a new subscription's snapshot can bring this bar: the silent connection passes nothing.
      server.data.putBar(bar("1m", NOW, 60, 4790));

      wait.until(driver -> number("state.candles") == 31);
      assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
    }
  }

  @Test
  void shouldKeepTheNewerRevisionOfABarWhenAnOlderOneArrivesAfterIt() {
    WebDriverWait wait = open("/");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 30);
    Instant minute = NOW.minus(1, ChronoUnit.MINUTES);

    // The final bar, then a live revision that was already on its way: the candle must stay final.
    publish(bar("ES", "1m", minute, 60, 4795, 7, true));
    publish(bar("ES", "1m", minute, 60, 4701, 7, false));
    publish(bar("ES", "1m", minute, 60, 4702, 6, false));
    publish(bar("1m", NOW, 60, 4790));
    wait.until(driver -> number("state.candles") == 31);

    assertThat(number("state.closeAt(" + minute.getEpochSecond() + ")")).isEqualTo(4795);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldShowNoQuoteWhenSwitchingToASymbolWithoutOne() {
    Instant quoted = NOW.plusMillis(1234);
    server.data.putQuote(new QuoteView("ES", 4700.25, 5L, 4700.5, 7L, quoted));
    server.data.putBar(bar("NQ", "1m", NOW, 60, 16000, 0, false));
    WebDriverWait wait = open("/");
    wait.until(driver -> driver.findElement(By.id("bid")).getText().equals("4700.25"));
    // Times are shown in UTC, and the page says so.
    assertThat(browser.findElement(By.id("quote-time")).getText())
        .isEqualTo(DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC).format(quoted));
    assertThat(zoneShown()).isEqualTo("UTC");

    new Select(browser.findElement(By.id("symbol"))).selectByValue("NQ");

    wait.until(driver -> number("state.loads") == 2 && number("state.candles") == 1);
    assertThat(browser.findElement(By.id("bid")).getText()).isEqualTo("-");
    assertThat(browser.findElement(By.id("quote-time")).getText()).isEqualTo("-");
  }

  /**
   * Every time can be read in the exchange's zone (the session's, from the definition) or the computer's: the quote,
   * the axis (a mark at a UTC midnight is not that zone's day) and the crosshair, DST included; the address keeps it.
   */
  @Test
  void shouldShowTimesInTheZoneChosenAndKeepTheChoiceInTheAddress() {
    Instant quoted = NOW.plusMillis(1234);
    server.data.putQuote(new QuoteView("ES", 4700.25, 5L, 4700.5, 7L, quoted));
    server.data.putInstrument(new InstrumentView("ES", "CME", "E-mini S&P 500", 0.25, 2, 12.5, "USD",
        LocalTime.of(17, 0), "America/Chicago", NOW));
    DateTimeFormatter timeOfDay = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    WebDriverWait wait = open("/?tz=exchange");

    wait.until(driver -> driver.findElement(By.id("quote-time")).getText()
        .equals(timeOfDay.withZone(ZoneId.of("America/Chicago")).format(quoted)));
    assertThat(zoneShown()).isEqualTo("exchange: America/Chicago");
    assertThat(text("state.axisLabel(" + epochSecond("2026-07-01T15:00:00Z") + ", 3)")).isEqualTo("10:00");
    assertThat(text("state.axisLabel(" + epochSecond("2026-12-01T15:00:00Z") + ", 3)")).isEqualTo("09:00");
    assertThat(text("state.axisLabel(" + epochSecond("2026-11-29T00:00:00Z") + ", 2)")).isEqualTo("18:00");
    assertThat(text("state.axisLabel(" + epochSecond("2026-11-29T06:00:00Z") + ", 2)")).isEqualTo("29");
    assertThat(text("state.crosshairLabel(" + epochSecond("2026-11-29T00:00:00Z") + ")"))
        .isEqualTo("28 Nov '26 18:00");

    new Select(browser.findElement(By.id("zone"))).selectByValue("utc");
    wait.until(driver -> driver.findElement(By.id("quote-time")).getText()
        .equals(timeOfDay.withZone(ZoneOffset.UTC).format(quoted)));
    assertThat(browser.getCurrentUrl()).doesNotContain("tz=");
    assertThat(text("state.axisLabel(" + epochSecond("2026-11-29T00:00:00Z") + ", 2)")).isNull();
    assertThat(text("state.crosshairLabel(" + epochSecond("2026-11-29T00:00:00Z") + ")"))
        .isEqualTo("29 Nov '26 00:00");

    new Select(browser.findElement(By.id("zone"))).selectByValue("local");
    ZoneId local = ZoneId.of(text("state.zone()"));
    wait.until(driver -> driver.findElement(By.id("quote-time")).getText()
        .equals(timeOfDay.withZone(local).format(quoted)));
    assertThat(zoneShown()).isEqualTo("local: " + local.getId());
    browser.navigate().refresh();

    wait.until(driver -> number("state.loads") == 1 && zoneShown().startsWith("local"));
    assertThat(browser.getCurrentUrl()).endsWith("tz=local");
    assertThat(consoleErrors()).isEmpty();
  }

  private String zoneShown() {
    return new Select(browser.findElement(By.id("zone"))).getFirstSelectedOption().getText();
  }

  private static long epochSecond(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  /**
   * Prices are drawn with their own decimals, not the chart's default two (every EURUSD price showed as 1.08), and a
   * new series' few candles keep a candle's width rather than fill the chart.
   */
  @Test
  void shouldDrawPricesWithTheirOwnDecimalsAndKeepFewCandlesNarrow() {
    server.data.putBar(new BarView("EURUSD", "1m", NOW, NOW.plusSeconds(60), null, 1.08008, 1.08013, 1.0799, 1.0801,
        1_000_000, 400_000, 600_000, 12, 1.08005, false, 0));
    server.data.putQuote(new QuoteView("EURUSD", 1.0801, 1_000_000L, 1.08011, 2_000_000L, NOW));
    server.data.putBar(bar("NQ", "1m", NOW, 60, 16000.25, 0, false));
    server.data.putQuote(new QuoteView("NQ", 16000.0, 5L, 16000.25, 7L, NOW));
    WebDriverWait wait = open("/?symbol=EURUSD&tf=1m");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 1);
    wait.until(driver -> driver.findElement(By.id("bid")).getText().equals("1.08010"));

    assertThat(number("state.priceDecimals()")).isEqualTo(5);
    assertThat(browser.findElement(By.id("ask")).getText()).isEqualTo("1.08011");
    assertThat(number("state.barSpacing()")).isBetween(1L, 50L);

    new Select(browser.findElement(By.id("symbol"))).selectByValue("NQ");
    wait.until(driver -> number("state.loads") == 2 && number("state.candles") == 1);
    wait.until(driver -> driver.findElement(By.id("bid")).getText().equals("16000.00"));
    assertThat(number("state.priceDecimals()")).isEqualTo(2);
    assertThat(consoleErrors()).isEmpty();
  }

  /**
   * Prices are written as the symbol's security definition says: a treasury's in halves of 1/32 (109'27.5 is 109 and
   * 27.5/32), on the price scale too, and a symbol whose prices happen to be whole with its two decimals; a symbol
   * without a definition keeps its prices' own decimals. The definition's description, exchange and tick are shown.
   */
  @Test
  void shouldWritePricesAsTheSecurityDefinitionSays() {
    server.data.putBar(new BarView("ZNH27", "1m", NOW, NOW.plusSeconds(60), null, 109.84375, 109.875, 109.828125,
        109.859375, 500, 200, 300, 40, 109.85, false, 0));
    server.data.putQuote(new QuoteView("ZNH27", 109.84375, 12L, 109.859375, 9L, NOW));
    server.data.putInstrument(new InstrumentView("ZNH27", "CBOT", "10-Year T-Note Mar 2027", 0.015625, 134, 15.625,
        "USD", LocalTime.of(17, 0), "America/Chicago", NOW));
    server.data.putInstrument(new InstrumentView("ES", "CME", "E-mini S&P 500", 0.25, 2, 12.5, "USD",
        LocalTime.of(17, 0), "America/Chicago", NOW));
    server.data.putBar(bar("NQ", "1m", NOW, 60, 16000, 0, false));
    WebDriverWait wait = open("/?symbol=ZNH27&tf=1m");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 1);

    wait.until(driver -> driver.findElement(By.id("bid")).getText().equals("109'27.0"));
    assertThat(browser.findElement(By.id("ask")).getText()).isEqualTo("109'27.5");
    assertThat(legend()).isEqualTo("O 109'27.0  H 109'28.0  L 109'26.5  C 109'27.5  V 500");
    assertThat(text("state.priceFormatType()")).isEqualTo("custom");
    assertThat(text("state.priceText(-0.515625)")).isEqualTo("-0'16.5");
    assertThat(browser.findElement(By.id("instrument")).getText()).isEqualTo("10-Year T-Note Mar 2027 · CBOT");
    assertThat(browser.findElement(By.id("tick")).getText()).isEqualTo("tick 0.015625 = 15.625 USD");

    new Select(browser.findElement(By.id("symbol"))).selectByValue("ES");
    wait.until(driver -> number("state.loads") == 2 && number("state.candles") == 30);
    // bar() closes the newest ES candle at 4701, a whole price: two decimals from the definition.
    wait.until(driver -> legend().equals("O 4699.00  H 4704.00  L 4697.00  C 4701.00  V 100"));
    assertThat(number("state.priceDecimals()")).isEqualTo(2);

    new Select(browser.findElement(By.id("symbol"))).selectByValue("NQ");
    wait.until(driver -> number("state.loads") == 3 && number("state.candles") == 1);
    wait.until(driver -> legend().equals("O 15998  H 16003  L 15996  C 16000  V 100"));
    assertThat(number("state.priceDecimals()")).isEqualTo(0);
    assertThat(browser.findElement(By.id("instrument")).getText()).isEmpty();
    assertThat(consoleErrors()).isEmpty();
  }

  /**
   * The book and the trades of the shown symbol: asks above bids, best nearest the middle, prices in one column
   * written alike; the tape newest first, from the instance's recent trades below the channel's, a trade of both or
   * repeated by the channel shown once, a book update older than the book shown dropped; another symbol shows its
   * own.
   */
  @Test
  void shouldShowTheBookAndTheTradesOfTheShownSymbol() {
    Instant booked = NOW.plusMillis(500);
    server.data.putBook(book(booked, 4700.0));
    TradeView first = new TradeView("ES", 4700.25, 2, "ASK", NOW.plusMillis(100), 0);
    server.data.putTrade(first);
    TradeView earlier = new TradeView("ES", 4699.75, 4, "BID", NOW.plusMillis(10), 0);
    addRecent(earlier);
    addRecent(first);
    server.data.putBar(bar("NQ", "1m", NOW, 60, 16000, 0, false));
    WebDriverWait wait = open("/");

    wait.until(driver -> rows("book").size() == 4 && rows("trades").size() == 2);
    assertThat(rows("trades")).containsExactly(timeOfDay(first.time()) + " 4700.25 2 ASK",
        timeOfDay(earlier.time()) + " 4699.75 4 BID");
    assertThat(rows("book")).containsExactly("4700.50 20 5", "4700.25 8 2", "4700.00 12 3", "4699.75 30");
    assertThat(classes("book")).containsExactly("ask", "ask", "bid", "bid");
    assertThat(browser.findElement(By.id("book-time")).getText()).isEqualTo("as of " + timeOfDay(booked));

    TradeView second = new TradeView("ES", 4700.0, 5, "BID", NOW.plusMillis(200), 0);
    TradeView third = new TradeView("ES", 4700.0, 1, "UNKNOWN", NOW.plusMillis(200), 1);
    List.of(first, second, third).forEach(this::publish);
    wait.until(driver -> rows("trades").get(0).startsWith(timeOfDay(third.time()) + " 4700.00 1"));
    assertThat(rows("trades")).containsExactly(timeOfDay(third.time()) + " 4700.00 1",
        timeOfDay(second.time()) + " 4700.00 5 BID", timeOfDay(first.time()) + " 4700.25 2 ASK",
        timeOfDay(earlier.time()) + " 4699.75 4 BID");
    assertThat(classes("trades")).containsExactly("", "sold", "bought", "sold");

    publish(book(booked.plusMillis(10), 4701.0));
    wait.until(driver -> rows("book").get(2).startsWith("4701.00"));
    // Older than the book shown, then a trade: once the trade is drawn, the older book was read before it.
    publish(book(booked.plusMillis(5), 4690.0));
    publish(new TradeView("ES", 4701.0, 3, "ASK", NOW.plusMillis(900), 0));
    wait.until(driver -> rows("trades").size() == 5);
    assertThat(rows("book").get(2)).startsWith("4701.00");

    new Select(browser.findElement(By.id("symbol"))).selectByValue("NQ");
    wait.until(driver -> number("state.loads") == 2 && number("state.candles") == 1);
    assertThat(rows("book")).isEmpty();
    // NQ's latest trade (the test data's, from its bar), none of ES's.
    wait.until(driver -> rows("trades").equals(List.of(timeOfDay(NOW) + " 16000 1")));
    assertThat(browser.findElement(By.id("book-time")).getText()).isEqualTo("no book");
    assertThat(consoleErrors()).isEmpty();
  }

  /** An ES book: two levels a side around {@code bestBid}, a quarter point apart; the second bid counts no orders. */
  private static BookView book(Instant time, double bestBid) {
    return new BookView("ES", time,
        List.of(new BookView.Level(bestBid, 12, 3), new BookView.Level(bestBid - 0.25, 30, 0)),
        List.of(new BookView.Level(bestBid + 0.25, 8, 2), new BookView.Level(bestBid + 0.5, 20, 5)));
  }

  /** A trade the server's trades feed read, as the feed keeps it. */
  private void addRecent(TradeView trade) {
    server.recentTrades.add(trade.symbol(), new AvroSerializer<>(Trade.class).serialize(TickflowTopics.TRADES,
        new Trade(trade.symbol(), "CME", trade.price(), trade.size(), AggressorSide.valueOf(trade.side()),
            trade.time(), trade.time().plusMillis(1), trade.sequence(), DataSource.LIVE)));
  }

  private void publish(TradeView trade) {
    server.hub.publish(List.of(LiveUpdate.of(SubscriptionKey.of(Channel.TRADES, trade.symbol()),
        new Formats().toJson(trade))));
  }

  private void publish(BookView book) {
    server.hub.publish(List.of(LiveUpdate.of(SubscriptionKey.of(Channel.BOOK, book.symbol()),
        new Formats().toJson(book))));
  }

  /**
   * Each row's cells, space-separated, read in one script: the page redraws a table by replacing its rows, so rows
   * found in one call could be gone by the next (a stale element).
   */
  private List<String> rows(String table) {
    return rowTexts("#" + table + " tbody tr");
  }

  private List<String> rowTexts(String rowSelector) {
    return strings("Array.from(document.querySelectorAll('" + rowSelector + "'),"
        + " row => Array.from(row.cells, cell => cell.textContent).join(' ').trim())");
  }

  private List<String> classes(String table) {
    return strings("Array.from(document.querySelectorAll('#" + table + " tbody tr'), row => row.className)");
  }

  @SuppressWarnings("unchecked")
  private List<String> strings(String expression) {
    return List.copyOf((List<String>) ((JavascriptExecutor) browser).executeScript("return " + expression + ";"));
  }

  private static String timeOfDay(Instant time) {
    return DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC).format(time);
  }

  /** The legend shows the newest candle's prices and volume, and those of the candle under the pointer. */
  @Test
  void shouldShowTheNewestCandleInTheLegendAndTheOneUnderThePointer() {
    WebDriverWait wait = open("/");
    wait.until(driver -> number("state.loads") >= 1 && number("state.candles") == 30);
    // The newest of the 30 is a minute ago, closing at 4701; bar() puts open 2 below, high 3 above, low 4 below.
    wait.until(driver -> legend().equals("O 4699  H 4704  L 4697  C 4701  V 100"));

    publish(bar("1m", NOW, 60, 4790));
    wait.until(driver -> legend().equals("O 4788  H 4793  L 4786  C 4790  V 100"));

    WebElement chart = browser.findElement(By.id("chart"));
    Instant earlier = NOW.minus(20, ChronoUnit.MINUTES);
    long x = number("state.coordinateOf(" + earlier.getEpochSecond() + ")");
    new Actions(browser).moveToElement(chart, (int) x - chart.getSize().getWidth() / 2, 0).perform();
    wait.until(driver -> legend().equals("O 4704  H 4709  L 4702  C 4706  V 100"));

    new Actions(browser).moveToElement(browser.findElement(By.tagName("h1"))).perform();
    wait.until(driver -> legend().equals("O 4788  H 4793  L 4786  C 4790  V 100"));
    assertThat(consoleErrors()).isEmpty();
  }

  private String legend() {
    return text("document.getElementById('legend').textContent");
  }

  @Test
  void shouldOpenTheSymbolAndTimeframeInTheAddressAndKeepTheChoiceThere() {
    server.data.putBar(bar("NQ", "5m", NOW, 300, 16000, 0, false));
    WebDriverWait wait = open("/?symbol=NQ&tf=5m");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 1);
    assertThat(text("state.symbol + ' ' + state.timeframe")).isEqualTo("NQ 5m");
    assertThat(new Select(browser.findElement(By.id("symbol"))).getFirstSelectedOption().getText()).isEqualTo("NQ");

    new Select(browser.findElement(By.id("symbol"))).selectByValue("ES");
    wait.until(driver -> number("state.loads") == 2 && number("state.candles") == 6);
    // A reload (or a background tab the browser discarded and reloads) comes back to the same chart.
    browser.navigate().refresh();

    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 6);
    assertThat(browser.getCurrentUrl()).endsWith("/?symbol=ES&tf=5m");
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldSayWhatItShowsInsteadWhenTheAddressNamesAnUnknownSymbol() {
    WebDriverWait wait = open("/?symbol=NOPE&tf=2m");

    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 30);
    assertThat(text("state.symbol + ' ' + state.timeframe")).isEqualTo("ES 1m");
    assertThat(browser.findElement(By.id("notice")).getText())
        .isEqualTo("unknown symbol NOPE, unknown timeframe 2m: showing ES 1m");
    assertThat(consoleErrors()).allMatch(error -> error.contains("/api/v1/bars/NOPE"));
  }

  @Test
  void shouldMarkAStaleFeedAndOfferASymbolThatStartedTradingAfterThePageOpened() {
    // Gold's market opens for an hour three days from now: closed whenever the test runs.
    String day = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().substring(0, 3);
    server.close();
    server = serverWithBars(Map.of(QueryServiceConfig.MARKET_HOURS_OVERRIDES_CONFIG, "GC*=" + day + " 00:00 1h UTC"),
        30);
    server.feedHealth.onTrade("ES", Instant.now());
    server.feedHealth.onTrade("CL", Instant.now().minus(1, ChronoUnit.HOURS));
    server.feedHealth.onTrade("GCZ6", Instant.now().minus(1, ChronoUnit.HOURS));
    server.feedHealth.onTrade("NG", Instant.now().minus(1, ChronoUnit.HOURS));
    try (StaleFeedMonitor monitor = new StaleFeedMonitor(server.feedHealth, new RecordingPublisher(),
        server.metrics.registry(), Clock.systemUTC())) {
      monitor.check();
      server.feedHealth.onTrade("NG", Instant.now());
      monitor.check();
    }
    WebDriverWait wait = open("/");
    wait.until(driver -> number("state.loads") == 1 && number("state.candles") == 30);

    wait.until(driver -> !rowTexts("#feed-health tr.stale").isEmpty());
    assertThat(rowTexts("#feed-health tr.stale").get(0)).startsWith("CL ").endsWith(" STALE raised: silent");
    assertThat(rows("feed-health")).filteredOn(row -> row.startsWith("NG ")).singleElement()
        .satisfies(row -> assertThat(row).endsWith(" ok resolved: trading"));
    assertThat(rowTexts("#feed-health tr.closed").get(0)).startsWith("GCZ6 ").endsWith(" closed");
    assertThat(browser.findElement(By.id("feed-health-status")).getText()).matches("as of \\d\\d:\\d\\d:\\d\\d UTC");

    server.data.putBar(bar("NQ", "1m", NOW, 60, 16000, 0, false));
    server.feedHealth.onTrade("NQ", Instant.now());
    wait.until(driver -> driver.findElements(By.cssSelector("#symbol option[value='NQ']")).size() == 1);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void shouldPlaceADailyCandleAtItsTradingDateRatherThanItsSessionStart() {
    // The CME session of Monday 2 March 2026 opens Sunday 17:00 Chicago time, 23:00 UTC.
    Instant sundayOpen = Instant.parse("2026-03-01T23:00:00Z");
    server.close();
    server = TestServer.startWith(Map.of(), data -> data.putBar(new BarView("ES", "1d", sundayOpen,
        sundayOpen.plus(1, ChronoUnit.DAYS), LocalDate.parse("2026-03-02"), 4700, 4710, 4690, 4705, 100, 40, 60, 12,
        4701, true, 3)));

    WebDriverWait wait = open("/?symbol=ES&tf=1d");

    wait.until(driver -> number("state.candles") == 1);
    assertThat(number("state.closeAt(" + Instant.parse("2026-03-02T00:00:00Z").getEpochSecond() + ")"))
        .isEqualTo(4705);
  }

  @Test
  void shouldDrawEachTickBarWhenSeveralStartWithinOneMillisecond() {
    // Tick bars of a fast market: the Streams app gives bars whose first trades share a microsecond starts a
    // microsecond apart; a chart keyed by milliseconds drew them as one candle.
    Instant first = NOW.minusSeconds(10);
    server.close();
    server = TestServer.startWith(Map.of(), data -> {
      data.putBar(tickBar(first, 4700));
      data.putBar(tickBar(first.plusNanos(1_000), 4701));
      data.putBar(tickBar(first.plusNanos(2_000), 4702));
    });

    WebDriverWait wait = open("/?symbol=ES&tf=T100");

    wait.until(driver -> number("state.candles") == 3);
    publish(tickBar(first.plusNanos(3_000), 4703));
    wait.until(driver -> number("state.candles") == 4);
    assertThat(number("state.closeAt(" + first.getEpochSecond() + ")")).isEqualTo(4700);
    assertThat(consoleErrors()).isEmpty();
  }

  private static BarView tickBar(Instant start, double close) {
    return new BarView("ES", "T100", start, start, null, close, close, close, close, 100, 40, 60, 100, close, true,
        99);
  }

  @Test
  void shouldReadOlderBarsWhenTheSnapshotRangeHoldsFewCandlesOfALongTimeframe() {
    Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
    server.close();
    // A daily bar every other day (a market closed half the days). The 1d range is 31 days (query.max.range.ms, as
    // 30 daily bars of query.max.limit span less), which holds 15 of these: fewer than the 30 snapshot bars.
    server = TestServer.startWith(Map.of("query.max.limit", "30", "query.default.limit", "30", "ws.snapshot.bars",
        "30"), data -> {
          for (int day = 120; day >= 2; day -= 2) {
            data.putBar(bar("1d", today.minus(day, ChronoUnit.DAYS), 86_400, 4700 + day % 5));
          }
        });
    WebDriverWait wait = open("/?symbol=ES&tf=1d");

    wait.until(driver -> number("state.candles") == 60);
    assertThat(number("state.closeAt(" + today.minus(120, ChronoUnit.DAYS).getEpochSecond() + ")")).isEqualTo(4700);
    assertThat(consoleErrors()).isEmpty();
  }

  /** Opens {@code pathAndQuery} of the server in the browser; the wait to follow what the page does. */
  private WebDriverWait open(String pathAndQuery) {
    browser.get("http://127.0.0.1:" + server.port() + pathAndQuery);
    return new WebDriverWait(browser, WAIT);
  }

  /** What the browser console shows as errors (script errors, failed loads). */
  private List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  private void publish(BarView bar) {
    server.hub.publish(List.of(new LiveUpdate(SubscriptionKey.bars(bar.symbol(), bar.timeframe()),
        bar.start().toString(), new Formats().toJson(bar))));
  }

  private String text(String expression) {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "const state = window.tickflowState; return " + expression + ";");
  }

  private long number(String expression) {
    Object value = ((JavascriptExecutor) browser).executeScript(
        "const state = window.tickflowState; return state ? " + expression + " : -1;");
    return ((Number) value).longValue();
  }

  /** Pixels of the up-candle colour on the chart's canvases: proof that candles were painted. */
  private long upCandlePixels() {
    Object count = ((JavascriptExecutor) browser).executeScript(
        "let n = 0;"
            + "for (const canvas of document.querySelectorAll('#chart canvas')) {"
            + "  const ctx = canvas.getContext('2d'); if (!ctx || canvas.width === 0) continue;"
            + "  const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;"
            + "  for (let i = 0; i < d.length; i += 4) { if (d[i] === 38 && d[i+1] === 166 && d[i+2] === 154) n++; }"
            + "} return n;");
    return ((Number) count).longValue();
  }
}
