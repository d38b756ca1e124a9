package io.tickflow.query.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.toonformat.jtoon.JToon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes API values as JSON, CSV (header line, RFC 4180 quoting) or TOON. Times are ISO-8601 UTC instants with
 * six fractional digits in every format ({@link #instant}), numbers plain decimals ({@link #decimal}), NaN and the
 * infinities null (an empty CSV cell). Thread-safe.
 */
public final class Formats {

  /**
   * Microseconds, the pipeline's precision, always written: {@code Instant.toString} writes 0, 3, 6 or 9 digits as
   * the value needs, and a column mixing them defeats parsers that infer one format per column (pandas).
   */
  private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder().appendInstant(6)
      .toFormatter(Locale.ROOT);

  private final ObjectMapper json;
  private final CsvMapper csv;

  public Formats() {
    json = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(values())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    // Strict quoting: without it, Jackson quotes every value longer than 24 characters, a time among them.
    csv = CsvMapper.builder().addModule(new JavaTimeModule()).addModule(values())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  }

  /** {@code instant} as every API answer writes it: {@code 2024-01-02T14:30:00.000000Z}. */
  public static String instant(Instant instant) {
    return INSTANT.format(instant);
  }

  /**
   * {@code value} as every API answer writes a number: a plain decimal, without exponent ({@code 0.0000065},
   * {@code 10000000.0}), of the fewest digits that read back as the same double, with a fractional digit when whole
   * so that a price column stays a float column (pandas). Jackson writes Double.toString, whose exponents a
   * spreadsheet or a string compare take as they stand, and which on Java 17 is not always the shortest
   * (1.0E23 comes out 9.999999999999999E22); Schubfach, as Java 19's Double.toString, is. Schubfach writes a lone
   * digit with a ".0" before its exponent (1.0E-4), a zero that would stay in the plain form (0.00010) without the
   * strip. Negative zero is written 0.0, as TOON's spec asks of -0.
   */
  public static String decimal(double value) {
    String plain = new BigDecimal(DoubleToDecimal.toString(value)).stripTrailingZeros().toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  private static SimpleModule values() {
    StdSerializer<Double> decimals = new StdSerializer<>(Double.class) {
      @Override
      public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        // JSON has no NaN or infinity: Jackson would write the string "NaN" in a number's place, which TOON then
        // writes as a bare string; TOON's spec (section 3) asks null of them, and so does every format here.
        if (Double.isFinite(value)) {
          generator.writeNumber(decimal(value));
        } else {
          generator.writeNull();
        }
      }
    };
    return new SimpleModule("tickflow-values").addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
      @Override
      public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeString(instant(value));
      }
    }).addSerializer(Double.class, decimals).addSerializer(double.class, decimals);
  }

  /** The shared JSON mapper (instants as {@link #instant} writes them). */
  public ObjectMapper json() {
    return json;
  }

  /** The response written in {@code format}. */
  public String write(ApiResponse response, ResponseFormat format) {
    switch (format) {
      case CSV:
        return toCsv(response);
      case TOON:
        return toToon(response.body());
      default:
        return toJson(response.body());
    }
  }

  /** A value as compact JSON. */
  public String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * A value as TOON. jtoon reads the JSON text rather than the object, so our Jackson 2 settings (ISO instants,
   * record components) decide the fields, not jtoon's Jackson 3.
   */
  public String toToon(Object value) {
    return JToon.encodeJson(toJson(value));
  }

  private String toCsv(ApiResponse response) {
    String[] columns = Arrays.stream(response.rowType().getRecordComponents())
        .map(component -> component.getName()).toArray(String[]::new);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    for (String column : columns) {
      schema.addColumn(column);
    }
    try {
      return csv.writer(schema.build()).writeValueAsString(response.rows());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write " + response.rowType().getSimpleName() + " rows as CSV", e);
    }
  }
}
