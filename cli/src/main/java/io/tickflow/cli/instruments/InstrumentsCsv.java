package io.tickflow.cli.instruments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.symbols.SymbolRule;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Security definitions from CSV with a header line, the columns of {@code GET /api/v1/instruments?format=csv}:
 * {@code symbol} and {@code tickSize} required; {@code exchange}, {@code description}, {@code priceDisplayFormat},
 * {@code tickValue}, {@code currency}, {@code sessionOpen}, {@code sessionClose}, {@code sessionTimeZone} and
 * {@code updated} optional, with the data contract's defaults. Every line is checked before any is taken: a file
 * with a mistake gives no definition, and each mistake is named by its line and column.
 */
final class InstrumentsCsv {

  private static final String SYMBOL = "symbol";
  private static final String TICK_SIZE = "tickSize";
  /** What a spreadsheet saving "CSV UTF-8" puts first; it would otherwise be part of the first column's name. */
  private static final int BYTE_ORDER_MARK = '\uFEFF';
  private static final List<String> COLUMNS = List.of(SYMBOL, "exchange", "description", TICK_SIZE,
      "priceDisplayFormat", "tickValue", "currency", "sessionOpen", "sessionClose", "sessionTimeZone", "updated");
  /** DTC's PriceDisplayFormat values: unset, 0 to 9 decimals, and the fractions. */
  private static final Set<Integer> PRICE_FORMATS = Set.of(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 102, 104, 108, 116,
      132, 134, 136, 140, 164, 228, 356);

  private InstrumentsCsv() {
  }

  /**
   * The definitions of every line, in order.
   *
   * @param received the {@code updated} of lines without one
   * @throws InvalidInstrumentsException naming every mistake, when there is one
   */
  static List<SecurityDefinition> read(Reader csv, Instant received) throws IOException {
    List<String> problems = new ArrayList<>();
    List<SecurityDefinition> definitions = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).with(CsvParser.Feature.TRIM_SPACES)
        .readValues(withoutByteOrderMark(csv))) {
      boolean any = rows.hasNextValue(); // reads the header too
      checkHeader(headerOf(rows));
      for (int line = 2; any; line++, any = rows.hasNextValue()) {
        new Line(line, rows.nextValue(), problems).definition(received).ifPresent(definitions::add);
      }
    } catch (JsonProcessingException e) {
      // Not CSV as Jackson reads it (an empty file, a quote left open): nothing after it can be trusted.
      long line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      problems.add("line " + line + ": " + e.getOriginalMessage());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInstrumentsException(problems);
    }
    return definitions;
  }

  private static Reader withoutByteOrderMark(Reader csv) throws IOException {
    PushbackReader reader = new PushbackReader(csv);
    int first = reader.read();
    if (first != -1 && first != BYTE_ORDER_MARK) {
      reader.unread(first);
    }
    return reader;
  }

  private static List<String> headerOf(MappingIterator<Map<String, String>> rows) {
    List<String> header = new ArrayList<>();
    if (rows.getParserSchema() instanceof CsvSchema schema) {
      schema.forEach(column -> header.add(column.getName()));
    }
    return header;
  }

  /** Refuses the file at once: without its columns known, no line can be read. */
  private static void checkHeader(List<String> header) {
    List<String> problems = new ArrayList<>();
    header.stream().filter(column -> !COLUMNS.contains(column)).forEach(column -> problems.add(
        "line 1: unknown column '" + column + "'; the columns are " + String.join(",", COLUMNS)));
    List.of(SYMBOL, TICK_SIZE).stream().filter(column -> !header.contains(column)).forEach(column -> problems.add(
        "line 1: the column '" + column + "' is required"));
    if (!problems.isEmpty()) {
      throw new InvalidInstrumentsException(problems);
    }
  }

  /** One line of values, whose mistakes go to {@code problems}. */
  private record Line(int number, Map<String, String> values, List<String> problems) {

    Optional<SecurityDefinition> definition(Instant received) {
      int before = problems.size();
      String symbol = text(SYMBOL, "");
      SymbolRule.problem(symbol).ifPresent(problem -> problems.add("line " + number + ": " + problem));
      Double tickSize = value(TICK_SIZE, null, Double::parseDouble, size -> Double.isFinite(size) && size > 0,
          "a number above 0");
      int priceFormat = value("priceDisplayFormat", -1, Integer::parseInt, PRICE_FORMATS::contains,
          "a DTC price display format: -1, 0 to 9, 102, 104, 108, 116, 132, 134, 136, 140, 164, 228 or 356");
      double tickValue = value("tickValue", 0.0, Double::parseDouble, value -> Double.isFinite(value) && value >= 0,
          "a number of 0 or more");
      LocalTime open = value("sessionOpen", LocalTime.MIDNIGHT, LocalTime::parse, time -> true, "a time, 17:00");
      LocalTime close = value("sessionClose", LocalTime.MIDNIGHT, LocalTime::parse, time -> true, "a time, 16:00");
      String zone = value("sessionTimeZone", "UTC", text -> ZoneId.of(text).getId(), id -> true,
          "an IANA time zone, America/Chicago");
      Instant updated = value("updated", received, Instant::parse, time -> true,
          "an ISO-8601 instant, 2026-11-28T14:00:00Z");
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(new SecurityDefinition(symbol, text("exchange", ""), text("description", ""), tickSize,
          priceFormat, tickValue, text("currency", ""), open, close, zone, updated));
    }

    private String text(String column, String absent) {
      String text = values.get(column);
      return text == null || text.isBlank() ? absent : text.strip();
    }

    /** The column's value, or {@code absent} when empty; a mistake is noted and {@code absent} returned. */
    private <T> T value(String column, T absent, Function<String, T> parse, Predicate<T> allowed, String rule) {
      String text = text(column, null);
      if (text == null) {
        if (absent == null) {
          problems.add("line " + number + ": " + column + " is required");
        }
        return absent;
      }
      try {
        T value = parse.apply(text);
        if (allowed.test(value)) {
          return value;
        }
      } catch (NumberFormatException | DateTimeException e) {
        // told below, as a value out of range is
      }
      problems.add("line " + number + ": " + column + " '" + text + "' is not " + rule);
      return absent;
    }
  }
}
