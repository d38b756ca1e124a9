package io.tickflow.query.live;

import io.tickflow.query.http.ApiException;
import io.tickflow.query.ws.Channel;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.query.ws.LiveUpdate;
import io.tickflow.query.ws.SnapshotLoader;
import io.tickflow.query.ws.SubscriptionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live quotes and books for WebSocket subscribers. No topic carries them normalized (the raw quotes and depth
 * topics have raw symbols; the Streams app keeps the results in stores only), so the subscribed symbols are read
 * every interval, from whichever instance holds them (the snapshot's routing), and a changed state is sent as an
 * update. Updates are thus at most one interval late and may skip intermediate states, which the channels allow
 * (they are conflated anyway). One thread; start once, close once.
 */
public final class StatePoller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatePoller.class);
  private static final List<Channel> CHANNELS = List.of(Channel.QUOTES, Channel.BOOK);

  private final LiveHub hub;
  private final SnapshotLoader loader;
  private final Map<SubscriptionKey, String> lastSent = new HashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "ws-state-poller");
    thread.setDaemon(true);
    return thread;
  });

  public StatePoller(LiveHub hub, SnapshotLoader loader) {
    this.hub = hub;
    this.loader = loader;
  }

  /** Polls every {@code interval} until closed. */
  public StatePoller start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads every subscribed quote and book once and sends those that changed. */
  void poll() {
    List<LiveUpdate> updates = new ArrayList<>();
    for (Channel channel : CHANNELS) {
      Set<SubscriptionKey> keys = hub.subscribed(channel);
      lastSent.keySet().removeIf(key -> key.channel() == channel && !keys.contains(key));
      keys.forEach(key -> pollOne(key, updates));
    }
    hub.publish(updates);
  }

  private void pollOne(SubscriptionKey key, List<LiveUpdate> updates) {
    String state;
    try {
      state = loader.load(key, hub.forwardHeaders(key));
    } catch (ApiException e) {
      log.debug("{} cannot be read now: {}", key.id(), e.getMessage());
      return;
    }
    if (!state.equals(SnapshotLoader.NO_DATA) && !state.equals(lastSent.put(key, state))) {
      updates.add(LiveUpdate.of(key, state));
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.error("Polling quotes and books failed", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
