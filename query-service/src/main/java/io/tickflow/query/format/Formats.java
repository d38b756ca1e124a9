package io.tickflow.query.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.toonformat.jtoon.JToon;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes API values as JSON, CSV (header line, RFC 4180 quoting) or TOON. Times are ISO-8601 UTC instants in
 * every format. Thread-safe.
 */
public final class Formats {

  private final ObjectMapper json;
  private final CsvMapper csv;

  public Formats() {
    json = JsonMapper.builder().addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    csv = CsvMapper.builder().addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
  }

  /** The shared JSON mapper (ISO-8601 instants). */
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
