package io.tickflow.connect.dtc;

import io.tickflow.dtc.client.DtcClientMetrics;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The task's counters, registered as Connect plugin metrics (JMX {@code kafka.connect:type=plugins,connector=..,
 * task=..}) next to the DTC client's own. Written by the polling and network threads, read by any.
 */
final class TaskMetrics {

  final AtomicLong liveTrades = new AtomicLong();
  final AtomicLong backfillTrades = new AtomicLong();
  final AtomicLong liveTradesReplaced = new AtomicLong();
  final AtomicLong quotes = new AtomicLong();
  final AtomicLong depthUpdates = new AtomicLong();
  final AtomicLong securityDefinitions = new AtomicLong();
  final AtomicLong backfills = new AtomicLong();
  final AtomicLong backfillsCompleted = new AtomicLong();
  final AtomicLong backfillFailures = new AtomicLong();
  final AtomicLong seamTimeouts = new AtomicLong();
  final AtomicLong backfillRoundsSplit = new AtomicLong();
  final AtomicLong connectionFailures = new AtomicLong();
  final AtomicLong connected = new AtomicLong();
  final AtomicLong symbolsRejected = new AtomicLong();
  final AtomicLong depthRejected = new AtomicLong();
  final AtomicLong unknownSymbolMessages = new AtomicLong();
  final AtomicLong eventLagMillis = new AtomicLong();

  /**
   * Registers every counter, the market-data session's and the historical data server connections'; a null
   * {@code metrics} (no metrics support) registers nothing.
   */
  void register(PluginMetrics metrics, DtcClientMetrics client, DtcClientMetrics historical) {
    if (metrics == null) {
      return;
    }
    add(metrics, "messages-total", "DTC messages received on the market-data connection, of"
        + " every type.", client::messages);
    add(metrics, "trades-total", "Live Trade records published.", liveTrades::get);
    add(metrics, "backfill-trades-total", "Trade records published from historical ticks (source BACKFILL).",
        backfillTrades::get);
    add(metrics, "live-trades-replaced-total", "Live trades dropped because a backfill re-delivered them: held"
        + " while it ran, or arriving after its answer for trades the history already held.",
        liveTradesReplaced::get);
    add(metrics, "quotes-total", "Quote records published.", quotes::get);
    add(metrics, "depth-updates-total", "DepthUpdate records published.", depthUpdates::get);
    add(metrics, "security-definitions-total", "SecurityDefinition records published.", securityDefinitions::get);
    add(metrics, "backfills-total", "Historical-tick requests sent to fill a gap.", backfills::get);
    add(metrics, "backfills-completed-total", "Backfills whose answer ended complete (final record, trailer, or"
        + " no records with no live trades held).", backfillsCompleted::get);
    add(metrics, "backfill-failures-total", "Backfills rejected, unanswered in time or empty while live trades"
        + " were held: a gap that may not be filled.", backfillFailures::get);
    add(metrics, "backfill-seam-timeouts-total", "Backfills whose history ran ahead of the live trades and whose"
        + " live stream did not pass its end within backfill.seam.timeout.ms: trades of that second may repeat.",
        seamTimeouts::get);
    add(metrics, "backfill-rounds-split-total", "Times the records held while backfills ran passed"
        + " backfill.round.max.records and were handed on before the backfills ended: trades of the histories still"
        + " to come may be late.",
        backfillRoundsSplit::get);
    add(metrics, "connected", "1 while logged on to the DTC server, else 0.", connected::get);
    add(metrics, "connection-failures-total", "Connections lost or not opened; each is retried with backoff.",
        connectionFailures::get);
    add(metrics, "reconnects-total", "Successful TCP connects after the first.", client::reconnects);
    add(metrics, "server-dropped-messages-total", "Messages the server reported (in heartbeats) it dropped; each"
        + " report starts a backfill of every live symbol.", client::serverDroppedMessages);
    addConnectionCounters(metrics, "", "", client);
    add(metrics, "historical-messages-total", "Historical answers (header, records, trailer, reject) received from"
        + " the historical data server.", historical::messages);
    add(metrics, "historical-connects-total", "Connections opened to the historical data server, one per"
        + " backfill.", historical::connects);
    add(metrics, "historical-failures-total", "Backfills the historical data server failed before its answer"
        + " ended (connect or logon refused, closed, silent, another RequestID answered).",
        historical::fetchFailures);
    add(metrics, "historical-bytes-received-total", "Bytes received from the historical data server.",
        historical::bytesReceived);
    addConnectionCounters(metrics, "historical-", " (historical data server)", historical);
    add(metrics, "symbols-rejected-total", "Symbols whose market data the server rejected.", symbolsRejected::get);
    add(metrics, "depth-rejected-total", "Symbols whose market depth the server rejected.", depthRejected::get);
    add(metrics, "unknown-symbol-messages-total", "Market data and rejects of a SymbolID this task did not subscribe"
        + " to, and market data of a symbol the server rejected (a server fault): dropped.", unknownSymbolMessages::get);
    add(metrics, "event-lag-ms", "Receive time minus exchange time of the last live trade, in milliseconds.",
        eventLagMillis::get);
  }

  /** The counters every kind of connection has, named with a prefix and described with a suffix. */
  private static void addConnectionCounters(PluginMetrics metrics, String prefix, String of,
                                            DtcClientMetrics connections) {
    add(metrics, prefix + "protocol-errors-total", "Malformed frames from the server" + of
        + "; each closed the connection.", connections::protocolErrors);
    add(metrics, prefix + "malformed-messages-total", "JSON messages from the server" + of + " that could not be"
        + " decoded; each was skipped and the connection stayed up.", connections::malformedMessages);
    add(metrics, prefix + "unknown-messages-total", "Messages of a type this connector does not know" + of
        + "; each was skipped.", connections::unknownMessages);
    add(metrics, prefix + "read-pauses-total", "Times the socket" + of + " stopped being read because Kafka was"
        + " behind (backpressure).", connections::readPauses);
  }

  private static void add(PluginMetrics metrics, String name, String description, LongSupplier value) {
    metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
        (Gauge<Long>) (config, now) -> value.getAsLong());
  }
}
