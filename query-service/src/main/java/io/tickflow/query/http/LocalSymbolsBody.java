package io.tickflow.query.http;

import java.util.List;

/**
 * The body of {@code GET /api/v1/symbols?scope=local}: one instance's part of the symbol list, which instances ask
 * each other for. It says so in its fields, and its list is not under {@code symbols}: a client reading the whole
 * list's field cannot take a part for it.
 *
 * @param scope always {@value ClusterHandlers#LOCAL}
 * @param instance the instance whose part this is, {@code host:port}
 * @param localSymbols the symbols of that instance's stores (active and standby), sorted
 */
public record LocalSymbolsBody(String scope, String instance, List<String> localSymbols) {

  public LocalSymbolsBody {
    localSymbols = List.copyOf(localSymbols);
  }

  /** One symbol of the part as a CSV row, with the instance on every row for the same reason. */
  public record Row(String instance, String localSymbol) {
  }
}
