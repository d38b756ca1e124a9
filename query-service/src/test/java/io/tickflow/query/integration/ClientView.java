package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.data.BarView;
import io.tickflow.query.http.BarsBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a WebSocket client knows after applying every message it received, as the API tells clients to: per bars
 * subscription the snapshot's bars, upserted by start; per other subscription the data of each message in order.
 * Checks on the way that each subscription's {@code seq} runs 1, 2, 3 ... without a gap and that no update brings
 * an older version of a bar than the one the client has.
 */
final class ClientView {

  private final Supplier<List<JsonNode>> received;
  private final ObjectMapper json;
  private final Map<String, TreeMap<Instant, BarView>> bars = new HashMap<>();
  private final Map<String, List<JsonNode>> data = new HashMap<>();
  private final Map<String, Long> seq = new HashMap<>();
  private long updates;
  private long conflated;

  /**
   * @param received takes the messages a client received since the last call
   */
  ClientView(Supplier<List<JsonNode>> received, ObjectMapper json) {
    this.received = received;
    this.json = json;
  }

  /** Applies every message received so far; returns this for chaining in awaits. */
  ClientView refresh() {
    received.get().forEach(this::apply);
    return this;
  }

  private void apply(JsonNode message) {
    String type = message.path("type").asText();
    if (!type.equals("snapshot") && !type.equals("update")) {
      return;
    }
    String sub = message.get("sub").asText();
    long expectedSeq = seq.getOrDefault(sub, 0L) + 1;
    assertThat(message.get("seq").asLong()).as("seq of %s", sub).isEqualTo(expectedSeq);
    seq.put(sub, expectedSeq);
    if (type.equals("update")) {
      updates++;
      conflated += message.get("conflated").asLong();
    }
    if (sub.startsWith("bars:")) {
      applyBars(sub, type, message.get("data"));
    } else {
      data.computeIfAbsent(sub, s -> new ArrayList<>()).add(message.get("data"));
    }
  }

  private void applyBars(String sub, String type, JsonNode payload) {
    TreeMap<Instant, BarView> series = bars.computeIfAbsent(sub, s -> new TreeMap<>());
    try {
      if (type.equals("snapshot")) {
        json.treeToValue(payload, BarsBody.class).bars().forEach(bar -> series.put(bar.start(), bar));
        return;
      }
      BarView bar = json.treeToValue(payload, BarView.class);
      BarView known = series.get(bar.start());
      if (known != null) {
        assertThat(rank(bar)).as("version of %s %s", sub, bar.start()).isGreaterThanOrEqualTo(rank(known));
      }
      series.put(bar.start(), bar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long rank(BarView bar) {
    return 2L * bar.revision() + (bar.closed() ? 1 : 0);
  }

  /** Whether the subscription's snapshot came. */
  boolean hasSnapshot(String sub) {
    return seq.containsKey(sub);
  }

  /** The bars of a bars subscription, by start. */
  TreeMap<Instant, BarView> bars(String sub) {
    return bars.getOrDefault(sub, new TreeMap<>());
  }

  /** The data of a trades, quotes or book subscription's messages, snapshot first. */
  List<JsonNode> data(String sub) {
    return data.getOrDefault(sub, List.of());
  }

  long updates() {
    return updates;
  }

  /** Updates replaced by later ones before they were sent, summed over the updates received. */
  long conflated() {
    return conflated;
  }
}
