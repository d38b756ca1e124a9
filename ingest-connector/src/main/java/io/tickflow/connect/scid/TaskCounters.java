package io.tickflow.connect.scid;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The task's counters, registered as Connect plugin metrics (JMX group {@code kafka.connect} type
 * {@code plugins}), so that every file record is accounted for: read = published + skipped + rejected.
 */
final class TaskCounters {

  final AtomicLong recordsRead = new AtomicLong();
  final AtomicLong tradesPublished = new AtomicLong();
  final AtomicLong depthUpdatesPublished = new AtomicLong();
  final AtomicLong barRecordsSkipped = new AtomicLong();
  final AtomicLong noCommandRecordsSkipped = new AtomicLong();
  final AtomicLong recordsRejected = new AtomicLong();
  final AtomicLong filesRejected = new AtomicLong();
  final AtomicLong fileRestarts = new AtomicLong();
  final AtomicLong catchupMergesSplit = new AtomicLong();

  /** Registers every counter; a null {@code metrics} (no metrics support) registers nothing. */
  void register(PluginMetrics metrics) {
    if (metrics == null) {
      return;
    }
    add(metrics, "records-read-total", "Whole file records read.", recordsRead);
    add(metrics, "trades-total", "Trade records published.", tradesPublished);
    add(metrics, "depth-updates-total", "DepthUpdate records published.", depthUpdatesPublished);
    add(metrics, "bar-records-skipped-total", ".scid bar records skipped (bars are not trades).",
        barRecordsSkipped);
    add(metrics, "no-command-records-skipped-total", ".depth NO_COMMAND records skipped.",
        noCommandRecordsSkipped);
    add(metrics, "records-rejected-total", "Records refused and sent to the dead-letter topic.", recordsRejected);
    add(metrics, "files-rejected-total", "Files refused for a bad header or date-time.", filesRejected);
    add(metrics, "file-restarts-total", "Files re-read from the start after shrinking or being replaced.",
        fileRestarts);
    add(metrics, "catchup-merges-split-total", "Times the records held while files caught up passed"
        + " catchup.max.held.records and were written as they stood: trades of the files behind may be late.",
        catchupMergesSplit);
  }

  private static void add(PluginMetrics metrics, String name, String description, AtomicLong counter) {
    metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
        (Gauge<Long>) (config, now) -> counter.get());
  }
}
