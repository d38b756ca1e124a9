package io.tickflow.query.format;

import java.util.List;

/**
 * What an endpoint answers, before it is written in the negotiated format: the body (JSON and TOON) and the same
 * data as flat rows of one record type (CSV, one line per row).
 *
 * @param body the object written as JSON, or as TOON
 * @param rows the rows written as CSV, all of type {@code rowType}
 * @param rowType the record class whose components are the CSV columns, in order
 */
public record ApiResponse(Object body, List<?> rows, Class<? extends Record> rowType) {

  public ApiResponse {
    rows = List.copyOf(rows);
  }

  /** A response whose body is a list of flat records, also its CSV rows. */
  public static <T extends Record> ApiResponse ofRows(List<T> rows, Class<T> rowType) {
    return new ApiResponse(rows, rows, rowType);
  }
}
