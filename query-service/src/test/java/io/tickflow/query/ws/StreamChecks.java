package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of what a WebSocket client received against docs/api.md (WebSocket section), for the randomized tests:
 * test payloads are {@code {"v":n}} with n unique over a run, snapshots are anything.
 */
public final class StreamChecks {

  /** What the randomized tests subscribe to: every channel of two symbols. */
  static final List<SubscriptionKey> KEYS = List.of(
      SubscriptionKey.bars("ES", "1m"), SubscriptionKey.of(Channel.TRADES, "ES"),
      SubscriptionKey.of(Channel.QUOTES, "ES"), SubscriptionKey.of(Channel.BOOK, "ES"),
      SubscriptionKey.bars("NQ", "1m"), SubscriptionKey.of(Channel.TRADES, "NQ"),
      SubscriptionKey.of(Channel.QUOTES, "NQ"), SubscriptionKey.of(Channel.BOOK, "NQ"));

  private StreamChecks() {
  }

  /** Unpacks batched frames (each a JSON array of at least one message) into the messages they carry. */
  public static List<JsonNode> messages(List<JsonNode> frames, Framing framing) {
    List<JsonNode> messages = new ArrayList<>();
    for (JsonNode frame : frames) {
      if (framing == Framing.ARRAY) {
        assertThat(frame.isArray() && !frame.isEmpty()).as("batched frame %s", frame).isTrue();
        frame.forEach(messages::add);
      } else {
        messages.add(frame);
      }
    }
    return messages;
  }

  /**
   * The snapshots and updates of subscription {@code id}, one list per life (from a {@code subscribed} answer to its
   * {@code unsubscribed}); fails on any outside a life. Each life's messages are checked to be a snapshot then
   * updates numbered 1, 2, 3, ... without gap.
   */
  public static List<List<JsonNode>> lives(String where, String id, List<JsonNode> received) {
    List<List<JsonNode>> lives = new ArrayList<>();
    List<JsonNode> current = null;
    for (JsonNode message : received) {
      if (!id.equals(message.path("sub").asText())) {
        continue;
      }
      String type = message.get("type").asText();
      if (type.equals("subscribed")) {
        current = new ArrayList<>();
        lives.add(current);
      } else if (type.equals("unsubscribed")) {
        current = null;
      } else if (!type.equals("error")) {
        assertThat(current).as("%s: %s outside a subscription (after its unsubscribed)", where, message).isNotNull();
        current.add(message);
      }
    }
    for (int i = 0; i < lives.size(); i++) {
      List<JsonNode> life = lives.get(i);
      for (int j = 0; j < life.size(); j++) {
        assertThat(life.get(j).get("type").asText()).as("%s life %d message %d", where, i, j)
            .isEqualTo(j == 0 ? "snapshot" : "update");
        assertThat(life.get(j).get("seq").asLong()).as("%s life %d: seq of message %d", where, i, j)
            .isEqualTo(j + 1);
      }
    }
    return lives;
  }

  static int value(JsonNode update) {
    return update.get("data").get("v").asInt();
  }

  /**
   * Checks conflated updates against what their subscription was handed, slot by slot: each update is a later value
   * of its slot, standing for itself and the {@code conflated} updates it replaced.
   *
   * @param handedBySlot the values handed to the subscription, per slot, in order
   * @param fromStart whether the subscription was handed the first of each slot's values (else the count of a slot's
   *     first update is only bounded: the updates before the subscription began are unknown)
   * @param complete whether the stream quiesced with the subscription still on: each slot must end at its latest value
   *     and every update be delivered or counted
   */
  static void conflated(String where, Map<String, List<Integer>> handedBySlot, List<JsonNode> updates,
                        boolean fromStart, boolean complete) {
    Map<Integer, String> slotOf = new HashMap<>();
    handedBySlot.forEach((slot, values) -> values.forEach(value -> slotOf.put(value, slot)));
    Map<String, Integer> next = new HashMap<>();
    long stoodFor = 0;
    for (JsonNode update : updates) {
      String slot = slotOf.get(value(update));
      assertThat(slot).as("%s: %s was published to this subscription", where, update).isNotNull();
      int at = handedBySlot.get(slot).indexOf(value(update));
      Integer from = next.get(slot);
      long conflated = update.get("conflated").asLong();
      if (from != null || fromStart) {
        int expected = at - (from == null ? 0 : from);
        assertThat(expected).as("%s: %s in order within its slot", where, update).isNotNegative();
        assertThat(conflated).as("%s: conflated count of %s", where, update).isEqualTo(expected);
      } else {
        assertThat(conflated).as("%s: conflated count of %s", where, update).isBetween(0L, (long) at);
      }
      next.put(slot, at + 1);
      stoodFor += 1 + conflated;
    }
    if (complete) {
      next.forEach((slot, position) -> assertThat(position).as("%s: slot %s ends at its latest value", where, slot)
          .isEqualTo(handedBySlot.get(slot).size()));
      if (fromStart) {
        assertThat(next.keySet()).as("%s: every slot delivered", where).isEqualTo(handedBySlot.keySet());
        assertThat(stoodFor).as("%s: every update delivered or counted as conflated", where)
            .isEqualTo(handedBySlot.values().stream().mapToInt(List::size).sum());
      }
    }
  }
}
