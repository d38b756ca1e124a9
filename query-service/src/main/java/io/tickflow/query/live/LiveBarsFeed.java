package io.tickflow.query.live;

import io.tickflow.bars.TradingSession;
import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.data.BarView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.query.ws.LiveUpdate;
import io.tickflow.query.ws.SubscriptionKey;
import io.tickflow.schemas.Bar;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.IsolationLevel;

/**
 * Fans bar revisions out to WebSocket subscribers: live revisions from {@code tickflow.bars.live} and final bars
 * from {@code tickflow.bars.final}, newest revision per window only ({@link BarRevisions}). Each update replaces the
 * client's pending update of the same window only, so conflation never hides a window's final version. Also feeds
 * the trade-to-bar latency histogram and the per-symbol feed staleness.
 */
public final class LiveBarsFeed implements AutoCloseable {

  private final TopicFollower<Bar> follower;
  private final BarRevisions revisions = new BarRevisions();
  private final LiveHub hub;
  private final QueryMetrics metrics;
  private final FeedHealth feedHealth;
  private final Formats formats;
  private final Function<Bar, Optional<TradingSession>> sessions;
  private final Clock clock;

  /** @param sessions the session that labels a daily or weekly bar with its trading date ({@code TradingDates}) */
  public LiveBarsFeed(String bootstrapServers, LiveHub hub, QueryMetrics metrics, FeedHealth feedHealth,
                      Formats formats, Function<Bar, Optional<TradingSession>> sessions, Clock clock) {
    // Uncommitted reads save clients the wait for the Streams app's commit (up to its interval, 100 ms). A revision
    // of a transaction that aborts is harmless: reprocessing the same input makes the same bars, and a revision not
    // newer than one already sent is dropped (BarRevisions).
    this.follower = new TopicFollower<>(bootstrapServers, "tickflow-query-live-bars",
        List.of(TickflowTopics.BARS_LIVE, TickflowTopics.BARS_FINAL), IsolationLevel.READ_UNCOMMITTED,
        new AvroDeserializer<>(Bar.class), this::onBars);
    this.hub = hub;
    this.metrics = metrics;
    this.feedHealth = feedHealth;
    this.formats = formats;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** Starts following from the topics' end. */
  public LiveBarsFeed start() {
    follower.start();
    return this;
  }

  private void onBars(ConsumerRecords<String, Bar> records) {
    List<LiveUpdate> updates = new ArrayList<>();
    records.forEach(record -> onBar(record, updates));
    hub.publish(updates);
  }

  private void onBar(ConsumerRecord<String, Bar> record, List<LiveUpdate> updates) {
    Bar bar = record.value();
    if (bar == null || !revisions.isNewer(bar)) {
      return;
    }
    if (!bar.getIsFinal()) {
      metrics.barLatency(Duration.between(bar.getLastTradeTime(), clock.instant()));
    }
    feedHealth.onTrade(bar.getSymbol(), bar.getLastTradeTime());
    SubscriptionKey key = SubscriptionKey.bars(bar.getSymbol(), bar.getTimeframe());
    if (hub.hasSubscribers(key)) {
      updates.add(new LiveUpdate(key, bar.getWindowStart().toString(),
          formats.toJson(BarView.of(bar, sessions.apply(bar)))));
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
