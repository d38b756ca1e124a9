package io.tickflow.query.http;

import io.tickflow.query.data.BarView;
import java.time.Instant;
import java.util.List;

/** The JSON (and TOON) body of a bars range: the request echoed, then the bars oldest first. */
public record BarsBody(String symbol, String timeframe, Instant from, Instant to, int count, List<BarView> bars) {

  public BarsBody {
    bars = List.copyOf(bars);
  }
}
