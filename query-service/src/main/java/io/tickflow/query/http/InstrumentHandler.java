package io.tickflow.query.http;

import io.javalin.http.Context;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.format.ApiResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/instruments/{symbol}}: a symbol's security definition. Answered by the instance asked, never
 * forwarded: every instance holds every definition (a global store), so no owner needs to be found or be up.
 */
public final class InstrumentHandler {

  private final MarketDataReader reader;
  private final QueryParams params;
  private final Responder responder;
  private final int retryAfterSeconds;

  public InstrumentHandler(MarketDataReader reader, QueryParams params, Responder responder, int retryAfterSeconds) {
    this.reader = reader;
    this.params = params;
    this.responder = responder;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public void instrument(Context ctx) {
    String symbol = params.symbol(ctx);
    // A bad ?format= is the client's first mistake to hear of, before whether the symbol is known.
    responder.format(ctx);
    InstrumentView instrument = read(symbol).orElseThrow(() -> ApiException.notFound("No security definition for "
        + symbol + ": unknown symbol, or its feed sends none (.scid files carry none)"));
    responder.respond(ctx, new ApiResponse(instrument, List.of(instrument), InstrumentView.class));
  }

  private Optional<InstrumentView> read(String symbol) {
    try {
      return reader.instrument(symbol);
    } catch (StoreUnavailableException e) {
      throw ApiException.unavailable("The security definitions cannot be read now: " + e.getMessage(),
          retryAfterSeconds);
    }
  }
}
