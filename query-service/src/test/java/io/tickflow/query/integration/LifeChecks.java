package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.http.BarsBody;
import io.tickflow.query.ws.Channel;
import io.tickflow.query.ws.SubscriptionKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks what a WebSocket client got in one life of a subscription (from its {@code subscribed} to its
 * {@code unsubscribed}) against what a {@link RandomMarket} must make, per docs/api.md: trades from the one after the
 * snapshot's (or before: updates may repeat it) on, each once, in order; bar updates never going back a version, and
 * bars applied as the API tells clients to; quotes and books at their latest state.
 */
record LifeChecks(RandomMarket market, ObjectMapper json) {

  /**
   * Checks one life of a subscription, its snapshot then its updates (their order and seq are checked by
   * {@link io.tickflow.query.ws.StreamChecks#lives}).
   *
   * @param toEnd whether the client still held it when the feeds went quiet: it must end at the latest state
   */
  void check(String where, SubscriptionKey key, List<JsonNode> life, boolean toEnd) {
    if (life.isEmpty()) {
      assertThat(toEnd).as("%s: a held subscription has its snapshot", where).isFalse();
      return;
    }
    List<JsonNode> data = life.stream().map(message -> message.get("data")).toList();
    if (key.channel() == Channel.TRADES) {
      checkTrades(where, data, market.acceptedSequences(key.symbol()), toEnd);
    } else if (key.channel() == Channel.BARS) {
      checkBars(where, data, market.expectedBars(key.symbol(), key.timeframe()), toEnd);
    } else if (toEnd) {
      Optional<?> latest = key.channel() == Channel.QUOTES ? market.latestQuote(key.symbol())
          : market.book(key.symbol());
      Class<?> type = key.channel() == Channel.QUOTES ? QuoteView.class : BookView.class;
      JsonNode last = data.get(data.size() - 1);
      assertThat(last.isNull() ? Optional.empty() : Optional.of(read(last, type))).as("%s: latest state", where)
          .isEqualTo(latest);
    }
  }

  /**
   * The snapshot is an accepted trade (or none yet); the updates are consecutive accepted trades from no later than
   * the one after it; a subscription held to the end gets the last.
   */
  private static void checkTrades(String where, List<JsonNode> data, List<Integer> accepted, boolean toEnd) {
    int snapshot = data.get(0).isNull() ? -1 : accepted.indexOf(data.get(0).get("sequence").asInt());
    assertThat(data.get(0).isNull() || snapshot >= 0).as("%s: snapshot %s accepted", where, data.get(0)).isTrue();
    List<Integer> updates = data.subList(1, data.size()).stream().map(trade -> trade.get("sequence").asInt())
        .toList();
    int last = snapshot;
    if (!updates.isEmpty()) {
      int from = accepted.indexOf(updates.get(0));
      assertThat(from).as("%s: first update %s accepted", where, updates.get(0)).isNotNegative();
      assertThat(from).as("%s: first update after snapshot %s", where, data.get(0))
          .isLessThanOrEqualTo(snapshot + 1);
      assertThat(updates).as("%s: consecutive trades", where)
          .isEqualTo(accepted.subList(from, Math.min(accepted.size(), from + updates.size())));
      last = from + updates.size() - 1;
    }
    if (toEnd) {
      assertThat(last).as("%s: up to the last of %s trades", where, accepted.size()).isEqualTo(accepted.size() - 1);
    }
  }

  /**
   * Each window's updates come in rising versions; applied over the snapshot as docs/api.md tells (an older version
   * than the one held is dropped), a subscription held to the end holds the expected bars.
   */
  private void checkBars(String where, List<JsonNode> data, TreeMap<Instant, BarView> expected, boolean toEnd) {
    TreeMap<Instant, BarView> view = new TreeMap<>();
    if (!data.get(0).isNull()) {
      read(data.get(0), BarsBody.class).bars().forEach(bar -> view.put(bar.start(), bar));
    }
    Map<Instant, Long> updated = new HashMap<>();
    for (JsonNode update : data.subList(1, data.size())) {
      BarView bar = read(update, BarView.class);
      Long before = updated.put(bar.start(), rank(bar));
      assertThat(rank(bar)).as("%s: version of %s after %s", where, bar, before)
          .isGreaterThan(before == null ? -1 : before);
      view.merge(bar.start(), bar, (held, newer) -> rank(newer) >= rank(held) ? newer : held);
    }
    if (toEnd) {
      assertThat(differences(view, expected)).as("%s: bars held against the expected ones", where).isEmpty();
    }
  }

  /** The windows whose bars differ, each as the bar held and the bar expected. */
  static List<String> differences(TreeMap<Instant, BarView> held, TreeMap<Instant, BarView> expected) {
    TreeSet<Instant> windows = new TreeSet<>(held.keySet());
    windows.addAll(expected.keySet());
    return windows.stream().filter(start -> !Objects.equals(held.get(start), expected.get(start)))
        .map(start -> held.get(start) + " instead of " + expected.get(start)).toList();
  }

  /** A bar's version: its revision, the final bar above the live one of the same revision. */
  static long rank(BarView bar) {
    return 2L * bar.revision() + (bar.closed() ? 1 : 0);
  }

  private <T> T read(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a " + type.getSimpleName() + ": " + node, e);
    }
  }
}
