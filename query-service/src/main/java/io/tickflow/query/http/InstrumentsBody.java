package io.tickflow.query.http;

import io.tickflow.query.data.InstrumentView;
import java.util.List;

/** The body of {@code GET /api/v1/instruments}: every symbol's security definition, by symbol. */
public record InstrumentsBody(List<InstrumentView> instruments) {

  public InstrumentsBody {
    instruments = List.copyOf(instruments);
  }
}
