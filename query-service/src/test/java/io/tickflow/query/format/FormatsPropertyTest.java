package io.tickflow.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Random rows of awkward strings (delimiters, quotes, CR, LF, tabs, control characters, Unicode whitespace and
 * emoji, formula-like and number-like text, literals) and doubles (every bit pattern, prices on a tick grid, the
 * edges), written in each format and read back by a reader that is not the writer: Jackson's parser for JSON (each
 * number's text as written), Commons CSV for CSV, and for TOON the small decoder below, written from spec 3.0 (the
 * version the encoder claims) for the one shape an endpoint's rows take, a root tabular array. Every cell comes back
 * as it went, in as many rows; every finite double as the same double, in plain decimal notation and in the fewest
 * digits that read back as it (TOON: see {@link #SHORTEST_IN_TOON_FROM}); NaN and the infinities as null.
 */
class FormatsPropertyTest {

  private record Row(String text, double price, long size, Double optional, boolean flag) {
  }

  private static final List<String> COLUMNS = Arrays.stream(Row.class.getRecordComponents())
      .map(component -> component.getName()).toList();

  /**
   * Where TOON's numbers are checked for the fewest digits: from the smallest normal double to 1E16. jtoon writes a
   * fraction with this JVM's Double.toString, which on Java 17 is not always the shortest (JDK-4511638, fixed in 19):
   * 1.0E23 comes out 9.999999999999999E22, 1.58E-322 so (1.6E-322 reads back the same). Of 20 million random bit
   * patterns 0.3% missed, all at magnitudes from 1E16 to 1E26; and subnormals of few digits miss. A price, a VWAP or a
   * quantity is far inside; outside, the number still reads back as the same double.
   */
  private static final double SHORTEST_IN_TOON_FROM = Double.MIN_NORMAL;
  private static final double SHORTEST_IN_TOON_TO = 1e16;

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9]\\d*)\\.(0|\\d*[1-9])");
  private static final Pattern TOON_CANONICAL = Pattern.compile("0|-?(0\\.\\d*[1-9]|[1-9]\\d*(\\.\\d*[1-9])?)");

  private final Formats formats = new Formats();

  @Property(tries = 1000)
  void shouldReadBackEveryValueFromJson(@ForAll("rows") List<Row> rows) throws IOException {
    List<Map<String, Object>> read = jsonRows(formats.write(ApiResponse.ofRows(rows, Row.class), ResponseFormat.JSON));
    assertSameRows(read, rows, (written, value) -> assertPlainDecimal(numberText(written), value));
  }

  /** Each row's values by column: a string as itself, a number as written ({@code numbers} checks it). */
  private static void assertSameRows(List<Map<String, Object>> read, List<Row> rows,
                                     BiConsumer<Object, Double> numbers) {
    assertThat(read).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      Map<String, Object> values = read.get(i);
      assertThat(values.keySet()).containsExactlyElementsOf(COLUMNS);
      assertThat(values.get("text")).isEqualTo(row.text());
      numbers.accept(values.get("price"), row.price());
      assertThat(values.get("size")).isEqualTo(new NumberText(Long.toString(row.size())));
      numbers.accept(values.get("optional"), row.optional());
      assertThat(values.get("flag")).isEqualTo(row.flag());
    }
  }

  /** A number as written, in JSON or TOON. */
  private record NumberText(String text) {
  }

  /** A JSON array of flat objects, a string as its value, a number as written. */
  private static List<Map<String, Object>> jsonRows(String json) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      List<Map<String, Object>> rows = new ArrayList<>();
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        Map<String, Object> row = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          row.put(name, switch (parser.nextToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberText(parser.getText());
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new AssertionError(parser.currentToken() + " in a row of " + json);
          });
        }
        rows.add(row);
      }
      assertThat(parser.currentToken()).isEqualTo(JsonToken.END_ARRAY);
      assertThat(parser.nextToken()).isNull();
      return rows;
    }
  }

  /** A number's text, empty for null. */
  private static String numberText(Object value) {
    if (value == null) {
      return "";
    }
    assertThat(value).as("a number").isInstanceOf(NumberText.class);
    return ((NumberText) value).text();
  }

  /** CSV has no null: a null, as an empty string, is an empty cell. */
  @Property(tries = 1000)
  void shouldReadBackEveryCellAndRowFromCsv(@ForAll("rows") List<Row> rows) throws IOException {
    String csv = formats.write(ApiResponse.ofRows(rows, Row.class), ResponseFormat.CSV);
    CSVFormat rfc4180 = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv), rfc4180)) {
      assertThat(parser.getHeaderNames()).isEqualTo(COLUMNS);
      List<CSVRecord> records = parser.getRecords();

      assertThat(records).hasSize(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        CSVRecord record = records.get(i);
        assertThat(record.size()).isEqualTo(COLUMNS.size());
        assertThat(record.get("text")).isEqualTo(row.text() == null ? "" : row.text());
        assertPlainDecimal(record.get("price"), row.price());
        assertThat(record.get("size")).isEqualTo(Long.toString(row.size()));
        assertPlainDecimal(record.get("optional"), row.optional());
        assertThat(record.get("flag")).isEqualTo(Boolean.toString(row.flag()));
      }
    }
  }

  @Property(tries = 1000)
  void shouldDecodeEveryValueFromToon(@ForAll("toonRows") List<Row> rows) {
    List<Map<String, Object>> read = ToonTable.decode(formats.write(ApiResponse.ofRows(rows, Row.class),
        ResponseFormat.TOON));
    assertSameRows(read, rows, FormatsPropertyTest::assertToonNumber);
  }

  /** JSON and CSV: the value's plain decimal, a whole one with ".0"; empty for null, NaN and the infinities. */
  private static void assertPlainDecimal(String written, Double value) {
    if (value == null || !Double.isFinite(value)) {
      assertThat(written).isEmpty();
      return;
    }
    assertThat(written).matches(PLAIN_DECIMAL);
    assertShortest(written, value);
  }

  /** TOON: null for null, NaN and the infinities; else the number in the spec's canonical form (section 2). */
  private static void assertToonNumber(Object decoded, Double value) {
    if (value == null || !Double.isFinite(value)) {
      assertThat(decoded).isNull();
      return;
    }
    String written = numberText(decoded);
    assertThat(written).matches(TOON_CANONICAL);
    double magnitude = Math.abs(value);
    if (magnitude == 0 || magnitude >= SHORTEST_IN_TOON_FROM && magnitude < SHORTEST_IN_TOON_TO) {
      assertShortest(written, value);
    } else {
      assertThat(Double.parseDouble(written)).isEqualTo(value == 0 ? 0.0 : value);
    }
  }

  /**
   * {@code written} reads back as {@code value} (-0 as 0, which every format writes) and no decimal of one digit less
   * does: the two nearest such decimals, either side of it, both read as other doubles. Two digits are always allowed,
   * as Java's shortest form asks two (4.9E-324, not 5E-324).
   */
  private static void assertShortest(String written, double value) {
    assertThat(Double.parseDouble(written)).isEqualTo(value == 0 ? 0.0 : value);
    BigDecimal decimal = new BigDecimal(written).stripTrailingZeros();
    int digits = decimal.precision();
    if (digits > 2) {
      for (RoundingMode side : List.of(RoundingMode.FLOOR, RoundingMode.CEILING)) {
        BigDecimal shorter = decimal.round(new MathContext(digits - 1, side));
        assertThat(Double.parseDouble(shorter.toString())).as("%s is shorter than %s", shorter, written)
            .isNotEqualTo(value);
      }
    }
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<Double> optional = doubles().injectNull(0.3);
    return Combinators.combine(texts().injectNull(0.05), doubles(), Arbitraries.longs(), optional,
        Arbitraries.of(true, false)).as(Row::new).list().ofMaxSize(6);
  }

  /**
   * Rows whose strings start and end with no whitespace but the space, tab, CR and LF: spec 3.0 asks to quote a string
   * with "leading or trailing whitespace" (7.2), and jtoon 1.0.9 quotes one only for those four (the last three as
   * control characters), writing x after U+00A0, or before U+0085 or U+3000, bare: a decoder that trims whitespace
   * reads "x". Tickflow's strings (symbols, timeframes, sides, reasons, ISO times, host:port) never start or end so.
   */
  @Provide
  Arbitrary<List<Row>> toonRows() {
    return rows().filter(rows -> rows.stream().map(Row::text).allMatch(FormatsPropertyTest::quotedByJtoonIfPadded));
  }

  private static boolean quotedByJtoonIfPadded(String text) {
    return text == null || text.isEmpty() || !(isOtherWhitespace(text.charAt(0))
        || isOtherWhitespace(text.charAt(text.length() - 1)));
  }

  private static boolean isOtherWhitespace(char c) {
    return ToonTable.isWhitespace(c) && " \t\r\n".indexOf(c) < 0;
  }

  /** Whole strings that mean something else somewhere, and free ones of troublesome and ordinary code points. */
  private static Arbitrary<String> texts() {
    Arbitrary<String> loaded = Arbitraries.of("", " ", "true", "false", "null", "42", "-3.14", "1e-6", "1E+9", "05",
        "-0", "0", "-", "- x", "-x", "#x", "+1", "=1+2", "@SUM(A1)", "NaN", "Infinity", "[3]: a", "{x}", "a:b", "\"",
        "\\", "\r\n", "\r", "\uFEFF8", ".5", "1.", "a,b", "a|b", "x\ty");
    Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of((int) ',', (int) '"', (int) '\n', (int) '\r', (int) '\t',
            (int) ':', (int) '\\', (int) ' ', (int) '-', (int) '#', (int) '[', (int) '}', (int) '=', (int) '+',
            (int) '@', 0x00, 0x04, 0x1F, 0x7F, 0x85, 0xA0, 0x2028, 0x3000, 0xFEFF, 0x1F680)),
        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0xD7FF)),
        Tuple.of(1, Arbitraries.integers().between(0xE000, 0x10FFFF)));
    Arbitrary<String> free = codePoints.list().ofMaxSize(10).map(points -> points.stream()
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    return Arbitraries.oneOf(loaded, free, Combinators.combine(loaded, free).as(String::concat),
        Combinators.combine(free, loaded).as(String::concat));
  }

  /** Every bit pattern (NaN and the infinities among them), prices on tick grids, and the edges. */
  private static Arbitrary<Double> doubles() {
    Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble);
    Arbitrary<Double> ticks = Combinators.combine(Arbitraries.longs().between(-10_000_000, 10_000_000),
        Arbitraries.of(0.25, 0.01, 0.0001, 0.03125, 0.005, 0.1, 0.00005)).as((count, tick) -> count * tick);
    Arbitrary<Double> edges = Arbitraries.of(0.0, -0.0, 1.0, 1e-4, 1e-7, 1e7, 1e21, 1e22, 1e23, 0.1 + 0.2,
        Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY);
    return Arbitraries.frequencyOf(Tuple.of(3, bits), Tuple.of(3, ticks), Tuple.of(1, edges));
  }

  /**
   * A TOON decoder for a root tabular array only, from spec 3.0: the header {@code [N]{f1,f2}:} (or {@code [0]:}),
   * then N rows, each indented by two spaces, its cells split at commas outside quotes (9.3, 11). A quoted cell is
   * a string with the escapes of 7.1 and no other; a bare one, its surrounding whitespace trimmed, is true, false,
   * null, a number (4: decimal or exponent form, not a forbidden leading zero; kept as written), or else a string
   * (the empty one when nothing is left).
   */
  private static final class ToonTable {

    private static final Pattern HEADER = Pattern.compile("\\[(\\d+)](?:\\{(.*)})?:");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
    private static final Pattern LEADING_ZERO = Pattern.compile("-?0\\d.*");

    static List<Map<String, Object>> decode(String toon) {
      List<String> lines = List.of(toon.split("\n", -1));
      Matcher header = HEADER.matcher(lines.get(0));
      assertThat(header.matches()).as("header of %s", toon).isTrue();
      int count = Integer.parseInt(header.group(1));
      List<Object> fields = header.group(2) == null ? List.of() : cells(header.group(2));
      assertThat(lines).as("rows of %s", toon).hasSize(count + 1);

      List<Map<String, Object>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        assertThat(line).startsWith("  ").doesNotStartWith("   ");
        List<Object> cells = cells(line.substring(2));
        assertThat(cells).as("cells of %s", line).hasSameSizeAs(fields);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
          row.put((String) fields.get(i), cells.get(i));
        }
        rows.add(row);
      }
      return rows;
    }

    private static List<Object> cells(String line) {
      List<Object> cells = new ArrayList<>();
      int at = 0;
      while (true) {
        int start = at;
        while (at < line.length() && isWhitespace(line.charAt(at))) {
          at++;
        }
        if (at < line.length() && line.charAt(at) == '"') {
          StringBuilder text = new StringBuilder();
          at = quoted(line, at + 1, text);
          while (at < line.length() && isWhitespace(line.charAt(at))) {
            at++;
          }
          cells.add(text.toString());
        } else {
          int end = line.indexOf(',', start);
          end = end < 0 ? line.length() : end;
          cells.add(bare(trim(line.substring(start, end))));
          at = end;
        }
        if (at == line.length()) {
          return cells;
        }
        assertThat(line.charAt(at)).as("after a cell in %s", line).isEqualTo(',');
        at++;
      }
    }

    /** Reads a quoted string's rest into {@code text}; returns the index past its closing quote. */
    private static int quoted(String line, int at, StringBuilder text) {
      for (int i = at; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          return i + 1;
        } else if (c == '\\') {
          i++;
          assertThat(i).as("escape at the end of %s", line).isLessThan(line.length());
          text.append(switch (line.charAt(i)) {
            case '\\' -> '\\';
            case '"' -> '"';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> throw new AssertionError("escape \\" + line.charAt(i) + " in " + line);
          });
        } else {
          text.append(c);
        }
      }
      throw new AssertionError("unterminated string in " + line);
    }

    private static Object bare(String token) {
      return switch (token) {
        case "true" -> true;
        case "false" -> false;
        case "null" -> null;
        default -> NUMBER.matcher(token).matches() && !LEADING_ZERO.matcher(token).matches()
            ? new NumberText(token) : token;
      };
    }

    private static String trim(String token) {
      int start = 0;
      int end = token.length();
      while (start < end && isWhitespace(token.charAt(start))) {
        start++;
      }
      while (end > start && isWhitespace(token.charAt(end - 1))) {
        end--;
      }
      return token.substring(start, end);
    }

    /** Unicode's White_Space: the spec says whitespace and does not narrow it. */
    static boolean isWhitespace(char c) {
      return c >= '\t' && c <= '\r' || c == '\u0085' || Character.getType(c) == Character.SPACE_SEPARATOR
          || c == '\u2028' || c == '\u2029';
    }
  }
}
