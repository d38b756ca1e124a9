package io.tickflow.query.http;

import java.util.List;

/** The body of {@code GET /api/v1/timeframes}: the timeframes the bars endpoints accept, first is the default. */
public record TimeframesBody(List<String> timeframes) {

  public TimeframesBody {
    timeframes = List.copyOf(timeframes);
  }

  /** One timeframe as a CSV row. */
  public record Row(String timeframe) {
  }
}
