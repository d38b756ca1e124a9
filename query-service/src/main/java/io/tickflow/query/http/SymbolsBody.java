package io.tickflow.query.http;

import java.util.List;

/** The body of {@code GET /api/v1/symbols}: every symbol, sorted. */
public record SymbolsBody(List<String> symbols) {

  public SymbolsBody {
    symbols = List.copyOf(symbols);
  }

  /** One symbol as a CSV row. */
  public record Row(String symbol) {
  }
}
