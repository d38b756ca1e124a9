package io.tickflow.connect.dtc;

import io.tickflow.connect.PluginVersion;
import io.tickflow.connect.TaskGroup;
import io.tickflow.connect.TimeMerge;
import io.tickflow.dtc.client.DataRequest;
import io.tickflow.dtc.client.DtcClient;
import io.tickflow.dtc.client.DtcMessageHandler;
import io.tickflow.dtc.client.LogonResult;
import io.tickflow.dtc.client.MarketDataAdapter;
import io.tickflow.dtc.client.MarketDataListener;
import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataFeedStatus;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams this task's symbols from one DTC server: trades (live and backfilled), quotes, depth and security
 * definitions. One source partition per symbol, offset = the last trade's event time and sequence. The DTC client
 * reads the socket on its own thread into a bounded queue that {@link #poll()} drains, and stops reading while the
 * queue is full, so a slow Kafka slows the server down instead of filling the heap.
 */
public final class DtcSourceTask extends SourceTask {

  private static final Logger log = LoggerFactory.getLogger(DtcSourceTask.class);

  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final TaskMetrics metrics = new TaskMetrics();
  private final Map<String, SymbolStream> bySymbol = new LinkedHashMap<>();
  private final Map<Long, SymbolStream> bySymbolId = new HashMap<>();
  private final Events events = new Events();
  private DtcSourceConnectorConfig config;
  private DtcClient client;
  private MarketDataAdapter adapter;
  private TimeMerge merge;
  private TaskGroup.SharedPartitionCheck sharedPartitions;
  /** The records of the poll in progress and its receive time; set only inside {@link #poll()}. */
  private List<SourceRecord> batch;
  private Instant receiveTime;

  public DtcSourceTask() {
    this(Clock.systemUTC());
  }

  DtcSourceTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new DtcSourceConnectorConfig(props);
    log.info("DTC source task starting: {}", config.describe());
    final DtcRecords records = new DtcRecords(config);
    final Map<Map<String, String>, SymbolSpec> partitions = new LinkedHashMap<>();
    config.symbols().forEach(spec -> partitions.put(records.partition(spec), spec));
    final Map<Map<String, String>, Map<String, Object>> offsets =
        context.offsetStorageReader().offsets(partitions.keySet());
    client = new DtcClient(config.clientConfig(), new SessionLog(config.server(), metrics));
    adapter = new MarketDataAdapter(client, events);
    merge = new TimeMerge(config.backfillRoundMaxRecords(), DtcSourceConnectorConfig.BACKFILL_ROUND_MAX_RECORDS_CONFIG,
        config.tradesTopic(), metrics.backfillRoundsSplit);
    partitions.forEach((partition, spec) -> {
      final Map<String, Object> offset = offsets.get(partition);
      log.info("Symbol {} resumes from {}", spec, offset == null ? "no stored offset" : "stored offset " + offset);
      final SymbolStream stream = new SymbolStream(spec, offset, records, metrics, new Backfills(),
          config.backfillLookback(), config.backfillTimeout(), config.backfillSeamTimeout(), System::nanoTime);
      bySymbol.put(spec.symbol(), stream);
      bySymbolId.put(client.subscribe(spec.symbol(), spec.exchange(), config.depthLevels()), stream);
      client.requestSecurityDefinition(spec.symbol(), spec.exchange());
    });
    sharedPartitions = new TaskGroup.SharedPartitionCheck(config.taskGroup(), config.tradesTopic());
    metrics.register(context.pluginMetrics(), client.metrics(), client.historicalMetrics());
    client.start();
  }

  /**
   * Drains up to {@code batch.size} DTC messages; waits up to {@code poll.interval.ms} (woken by {@link #stop()})
   * when none is queued.
   *
   * @throws ConnectException when the server refused the logon for good; connection losses are retried inside
   *                          the client and never reach Connect
   */
  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    synchronized (this) {
      if (stopped.getCount() == 0) {
        return null;
      }
      client.failure().ifPresent(failure -> {
        throw new ConnectException("DTC server " + config.server() + " stopped the session for good: "
            + failure.getMessage(), failure);
      });
      batch = new ArrayList<>();
      receiveTime = clock.instant();
      final int handled = client.poll(events, config.batchSize());
      bySymbol.values().forEach(stream -> stream.checkTimeouts(batch));
      final List<SourceRecord> out = merge.pass(batch, backfillingPartitions(), backfilledDuringPoll());
      batch = null;
      if (!out.isEmpty()) {
        return out;
      }
      if (handled > 0) {
        return null;
      }
    }
    stopped.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    return null;
  }

  /** The source partitions of the symbols waiting for the end of a historical answer. */
  private Set<Map<String, String>> backfillingPartitions() {
    final Set<Map<String, String>> backfilling = new HashSet<>();
    for (final SymbolStream stream : bySymbol.values()) {
      if (stream.isBackfilling()) {
        backfilling.add(stream.partition());
      }
    }
    return backfilling;
  }

  /** Whether any symbol waited for a historical answer during the poll; asks every symbol, which resets it. */
  private boolean backfilledDuringPoll() {
    boolean backfilled = false;
    for (final SymbolStream stream : bySymbol.values()) {
      backfilled |= stream.backfilledSinceAsked();
    }
    return backfilled;
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    sharedPartitions.check(record, metadata);
  }

  /** Wakes a waiting {@link #poll()} and closes the DTC connection. */
  @Override
  public void stop() {
    stopped.countDown();
    synchronized (this) {
      if (client != null) {
        client.close();
      }
    }
  }

  /** Historical-ticks requests through the task's client. */
  private final class Backfills implements SymbolStream.BackfillRequester {
    @Override
    public int request(SymbolSpec spec, long fromEpochMicros) {
      return client.requestHistoricalTicks(spec.symbol(), spec.exchange(), fromEpochMicros);
    }

    @Override
    public void forget(int requestId) {
      client.forgetRequest(requestId);
    }
  }

  /**
   * Routes every polled message: session starts, gaps and rejects are taken from the stream itself, so
   * they are seen in order with the market data around them; market data goes through the client's adapter.
   */
  private final class Events implements DtcMessageHandler, MarketDataListener {
    private final LogonResponse logon = new LogonResponse();
    private final Heartbeat heartbeat = new Heartbeat();
    private final MarketDataFeedStatus feedStatus = new MarketDataFeedStatus();
    private final MarketDataReject marketDataReject = new MarketDataReject();
    private final MarketDepthReject depthReject = new MarketDepthReject();
    private boolean feedWasUnavailable;

    @Override
    public void onMessage(int type, DirectBuffer buffer, int offset, int length) {
      switch (type) {
        case Heartbeat.TYPE:
          if (heartbeat.wrap(buffer, offset, length).numDroppedMessages() > 0) {
            bySymbol.values().forEach(SymbolStream::onGap);
          }
          break;
        case MarketDataFeedStatus.TYPE:
          onFeedStatus(feedStatus.wrap(buffer, offset, length).status());
          break;
        case LogonResponse.TYPE:
          if (logon.wrap(buffer, offset, length).result() == LogonResult.SUCCESS) {
            bySymbol.values().forEach(SymbolStream::onSessionStart);
          }
          break;
        case MarketDataReject.TYPE:
          marketDataReject.wrap(buffer, offset, length);
          withStream(marketDataReject.symbolId(), stream -> stream.onRejected(config.server(),
              marketDataReject.rejectText(), config.tradesTopic(), receiveTime, batch));
          break;
        case MarketDepthReject.TYPE:
          depthReject.wrap(buffer, offset, length);
          withStream(depthReject.symbolId(), stream -> stream.onDepthRejected(config.server(),
              depthReject.rejectText(), config.depthTopic(), receiveTime, batch));
          break;
        default:
          adapter.onMessage(type, buffer, offset, length);
          break;
      }
    }

    /** The server's feed back after an outage: what the live stream missed meanwhile may be in its history. */
    private void onFeedStatus(int status) {
      if (status == MarketDataFeedStatus.AVAILABLE && feedWasUnavailable) {
        bySymbol.values().forEach(SymbolStream::onGap);
      }
      feedWasUnavailable = status == MarketDataFeedStatus.UNAVAILABLE;
    }

    private void withStream(long symbolId, Consumer<SymbolStream> action) {
      final SymbolStream stream = bySymbolId.get(symbolId);
      if (stream != null) {
        action.accept(stream);
        return;
      }
      // Not dropped silently: a server that mixes up SymbolIDs loses data, and the counts must say where it went.
      final long count = metrics.unknownSymbolMessages.incrementAndGet();
      if (Long.bitCount(count) == 1) {
        log.warn("Dropped a DTC message of SymbolID {}, which this task did not subscribe to ({} so far)",
            symbolId, count);
      }
    }

    @Override
    public void onTrade(MarketEvents.Trade trade) {
      withStream(trade.symbolId(), stream -> stream.onLiveTrade(TradeEvent.live(trade, receiveTime), batch));
    }

    @Override
    public void onQuote(MarketEvents.Quote quote) {
      withStream(quote.symbolId(), stream -> stream.onQuote(quote, receiveTime, batch));
    }

    @Override
    public void onDepth(MarketEvents.Depth depth) {
      withStream(depth.symbolId(), stream -> stream.onDepth(depth, receiveTime, batch));
    }

    @Override
    public void onSecurityDefinition(MarketEvents.SecurityDefinition definition) {
      withRequest(definition.requestId(), stream -> stream.onSecurityDefinition(definition, receiveTime, batch));
    }

    @Override
    public void onHistoricalTick(MarketEvents.HistoricalTick tick) {
      withRequest(tick.requestId(), stream -> stream.onHistoricalTick(tick, receiveTime, batch));
    }

    @Override
    public void onHistoricalEnd(int requestId, String reason) {
      withRequest(requestId, stream -> stream.onHistoricalEnd(requestId, reason, batch));
    }

    @Override
    public void onHistoricalComplete(int requestId) {
      withRequest(requestId, stream -> stream.onHistoricalComplete(requestId, batch));
    }

    private void withRequest(int requestId, Consumer<SymbolStream> action) {
      final DataRequest request = client.request(requestId);
      final SymbolStream stream = request == null ? null : bySymbol.get(request.symbol());
      if (stream != null) {
        action.accept(stream);
      }
    }
  }
}
