package io.tickflow.query.http;

import io.tickflow.query.data.BarView;
import java.time.Instant;
import java.util.List;

/**
 * The JSON (and TOON) body of a bars range: the request echoed, then the bars oldest first.
 *
 * @param truncated whether more bars matched than {@code limit}: the oldest of them were left out
 * @param previousTo when truncated, the {@code to} that asks for the bars before these (the oldest bar's start
 *     less one microsecond); null otherwise
 */
public record BarsBody(String symbol, String timeframe, Instant from, Instant to, int count, boolean truncated,
                       Instant previousTo, List<BarView> bars) {

  public BarsBody {
    bars = List.copyOf(bars);
  }
}
