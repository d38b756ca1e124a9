package io.tickflow.query.http;

import io.javalin.http.Context;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.format.ApiResponse;
import java.util.List;
import java.util.function.Supplier;

/**
 * Handlers of the instrument endpoints: the symbols' security definitions. Answered by the instance asked, never
 * forwarded: every instance holds every definition (a global store), so no owner needs to be found or be up.
 */
public final class InstrumentHandlers {

  private final MarketDataReader reader;
  private final QueryParams params;
  private final Responder responder;
  private final int retryAfterSeconds;

  public InstrumentHandlers(MarketDataReader reader, QueryParams params, Responder responder, int retryAfterSeconds) {
    this.reader = reader;
    this.params = params;
    this.responder = responder;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** {@code GET /api/v1/instruments}: every symbol's, by symbol. */
  public void instruments(Context ctx) {
    List<InstrumentView> instruments = read(reader::instruments);
    responder.respond(ctx, new ApiResponse(new InstrumentsBody(instruments), instruments, InstrumentView.class));
  }

  /** {@code GET /api/v1/instruments/{symbol}}: one symbol's. */
  public void instrument(Context ctx) {
    String symbol = params.symbol(ctx);
    // A bad ?format= is the client's first mistake to hear of, before whether the symbol is known.
    responder.format(ctx);
    InstrumentView instrument = read(() -> reader.instrument(symbol)).orElseThrow(() -> ApiException.notFound(
        "No security definition for " + symbol + ": unknown symbol, or its feed sends none (.scid files: "
            + "tickflow instruments import)"));
    responder.respond(ctx, new ApiResponse(instrument, List.of(instrument), InstrumentView.class));
  }

  private <T> T read(Supplier<T> read) {
    try {
      return read.get();
    } catch (StoreUnavailableException e) {
      throw ApiException.unavailable("The security definitions cannot be read now: " + e.getMessage(),
          retryAfterSeconds);
    }
  }
}
