package io.tickflow.query.format;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an endpoint answers, before it is written in the negotiated format: the body (JSON and TOON) and the same
 * data as flat rows of one record type (CSV, one line per row).
 *
 * @param body the object written as JSON, or as TOON
 * @param rows the rows written as CSV, all of type {@code rowType}
 * @param rowType the record class whose components are the CSV columns, in order
 * @param previousTo when the rows were cut to a limit, the {@code to} that asks for the rows before them
 */
public record ApiResponse(Object body, List<?> rows, Class<? extends Record> rowType, Optional<Instant> previousTo) {

  public ApiResponse {
    rows = List.copyOf(rows);
  }

  /** A complete response: nothing was cut. */
  public ApiResponse(Object body, List<?> rows, Class<? extends Record> rowType) {
    this(body, rows, rowType, Optional.empty());
  }

  /** A response whose body is a list of flat records, also its CSV rows. */
  public static <T extends Record> ApiResponse ofRows(List<T> rows, Class<T> rowType) {
    return new ApiResponse(rows, rows, rowType);
  }
}
