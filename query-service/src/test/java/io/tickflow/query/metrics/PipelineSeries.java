package io.tickflow.query.metrics;

import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;

/** The pipeline meters' series as Prometheus shows them, and their values in a scrape. */
public final class PipelineSeries {

  private PipelineSeries() {
  }

  public static String in(Pipeline pipeline) {
    return "tickflow_pipeline_records_in_total{pipeline=\"" + pipeline.id() + "\"}";
  }

  public static String out(Pipeline pipeline) {
    return "tickflow_pipeline_records_out_total{pipeline=\"" + pipeline.id() + "\"}";
  }

  public static String rejected(Pipeline pipeline, Reason reason) {
    return "tickflow_pipeline_records_rejected_total{pipeline=\"" + pipeline.id() + "\",reason=\"" + reason.code()
        + "\"}";
  }

  /** The value of a series in a scrape; fails when the series is not there. */
  public static double value(String scrape, String series) {
    String line = scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .orElseThrow(() -> new AssertionError(series + " is not in the scrape"));
    return Double.parseDouble(line.substring(series.length() + 1));
  }

  /** The sum of a pipeline's rejected series in a scrape. */
  public static double rejectedTotal(String scrape, Pipeline pipeline) {
    double total = 0;
    for (Reason reason : Reason.values()) {
      total += value(scrape, rejected(pipeline, reason));
    }
    return total;
  }
}
