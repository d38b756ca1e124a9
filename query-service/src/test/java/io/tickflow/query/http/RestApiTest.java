package io.tickflow.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toonformat.jtoon.JToon;
import io.tickflow.bars.TradingSession;
import io.tickflow.query.TestServer;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.topics.TickflowTopics;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The REST API on a real server (port 0) with a real HTTP client. */
class RestApiTest {

  private static final Instant T0 = Instant.parse("2024-01-02T14:30:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYMBOL_RULE = "symbol must be 1 to 64 characters, also in canonical form (upper case), "
      + "not blank, and hold no control, format, line separator, replacement (U+FFFD) or unpaired surrogate character";
  private static final String TIME_RULE =
      "must be an ISO-8601 instant (2024-01-02T14:30:00Z), a date (2024-01-02: the symbol's trading date) or epoch "
          + "milliseconds, in the years 0000 to 9999";

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("query.max.limit", "100", "query.default.limit", "50", "query.max.range.ms",
            "86400000", "ws.snapshot.bars", "100"),
        Clock.fixed(Instant.parse("2024-01-02T15:00:00Z"), ZoneOffset.UTC));
    for (int i = 0; i < 3; i++) {
      server.data.putBar(bar("ES", i, 4700 + i));
    }
    server.data.putQuote(new QuoteView("ES", 4702.0, 5L, 4702.25, null, T0.plusSeconds(150)));
    server.data.putBook(new BookView("ES", T0, List.of(new BookView.Level(4702.0, 5, 2)),
        List.of(new BookView.Level(4702.25, 7, 3), new BookView.Level(4702.5, 9, 1))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static BarView bar(String symbol, int minute, double close) {
    Instant start = T0.plusSeconds(60L * minute);
    return new BarView(symbol, "1m", start, start.plusSeconds(60), null, close - 1, close + 1, close - 2, close,
        10 + minute, 4, 6 + minute, 3, close - 0.5, false, minute);
  }

  @Test
  void shouldReturnBarsInRangeOldestFirstWhenRangeGiven() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/bars/ES?tf=1m&from=2024-01-02T14:31:00Z&to=2024-01-02T14:40:00Z");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    assertThat(response.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("active");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("count").asInt()).isEqualTo(2);
    assertThat(body.get("bars").findValuesAsText("start"))
        .containsExactly("2024-01-02T14:31:00.000000Z", "2024-01-02T14:32:00.000000Z");
    assertThat(body.get("bars").get(1).get("close").asDouble()).isEqualTo(4702.0);
  }

  @Test
  void shouldReturnNewestBarsWhenLimitIsSmallerThanRange() throws Exception {
    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?limit=2").body());

    assertThat(body.get("bars").findValuesAsText("start"))
        .containsExactly("2024-01-02T14:31:00.000000Z", "2024-01-02T14:32:00.000000Z");
  }

  @Test
  void shouldSayWhereToPageBackWhenLimitCutsTheRange() throws Exception {
    HttpResponse<String> cut = server.get("/api/v1/bars/ES?limit=2");

    JsonNode body = JSON.readTree(cut.body());
    assertThat(body.get("truncated").asBoolean()).isTrue();
    assertThat(body.get("previousTo").asText()).isEqualTo("2024-01-02T14:30:59.999999Z");
    assertThat(cut.headers().firstValue(RoutedQuery.TRUNCATED_HEADER)).hasValue("true");
    assertThat(cut.headers().firstValue("Link"))
        .hasValue("</api/v1/bars/ES?limit=2&to=2024-01-02T14%3A30%3A59.999999Z>; rel=\"prev\"");

    HttpResponse<String> before = server.get(linkTarget(cut));
    JsonNode rest = JSON.readTree(before.body());
    assertThat(rest.get("bars").findValuesAsText("start")).containsExactly("2024-01-02T14:30:00.000000Z");
    assertThat(rest.get("truncated").asBoolean()).isFalse();
    assertThat(rest.get("previousTo").isNull()).isTrue();
    assertThat(before.headers().firstValue(RoutedQuery.TRUNCATED_HEADER)).isEmpty();
    assertThat(before.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void shouldSignalTheCutInHeadersWhenFormatIsCsv() {
    HttpResponse<String> cut = server.get("/api/v1/bars/ES?format=csv&limit=1&api_key=secret");

    assertThat(cut.headers().firstValue(RoutedQuery.TRUNCATED_HEADER)).hasValue("true");
    assertThat(cut.headers().firstValue("Link"))
        .hasValue("</api/v1/bars/ES?format=csv&limit=1&to=2024-01-02T14%3A31%3A59.999999Z>; rel=\"prev\"");
  }

  @Test
  void shouldNotSignalACutWhenEveryBarOfTheRangeFits() throws Exception {
    HttpResponse<String> whole = server.get("/api/v1/bars/ES?limit=3");

    assertThat(JSON.readTree(whole.body()).get("truncated").asBoolean()).isFalse();
    assertThat(JSON.readTree(whole.body()).get("count").asInt()).isEqualTo(3);
    assertThat(whole.headers().firstValue(RoutedQuery.TRUNCATED_HEADER)).isEmpty();
  }

  /** The path and query of a response's {@code Link: <...>; rel="prev"}. */
  static String linkTarget(HttpResponse<String> response) {
    String link = response.headers().firstValue("Link").orElseThrow();
    return link.substring(1, link.indexOf('>'));
  }

  @Test
  void shouldAcceptEpochMillisecondsWhenTimesAreNumbers() throws Exception {
    long from = T0.toEpochMilli();
    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?from=" + from + "&to=" + (from + 60_000)).body());

    assertThat(body.get("count").asInt()).isEqualTo(2);
  }

  @Test
  void shouldAcceptNegativeEpochMillisecondsAsTimesBefore1970() throws Exception {
    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?tf=1d&from=-86400000&to=-1").body());

    assertThat(body.get("from").asText()).isEqualTo("1969-12-31T00:00:00.000000Z");
    assertThat(body.get("to").asText()).isEqualTo("1969-12-31T23:59:59.999000Z");
    assertThat(body.get("count").asInt()).isZero();
  }

  @Test
  void shouldTakeADateAloneAsTheSymbolsTradingDate() throws Exception {
    server.data.putSession("ES", TradingSession.parse("17:00 America/Chicago"));

    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?from=2024-01-02&to=2024-01-02").body());

    assertThat(body.get("from").asText()).isEqualTo("2024-01-01T23:00:00.000000Z");
    assertThat(body.get("to").asText()).isEqualTo("2024-01-02T22:59:59.999999Z");
    assertThat(body.get("count").asInt()).isEqualTo(3);
    JsonNode dayBefore = JSON.readTree(server.get("/api/v1/bars/ES?from=2024-01-01&to=2024-01-01").body());
    assertThat(dayBefore.get("to").asText()).isEqualTo("2024-01-01T22:59:59.999999Z");
    assertThat(dayBefore.get("count").asInt()).isZero();
  }

  @Test
  void shouldTakeADateAloneAsTheUtcDayForASymbolWithoutASession() throws Exception {
    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?from=2024-01-02&to=2024-01-02T14:31:00Z").body());

    assertThat(body.get("from").asText()).isEqualTo("2024-01-02T00:00:00.000000Z");
    assertThat(body.get("count").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(server.get("/api/v1/bars/ES?to=2024-01-02").body()).get("to").asText())
        .isEqualTo("2024-01-02T23:59:59.999999Z");
  }

  @Test
  void shouldAnswer503WhenTheSessionADateNamesCannotBeReadYet() {
    server.data.setUnavailable(true);

    HttpResponse<String> response = server.get("/api/v1/bars/ES?from=2024-01-02");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.body()).contains("The trading session of ES, which a date names, cannot be read now");
  }

  @Test
  void shouldAcceptIsoInstantsWithAnOffset() throws Exception {
    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?from=2024-01-02T15:31:00%2B01:00").body());

    assertThat(body.get("from").asText()).isEqualTo("2024-01-02T14:31:00.000000Z");
    assertThat(body.get("count").asInt()).isEqualTo(2);
  }

  @Test
  void shouldAcceptAnOffsetWhosePlusWasNotPercentEncoded() throws Exception {
    // A query string decodes + to a space: what curl sends for from=...T15:31:00+01:00.
    JsonNode body = JSON.readTree(server.get("/api/v1/bars/ES?from=2024-01-02T15:31:00+01:00").body());

    assertThat(body.get("from").asText()).isEqualTo("2024-01-02T14:31:00.000000Z");
    assertThat(body.get("count").asInt()).isEqualTo(2);
  }

  @Test
  void shouldWriteCsvWithHeaderWhenFormatParameterIsCsv() {
    HttpResponse<String> response = server.get("/api/v1/bars/ES?limit=1&format=csv");

    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
    assertThat(response.body()).isEqualTo(
        "symbol,timeframe,start,end,tradingDate,open,high,low,close,volume,bidVolume,askVolume,trades,vwap,closed,"
            + "revision\n"
            + "ES,1m,2024-01-02T14:32:00.000000Z,2024-01-02T14:33:00.000000Z,,4701.0,4703.0,4700.0,4702.0,12,4,8,3,4701.5,false,2\n");
  }

  @Test
  void shouldGiveDailyBarsTheirTradingDateInEveryFormatAndIntradayBarsNone() throws Exception {
    // The CME session of Tuesday 2 January 2024 opened Monday 17:00 Chicago time, 23:00 UTC.
    server.data.putBar(new BarView("ES", "1d", Instant.parse("2024-01-01T23:00:00Z"),
        Instant.parse("2024-01-02T23:00:00Z"), LocalDate.parse("2024-01-02"), 4600, 4610, 4590, 4605, 100, 40, 60,
        20, 4601, false, 7));

    JsonNode daily = JSON.readTree(server.get("/api/v1/bars/ES?tf=1d").body()).get("bars").get(0);
    String csv = server.get("/api/v1/bars/ES?tf=1d&format=csv").body();
    String toon = server.get("/api/v1/bars/ES?tf=1d&format=toon").body();
    JsonNode minute = JSON.readTree(server.get("/api/v1/bars/ES?limit=1").body()).get("bars").get(0);

    assertThat(daily.get("tradingDate").asText()).isEqualTo("2024-01-02");
    assertThat(csv).contains(",2024-01-01T23:00:00.000000Z,2024-01-02T23:00:00.000000Z,2024-01-02,4600.0,");
    assertThat(toon).contains("tradingDate").contains("2024-01-02");
    assertThat(minute.has("tradingDate")).isFalse();
  }

  @Test
  void shouldWriteCsvWhenAcceptHeaderAsksForIt() {
    HttpResponse<String> response = server.get("/api/v1/book/ES", "Accept", "text/csv");

    assertThat(response.body()).isEqualTo("symbol,side,level,price,quantity,orders\n"
        + "ES,BID,0,4702.0,5,2\n"
        + "ES,ASK,0,4702.25,7,3\n"
        + "ES,ASK,1,4702.5,9,1\n");
  }

  @Test
  void shouldWriteToonTableThatDecodesToTheJsonBodyWhenAcceptIsToon() throws Exception {
    HttpResponse<String> toon = server.get("/api/v1/bars/ES?limit=2", "Accept", "text/toon");
    HttpResponse<String> json = server.get("/api/v1/bars/ES?limit=2");

    assertThat(toon.headers().firstValue("Content-Type")).hasValue("text/toon;charset=utf-8");
    assertThat(toon.body()).contains("bars[2]{symbol,timeframe,start,end,open,high,low,close,volume,bidVolume,"
        + "askVolume,trades,vwap,closed,revision}:\n  ES,1m,\"2024-01-02T14:31:00.000000Z\"");
    // TOON writes 4700.0 as 4700: compare numbers by value.
    assertThat(JSON.readTree(JToon.decodeToJson(toon.body()))
        .equals(RestApiTest::compareNodes, JSON.readTree(json.body()))).isTrue();
  }

  private static int compareNodes(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  @Test
  void shouldGzipABodyOver1500BytesWhenAskedAndSendNoCachingHeaders() {
    for (int minute = 3; minute < 12; minute++) {
      server.data.putBar(bar("ES", minute, 4700 + minute));
    }

    HttpResponse<String> large = server.get("/api/v1/bars/ES", "Accept-Encoding", "gzip");
    HttpResponse<String> small = server.get("/api/v1/bars/ES?limit=1", "Accept-Encoding", "gzip");

    assertThat(large.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(server.get("/api/v1/bars/ES").body().length()).isGreaterThan(1500);
    assertThat(small.body().length()).isLessThan(1500);
    // Open bars change at every commit: nothing may be served from a cache.
    for (HttpResponse<String> response : List.of(large, small)) {
      assertThat(varies(response)).contains("Accept", "Accept-Encoding");
      assertThat(response.headers().firstValue("Cache-Control")).isEmpty();
      assertThat(response.headers().firstValue("ETag")).isEmpty();
      assertThat(response.headers().firstValue("Last-Modified")).isEmpty();
    }
  }

  @Test
  void shouldAnswerLatestBarQuoteAndBook() throws Exception {
    assertThat(JSON.readTree(server.get("/api/v1/bars/ES/latest?tf=1m").body()).get("start").asText())
        .isEqualTo("2024-01-02T14:32:00.000000Z");
    JsonNode quote = JSON.readTree(server.get("/api/v1/quotes/ES").body());
    assertThat(quote.get("bidPrice").asDouble()).isEqualTo(4702.0);
    assertThat(quote.get("askSize").isNull()).isTrue();
    JsonNode book = JSON.readTree(server.get("/api/v1/book/ES").body());
    assertThat(book.get("asks")).hasSize(2);
    assertThat(JSON.readTree(server.get("/api/v1/symbols").body()).get("symbols").toString()).isEqualTo("[\"ES\"]");
  }

  /**
   * Keys stored before the symbol rule widened (a zero-width character, refused now; a trailing no-break space, which
   * a request now strips, so it reads another key) were listed, and the web page's picker offered symbols that every
   * other endpoint refused or answered for another key. Listed are the symbols the API answers for; the rest are
   * counted in a log line, once while their number stays the same.
   */
  @Test
  void shouldListOnlySymbolsTheApiAnswersForAndLogTheStoredKeysLeftOut() throws Exception {
    server.data.putBar(bar("NQ\u00A0", 0, 16000));
    server.data.putBar(bar("YM\u200B", 0, 38000));
    Logger logger = (Logger) LoggerFactory.getLogger(ClusterHandlers.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    JsonNode listed;
    try {
      listed = JSON.readTree(server.get("/api/v1/symbols").body()).get("symbols");
      assertThat(JSON.readTree(server.get("/api/v1/symbols?scope=local").body()).get("localSymbols").toString())
          .isEqualTo("[\"ES\"]");
    } finally {
      logger.detachAppender(events);
    }

    assertThat(listed.toString()).isEqualTo("[\"ES\"]");
    for (JsonNode symbol : listed) {
      assertThat(server.get("/api/v1/bars/" + URLEncoder.encode(symbol.asText(), StandardCharsets.UTF_8))
          .statusCode()).isEqualTo(200);
    }
    assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("2 stored symbols are "
        + "not listed by /api/v1/symbols, as the API answers for none of them (stored before the symbol rule or the "
        + "symbol.* settings changed): NQ\\u00A0, YM\\u200B; a replay rebuilds the stores without them "
        + "(docs/troubleshooting.md)");
  }

  @Test
  void shouldLabelTheAnswerAsOneInstancesPartWhenScopeIsLocal() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/symbols?scope=local");

    String instance = "localhost:" + server.port();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Tickflow-Scope")).hasValue("local");
    assertThat(response.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue(instance);
    // Not under "symbols": a client reading the full list's field cannot take one instance's part for it.
    assertThat(response.body()).isEqualTo("{\"scope\":\"local\",\"instance\":\"" + instance
        + "\",\"localSymbols\":[\"ES\"]}");
    assertThat(server.get("/api/v1/symbols?scope=local&format=csv").body())
        .isEqualTo("instance,localSymbol\n" + instance + ",ES\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/api/v1/bars/ES?tf=2m|tf|tf must be one of: 1m, 5m, 15m, 1h, 1d, T100",
      "/api/v1/bars/ES?limit=101|limit|limit must be an integer from 1 to 100 (query.max.limit)",
      "/api/v1/bars/ES?limit=0|limit|limit must be an integer from 1 to 100 (query.max.limit)",
      "/api/v1/bars/ES?limit=ten|limit|limit has the invalid value 'ten': limit must be an integer from 1 to 100 (query.max.limit)",
      "/api/v1/bars/ES?from=yesterday|from|from has the invalid value 'yesterday': from %s",
      "/api/v1/bars/ES?from=2024-02-30|from|from has the invalid value '2024-02-30': from %s",
      "/api/v1/bars/ES?to=2024-1-02|to|to has the invalid value '2024-1-02': to %s",
      "/api/v1/bars/ES?to=%%2B1000000000-01-01T00:00:00Z|to|to has the invalid value '+1000000000-01-01T00:00:00Z': to %s",
      "/api/v1/bars/ES?from=-1000000000-01-01T00:00:00Z|from|from has the invalid value '-1000000000-01-01T00:00:00Z': from %s",
      "/api/v1/bars/ES?to=-1000000000-01-01T00:00:00Z|to|to has the invalid value '-1000000000-01-01T00:00:00Z': to %s",
      "/api/v1/bars/ES?to=9223372036854775807|to|to has the invalid value '9223372036854775807': to %s",
      "/api/v1/bars/ES?tf=1m&tf=5m|tf|tf is given 2 times; give it at most once",
      "/api/v1/bars/ES?limit=1&limit=ten&limit=2|limit|limit is given 3 times; give it at most once",
      "/api/v1/quotes/ES?format=json&format=csv|format|format is given 2 times; give it at most once",
      "/api/v1/bars/ES?from=2024-01-02T15:00:00Z&to=2024-01-02T14:00:00Z|from|from (2024-01-02T15:00:00.000000Z) must not be after to (2024-01-02T14:00:00.000000Z)",
      "/api/v1/bars/ES?from=2023-12-01T00:00:00Z&to=2024-01-02T14:00:00Z|from|the range from 2023-12-01T00:00:00.000000Z to 2024-01-02T14:00:00.000000Z is longer than the maximum of 86400000 ms for 1m (query.max.range.ms)",
      "/api/v1/bars/ES?tf=1d&from=2023-09-23T13:59:59Z&to=2024-01-02T14:00:00Z|from|the range from 2023-09-23T13:59:59.000000Z to 2024-01-02T14:00:00.000000Z is longer than the maximum of 8640000000 ms for 1d (query.max.limit bars)",
      "/api/v1/bars/ES?from=2024-01-01T14:00:00.0005Z&to=2024-01-02T14:00:00.0009Z|from|the range from 2024-01-01T14:00:00.000500Z to 2024-01-02T14:00:00.000900Z is longer than the maximum of 86400000 ms for 1m (query.max.range.ms)",
      "/api/v1/bars/ES?format=xml|format|format must be one of: json, csv, toon",
      "/api/v1/bars/ES?timeframe=5m|timeframe|timeframe is not a parameter of /api/v1/bars/{symbol}; it takes: tf, from, to, limit, format, api_key",
      "/api/v1/bars/ES?start=2024-01-02T14:31:00Z&end=2024-01-02T14:40:00Z|start|start is not a parameter of /api/v1/bars/{symbol}; it takes: tf, from, to, limit, format, api_key",
      "/api/v1/quotes/ES?tf=5m|tf|tf is not a parameter of /api/v1/quotes/{symbol}; it takes: format, api_key",
      "/api/v1/bars/ES/latest?limit=5|limit|limit is not a parameter of /api/v1/bars/{symbol}/latest; it takes: tf, format, api_key",
      "/api/v1/symbols?symbol=ES|symbol|symbol is not a parameter of /api/v1/symbols; it takes: scope, format, api_key",
      "/api/v1/symbols?scope=cluster|scope|scope must be local (this instance's part of the list) or absent (the whole list)"})
  void shouldAnswer400NamingTheParameterWhenInputIsBad(String path, String parameter, String message)
      throws Exception {
    HttpResponse<String> response = server.get(path.replace("%%", "%"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo("bad_request");
    assertThat(error.get("parameter").asText()).isEqualTo(parameter);
    assertThat(error.get("message").asText()).isEqualTo(message.replace("%s", TIME_RULE));
  }

  /**
   * What the Streams app refuses, every endpoint refuses: blank (Unicode spaces too), invisible format characters,
   * the replacement character, too long as sent or in canonical form (64 ß are 128 letters, a futures code gains a
   * digit). A path that is no UTF-8 (a CESU-8 surrogate) Jetty refuses itself.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"%20%20", "E%7FS", "{65 A}", "%C2%A0", "%E3%80%80%E2%80%AF", "ES%E2%80%8BZ6",
      "%EF%BB%BFESZ6", "ES%E2%80%AEZ6", "ES%E2%81%A6Z6", "ES%E2%80%A8Z6", "A%EF%BF%BD", "{64 ß}",
      "{62 A}Z6"})
  void shouldAnswer400NamingTheSymbolRuleWhenTheStreamsAppRefusesTheSymbol(String symbol) throws Exception {
    String path = symbol.replace("{65 A}", "A".repeat(65)).replace("{64 ß}", "%C3%9F".repeat(64))
        .replace("{62 A}", "A".repeat(62));

    for (String endpoint : List.of("/api/v1/quotes/", "/api/v1/bars/")) {
      HttpResponse<String> response = server.get(endpoint + path);

      assertThat(response.statusCode()).as(endpoint + path).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.get("error").asText()).isEqualTo("bad_request");
      assertThat(error.get("parameter").asText()).isEqualTo("symbol");
      assertThat(error.get("message").asText()).isEqualTo(SYMBOL_RULE);
    }
  }

  /** The normalizer strips Unicode spaces at the ends as ASCII ones: a copy-pasted symbol finds the one it shows. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"%20ES%20", "%C2%A0ES", "ES%E2%80%AF", "%E3%80%80es%E2%80%87"})
  void shouldAnswerASymbolWithSpacesAtItsEndsAsTheVisibleOne(String symbol) throws Exception {
    HttpResponse<String> response = server.get("/api/v1/bars/" + symbol);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(server.get("/api/v1/bars/ES").body());
  }

  /** A stray & is what building a query string by concatenation leaves; it names no parameter, so it is no error. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"/api/v1/bars/ES?limit=2&", "/api/v1/bars/ES?&limit=2", "/api/v1/bars/ES?limit=2&&&tf=1m"})
  void shouldIgnoreEmptyPairsOfTheQuery(String path) throws Exception {
    HttpResponse<String> response = server.get(path);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("count").asInt()).isEqualTo(2);
  }

  /** jQuery's {@code cache: false} and many dashboards add {@code _=<time>} to every request. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"/api/v1/bars/ES?limit=2&_=1764000000000", "/api/v1/bars/ES?_=1&limit=2&_=2"})
  void shouldIgnoreTheCacheBusterParameter(String path) throws Exception {
    HttpResponse<String> response = server.get(path);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("count").asInt()).isEqualTo(2);
  }

  @Test
  void shouldSayTheAnswerVariesWithAcceptOnEveryApiEndpoint() {
    for (String path : List.of("/api/v1/symbols", "/api/v1/bars/ES?format=csv", "/api/v1/quotes/ES",
        "/api/v1/quotes/UNKNOWN", "/api/v1/timeframes")) {
      assertThat(varies(server.get(path, "Accept", "text/csv"))).as(path).contains("Accept", "Accept-Encoding");
    }
  }

  private static List<String> varies(HttpResponse<String> response) {
    return List.of(String.join(",", response.headers().allValues("Vary")).split("\\s*,\\s*"));
  }

  @Test
  void shouldRefuseAValueWithoutAName() throws Exception {
    JsonNode error = JSON.readTree(server.get("/api/v1/symbols?=ES").body());

    assertThat(error.get("parameter").asText()).isEmpty();
    assertThat(error.get("message").asText())
        .isEqualTo("'' is not a parameter of /api/v1/symbols; it takes: scope, format, api_key");
  }

  @Test
  void shouldAcceptARangeOfAsManyDailyBarsAsOneAnswerHoldsWhenThatIsLongerThanTheMaximumRange() throws Exception {
    // query.max.limit (100) daily bars span 100 days, past query.max.range.ms (1 day); 1m bars keep the 1 day.
    server.data.putBar(new BarView("ES", "1d", Instant.parse("2023-09-25T00:00:00Z"),
        Instant.parse("2023-09-26T00:00:00Z"), null, 4600, 4610, 4590, 4605, 100, 40, 60, 20, 4601, true, 7));

    JsonNode explicit = JSON.readTree(server.get(
        "/api/v1/bars/ES?tf=1d&from=2023-09-24T14:00:00Z&to=2024-01-02T14:00:00Z").body());
    JsonNode defaulted = JSON.readTree(server.get("/api/v1/bars/ES?tf=1d").body());

    assertThat(explicit.get("count").asInt()).isEqualTo(1);
    assertThat(defaulted.get("from").asText()).isEqualTo("2023-09-24T15:00:00.000000Z");
    assertThat(defaulted.get("count").asInt()).isEqualTo(1);
    assertThat(JSON.readTree(server.get("/api/v1/bars/ES").body()).get("from").asText())
        .isEqualTo("2024-01-01T15:00:00.000000Z");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/api/v1/bars/ES?limit=5%|limit|limit has a malformed %-escape in 'limit=5%': write % as %25",
      "/api/v1/bars/ES?from=%zz&limit=1|from|from has a malformed %-escape in 'from=%zz': write % as %25",
      "/api/v1/quotes/ES?tf=1m&format=%zz|format|format has a malformed %-escape in 'format=%zz': write % as %25",
      "/api/v1/bars/ES?limit=1&note%=x|note%|note% has a malformed %-escape in 'note%=x': write % as %25"})
  void shouldAnswer400WhenAParameterHasAMalformedEscapeRatherThanIgnoreIt(String path, String parameter,
                                                                         String message) throws Exception {
    String response = server.rawGet(path);

    assertThat(response).startsWith("HTTP/1.1 400 ");
    JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(error.get("parameter").asText()).isEqualTo(parameter);
    assertThat(error.get("message").asText()).isEqualTo(message);
  }

  @Test
  void shouldAnswer404WhenSymbolIsUnknown() throws Exception {
    for (String path : List.of("/api/v1/bars/NQ", "/api/v1/trades/NQ/latest", "/api/v1/quotes/NQ", "/api/v1/book/NQ",
        "/api/v1/bars/NQ/latest")) {
      HttpResponse<String> response = server.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(JSON.readTree(response.body()).get("message").asText()).as(path).contains("NQ")
          .containsPattern("^No (trades|quote|book|1m bar) for NQ: unknown symbol, or ");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ESH24", "ESH4-CME", "esh2024.cme", "ESH4", " esh24"})
  void shouldAnswerForTheCanonicalSymbolWhenAskedWithAFeedSpelling(String spelling) throws Exception {
    server.data.putBar(bar("ESH24", 0, 4800));
    String path = URLEncoder.encode(spelling, StandardCharsets.UTF_8).replace("+", "%20");

    HttpResponse<String> latest = server.get("/api/v1/bars/" + path + "/latest");
    HttpResponse<String> range = server.get("/api/v1/bars/" + path + "?format=csv");

    assertThat(latest.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(latest.body()).get("symbol").asText()).isEqualTo("ESH24");
    assertThat(range.body()).contains("\nESH24,1m,2024-01-02T14:30:00.000000Z,");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/api/v1/quotes/NQ|No quote for NQ: unknown symbol, or none received yet",
      "/api/v1/book/NQ|No book for NQ: unknown symbol, or no depth received yet",
      "/api/v1/bars/NQ/latest?tf=5m|No 5m bar for NQ: unknown symbol, or none yet"})
  void shouldNotCallASymbolUnknownWhenItHasTradedButLacksWhatIsAsked(String path, String message)
      throws Exception {
    server.data.putBar(bar("NQ", 0, 16000)); // NQ has traded: /symbols lists it

    HttpResponse<String> response = server.get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo(message);
    assertThat(JSON.readTree(server.get("/api/v1/symbols").body()).get("symbols").toString()).contains("NQ");
    // Which instance said so, and whether it is a standby that may lag: as on a 200.
    assertThat(response.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue("localhost:" + server.port());
    assertThat(response.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("active");
  }

  @Test
  void shouldAnswerJson404WhenRouteIsUnknown() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/nothing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void shouldAnswer426WithUpgradeWhenTheWebSocketEndpointIsAskedWithoutUpgrade() throws Exception {
    HttpResponse<String> response = server.get("/ws");

    assertThat(response.statusCode()).isEqualTo(426);
    assertThat(response.headers().firstValue("Upgrade")).hasValue("websocket");
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("upgrade_required");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void shouldAnswerJson405WithAllowWhenMethodIsNotGet(String method) throws Exception {
    HttpResponse<String> response = server.send(method, "/api/v1/bars/ES");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo("method_not_allowed");
    assertThat(error.get("message").asText()).isEqualTo(method + " is not allowed here; allowed: GET, HEAD");
  }

  @Test
  void shouldAnswerHeadLikeGetWithoutBody() {
    HttpResponse<String> known = server.send("HEAD", "/api/v1/bars/ES");
    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(known.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    assertThat(known.body()).isEmpty();

    assertThat(server.send("HEAD", "/api/v1/bars/NQ").statusCode()).isEqualTo(404);
    assertThat(server.send("HEAD", "/api/v1/bars/ES?tf=2m").statusCode()).isEqualTo(400);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/api/v1/quotes/E%00S|400|bad_request",
      "/api/v1/quotes/A%ED%A0%80|400|bad_request",
      "/api/v1/quotes/{10000 A}|414|uri_too_long"})
  void shouldAnswerJsonWhenJettyRefusesTheRequestItself(String path, int status, String code) throws Exception {
    HttpResponse<String> response = server.get(path.replace("{10000 A}", "A".repeat(10_000)));

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("status").asInt()).isEqualTo(status);
    assertThat(error.get("error").asText()).isEqualTo(code);
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenStoresAreRebalancing() throws Exception {
    server.data.setUnavailable(true);

    HttpResponse<String> response = server.get("/api/v1/bars/ES");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unavailable");
  }

  @Test
  void shouldAnswerTheSecurityDefinitionOfAnInstrumentInEveryFormat() throws Exception {
    server.data.putInstrument(new InstrumentView("ZNH27", "CBOT", "10-Year T-Note Mar 2027", 0.015625, 134, 15.625,
        "USD", LocalTime.of(17, 0), "America/Chicago", T0));

    HttpResponse<String> json = server.get("/api/v1/instruments/ZNH7");
    HttpResponse<String> csv = server.get("/api/v1/instruments/ZNH27?format=csv");
    HttpResponse<String> toon = server.get("/api/v1/instruments/ZNH27?format=toon");

    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(json.body())).isEqualTo(JSON.readTree("""
        {"symbol":"ZNH27","exchange":"CBOT","description":"10-Year T-Note Mar 2027","tickSize":0.015625,
         "priceDisplayFormat":134,"tickValue":15.625,"currency":"USD","sessionOpen":"17:00:00",
         "sessionTimeZone":"America/Chicago","updated":"2024-01-02T14:30:00.000000Z"}"""));
    assertThat(csv.body()).isEqualTo("symbol,exchange,description,tickSize,priceDisplayFormat,tickValue,currency,"
        + "sessionOpen,sessionTimeZone,updated\nZNH27,CBOT,10-Year T-Note Mar 2027,0.015625,134,15.625,USD,17:00:00,"
        + "America/Chicago,2024-01-02T14:30:00.000000Z\n");
    assertThat(JSON.readTree(JSON.writeValueAsString(JToon.decode(toon.body())))).isEqualTo(JSON.readTree(json.body()));
  }

  @Test
  void shouldListTheInstrumentsBySymbol() throws Exception {
    server.data.putInstrument(new InstrumentView("ZNH27", "CBOT", "", 0.015625, 134, 15.625, "USD",
        LocalTime.of(17, 0), "America/Chicago", T0));
    server.data.putInstrument(new InstrumentView("ES", "CME", "", 0.25, 2, 12.5, "USD", LocalTime.of(17, 0),
        "America/Chicago", T0));

    JsonNode list = JSON.readTree(server.get("/api/v1/instruments").body());
    String csv = server.get("/api/v1/instruments?format=csv").body();

    assertThat(list.get("instruments").findValuesAsText("symbol")).containsExactly("ES", "ZNH27");
    assertThat(list.get("instruments").get(1).get("priceDisplayFormat").asInt()).isEqualTo(134);
    assertThat(csv.lines()).hasSize(3).first().asString().startsWith("symbol,exchange,description,tickSize,");
    assertThat(server.get("/api/v1/instruments?tf=1m").statusCode()).isEqualTo(400);
  }

  /**
   * The time and sales, newest first, as this instance read them: in every format, the symbol as any feed spells it,
   * a limit, an empty list for a symbol without trades (no lookup, so no 404), and no owner needed.
   */
  @Test
  void shouldAnswerTheRecentTradesOfASymbolNewestFirst() throws Exception {
    AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);
    for (int i = 0; i < 3; i++) {
      Instant at = T0.plusMillis(250L * i);
      server.recentTrades.add("ES", serializer.serialize(TickflowTopics.TRADES, new Trade("ES", "CME", 4700 + 0.25 * i,
          1L + i, i == 1 ? AggressorSide.BID : AggressorSide.ASK, at, at.plusMillis(1), 0, DataSource.LIVE)));
    }
    server.cluster.setAvailable(false);

    JsonNode json = JSON.readTree(server.get("/api/v1/trades/es?limit=2").body());
    HttpResponse<String> csv = server.get("/api/v1/trades/ES?format=csv");
    HttpResponse<String> toon = server.get("/api/v1/trades/ES?format=toon&limit=2");

    assertThat(json.get("symbol").asText()).isEqualTo("ES");
    assertThat(json.get("count").asInt()).isEqualTo(2);
    assertThat(json.get("trades")).isEqualTo(JSON.readTree("""
        [{"symbol":"ES","price":4700.5,"size":3,"side":"ASK","time":"2024-01-02T14:30:00.500000Z","sequence":0},
         {"symbol":"ES","price":4700.25,"size":2,"side":"BID","time":"2024-01-02T14:30:00.250000Z","sequence":0}]"""));
    assertThat(csv.body().lines()).containsExactly("symbol,price,size,side,time,sequence",
        "ES,4700.5,3,ASK,2024-01-02T14:30:00.500000Z,0", "ES,4700.25,2,BID,2024-01-02T14:30:00.250000Z,0",
        "ES,4700.0,1,ASK,2024-01-02T14:30:00.000000Z,0");
    assertThat(JSON.readTree(JSON.writeValueAsString(JToon.decode(toon.body())))).isEqualTo(json);
    JsonNode none = JSON.readTree(server.get("/api/v1/trades/NQ").body());
    assertThat(none.get("count").asInt()).isZero();
    assertThat(none.get("trades")).isEmpty();
    assertThat(server.get("/api/v1/trades/ES?limit=0").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/trades/ES?tf=1m").statusCode()).isEqualTo(400);
  }

  /** Every instance holds every security definition: no owner is looked up, so none needs to be known or up. */
  @Test
  void shouldAnswerAnInstrumentWithoutTheStreamsMetadata() {
    server.data.putInstrument(new InstrumentView("ES", "CME", "", 0.25, 2, 12.5, "USD", LocalTime.of(17, 0),
        "America/Chicago", T0));
    server.cluster.setAvailable(false);

    assertThat(server.get("/api/v1/instruments/ES").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer404ForAnInstrumentWithoutASecurityDefinition() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/instruments/ES");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo(
        "No security definition for ES: unknown symbol, or its feed sends none (.scid files: tickflow instruments "
            + "import)");
    assertThat(server.get("/api/v1/instruments/ES?format=xml").statusCode()).isEqualTo(400);
  }

  /**
   * Every read of the stores answers 503 when they cannot answer (a store closed or migrated under the read:
   * {@code StreamsMarketData} turns Kafka Streams' InvalidStateStoreException into StoreUnavailableException), never
   * 404 "unknown symbol" nor a 200 with what was read before.
   */
  @ParameterizedTest
  @CsvSource({"/api/v1/bars/ES", "/api/v1/bars/ES/latest", "/api/v1/quotes/ES", "/api/v1/trades/ES/latest",
      "/api/v1/book/ES", "/api/v1/symbols", "/api/v1/symbols?scope=local", "/api/v1/instruments/ES",
      "/api/v1/instruments"})
  void shouldAnswer503WhenTheStoresCannotAnswer(String path) throws Exception {
    server.data.setUnavailable(true);

    HttpResponse<String> response = server.get(path);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unavailable");
  }

  @Test
  void shouldAnswer503WhenMetadataIsNotAvailable() {
    server.cluster.setAvailable(false);

    assertThat(server.get("/api/v1/quotes/ES").statusCode()).isEqualTo(503);
    assertThat(server.get("/api/v1/symbols").statusCode()).isEqualTo(503);
    assertThat(server.get("/api/v1/instances").statusCode()).isEqualTo(503);
  }

  @Test
  void shouldBeReadyOnlyWhenStreamsIsRunning() throws Exception {
    assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);

    server.ready.set(false);

    HttpResponse<String> response = server.get("/health/ready");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("DOWN");
    assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldFailLivenessAndSayWhyWhenStreamsHasStoppedForGood() throws Exception {
    server.ready.set(false);
    server.live.set(false);

    HttpResponse<String> response = server.get("/health/live");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(JSON.readTree("{\"status\":\"DOWN\",\"streams\":\"ERROR\"}"));
  }

  @Test
  void shouldListInstancesWithTheirPartitions() throws Exception {
    JsonNode body = JSON.readTree(server.get("/api/v1/instances").body());

    assertThat(body.get("self").asText()).isEqualTo("localhost:" + server.port());
    assertThat(body.get("instances").get(0).get("activePartitions").get(0).asText()).isEqualTo("tickflow.trades-0");
  }
}
