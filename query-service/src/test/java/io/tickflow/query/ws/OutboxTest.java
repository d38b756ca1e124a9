package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-client queue: ordering, sequence numbers, conflation and the slow-consumer disconnect. */
class OutboxTest {

  /** A socket whose writes complete only when the test says so, like a client that stopped reading. */
  private static final class ManualSink implements MessageSink {
    final List<String> written = new ArrayList<>();
    final List<Integer> writes = new ArrayList<>();
    final List<Runnable> pendingCompletions = new ArrayList<>();
    boolean autoComplete = true;
    int closeCode;
    String closeReason;

    @Override
    public void send(List<byte[]> messages, Runnable onSent, Consumer<Throwable> onFailed) {
      messages.forEach(message -> written.add(new String(message, StandardCharsets.UTF_8)));
      writes.add(messages.size());
      if (autoComplete) {
        onSent.run();
      } else {
        pendingCompletions.add(onSent);
      }
    }

    @Override
    public void ping() {
      throw new UnsupportedOperationException("only the heartbeat pings, not the outbox or hub under test");
    }

    @Override
    public void close(int code, String reason) {
      closeCode = code;
      closeReason = reason;
    }

    void completeAll() {
      autoComplete = true;
      List<Runnable> completions = new ArrayList<>(pendingCompletions);
      pendingCompletions.clear();
      completions.forEach(Runnable::run);
    }
  }

  private static final class CountingListener implements OutboxListener {
    int sent;
    int conflated;
    int slow;

    @Override
    public void sent(int messages) {
      sent += messages;
    }

    @Override
    public void conflated(Channel channel) {
      conflated++;
    }

    @Override
    public void slowConsumer() {
      slow++;
    }

    @Override
    public void writeFailed(Throwable error) {
    }
  }

  private final ManualSink sink = new ManualSink();
  private final CountingListener listener = new CountingListener();

  private static byte[] utf8(String payload) {
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  /** An outbox whose client got {@code subscription}'s snapshot and then stopped reading: writes stay in flight. */
  private Outbox stalledAfterSnapshot(int capacity, Subscription subscription, String snapshot) {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, capacity, listener);
    outbox.offerSnapshot(subscription, snapshot);
    sink.autoComplete = false;
    return outbox;
  }

  /** One update published on its own, as a feed publishes a poll with one record. */
  private static void offer(Outbox outbox, Subscription subscription, String slot, String payload) {
    outbox.queueUpdate(subscription, slot, utf8(payload));
    outbox.flush();
  }

  @Test
  void shouldSendSnapshotThenUpdatesWithConsecutiveSequenceNumbersWhenClientKeepsUp() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 10, listener);
    Subscription bars = new Subscription(SubscriptionKey.bars("ES", "1m"));

    outbox.offerSnapshot(bars, "[1]");
    offer(outbox, bars, "14:30", "{\"c\":2}");
    offer(outbox, bars, "14:30", "{\"c\":3}");

    assertThat(sink.written).containsExactly(
        "{\"type\":\"snapshot\",\"sub\":\"bars:ES:1m\",\"seq\":1,\"conflated\":0,\"data\":[1]}",
        "{\"type\":\"update\",\"sub\":\"bars:ES:1m\",\"seq\":2,\"conflated\":0,\"data\":{\"c\":2}}",
        "{\"type\":\"update\",\"sub\":\"bars:ES:1m\",\"seq\":3,\"conflated\":0,\"data\":{\"c\":3}}");
    assertThat(listener.conflated).isZero();
  }

  @Test
  void shouldHoldUpdatesUntilSnapshotWhenSnapshotIsStillLoading() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 10, listener);
    Subscription trades = new Subscription(SubscriptionKey.of(Channel.TRADES, "ES"));

    offer(outbox, trades, "", "1");
    offer(outbox, trades, "", "2");
    assertThat(sink.written).isEmpty();
    outbox.offerSnapshot(trades, "0");

    assertThat(sink.written).extracting(text -> text.replaceAll(".*\"seq\":(\\d+).*\"data\":(\\d+)}", "$1/$2"))
        .containsExactly("1/0", "2/1", "3/2");
  }

  @Test
  void shouldConflateToLatestStateWhenClientFallsBehind() {
    Subscription quotes = new Subscription(SubscriptionKey.of(Channel.QUOTES, "ES"));
    Outbox outbox = stalledAfterSnapshot(10, quotes, "0");

    offer(outbox, quotes, "", "1");     // written, not completed: the client is behind from here
    for (int i = 2; i <= 500; i++) {
      offer(outbox, quotes, "", Integer.toString(i));
    }
    assertThat(outbox.pending()).isEqualTo(1);
    sink.completeAll();

    assertThat(sink.written).hasSize(3);
    assertThat(sink.written.get(2))
        .isEqualTo("{\"type\":\"update\",\"sub\":\"quotes:ES\",\"seq\":3,\"conflated\":498,\"data\":500}");
    assertThat(listener.conflated).isEqualTo(498);
    assertThat(sink.closeReason).isNull();
  }

  @Test
  void shouldSendNoPendingBarAfterUnsubscribedWhenTheClientWasBehind() {
    Subscription bars = new Subscription(SubscriptionKey.bars("ES", "1m"));
    Outbox outbox = stalledAfterSnapshot(10, bars, "[]");
    offer(outbox, bars, "14:30", "{\"c\":1}"); // written, not completed: the client is behind from here
    offer(outbox, bars, "14:31", "{\"c\":2}");
    offer(outbox, bars, "14:32", "{\"c\":3}");

    bars.end();
    outbox.offerControl("{\"type\":\"unsubscribed\",\"sub\":\"bars:ES:1m\"}");
    sink.completeAll();

    assertThat(sink.written).extracting(text -> text.replaceAll("\"type\":\"(\\w+)\".*?(\"data\":(.*))?}$", "$1 $3"))
        .containsExactly("{snapshot []", "{update {\"c\":1}", "{unsubscribed ");
    assertThat(outbox.pending()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"trades", "quotes"})
  void shouldSendNoUpdateAfterUnsubscribedWhenTheWriterThreadFoundTheSubscriptionBefore(String channel) {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 10, listener);
    Subscription subscription = new Subscription(SubscriptionKey.of(Channel.byLabel(channel).orElseThrow(), "ES"));
    outbox.offerSnapshot(subscription, "0");

    // The writer thread looked the subscription up; the client's unsubscribe ran before it queued the update.
    subscription.end();
    outbox.offerControl("{\"type\":\"unsubscribed\",\"sub\":\"" + subscription.key().id() + "\"}");
    offer(outbox, subscription, "", "1");

    assertThat(sink.written).extracting(text -> text.replaceAll("\"type\":\"(\\w+)\".*", "$1"))
        .containsExactly("{snapshot", "{unsubscribed");
  }

  @Test
  void shouldConflateEachBarWindowApartWhenClientFallsBehind() {
    Subscription bars = new Subscription(SubscriptionKey.bars("ES", "1m"));
    Outbox outbox = stalledAfterSnapshot(10, bars, "[]");

    offer(outbox, bars, "14:30", "\"30r1\"");   // written, not completed
    offer(outbox, bars, "14:30", "\"30r2\"");
    offer(outbox, bars, "14:31", "\"31r0\"");
    offer(outbox, bars, "14:30", "\"30final\""); // the final bar of 14:30 comes after 14:31 opened
    offer(outbox, bars, "14:31", "\"31r1\"");
    sink.completeAll();

    assertThat(sink.written).extracting(text -> text.replaceAll(".*\"seq\":(\\d+),\"conflated\":(\\d+),\"data\":\"(\\w+)\"}",
        "$1/$2/$3")).containsExactly("{\"type\":\"snapshot\",\"sub\":\"bars:ES:1m\",\"seq\":1,\"conflated\":0,\"data\":[]}",
        "2/0/30r1", "3/1/30final", "4/1/31r1");
    assertThat(listener.conflated).isEqualTo(2);
  }

  @Test
  void shouldDisconnectWhenPendingBarWindowsExceedCapacity() {
    Subscription bars = new Subscription(SubscriptionKey.bars("ES", "1m"));
    Outbox outbox = stalledAfterSnapshot(3, bars, "[]");

    for (int minute = 0; minute < 5; minute++) {
      offer(outbox, bars, "14:3" + minute, "{}");
    }

    assertThat(sink.closeCode).isEqualTo(Outbox.CLOSE_SLOW_CONSUMER);
    assertThat(listener.slow).isEqualTo(1);
  }

  @Test
  void shouldTakeNoPlaceOfTheCapacityForPendingStatesWhenControlMessagesQueueBehindThem() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 2, listener);
    Subscription quotes = new Subscription(SubscriptionKey.of(Channel.QUOTES, "ES"));
    Subscription book = new Subscription(SubscriptionKey.of(Channel.BOOK, "ES"));
    outbox.offerSnapshot(quotes, "0");
    outbox.offerSnapshot(book, "0");
    sink.autoComplete = false;
    offer(outbox, quotes, "", "1"); // written, not completed: the client is behind from here
    offer(outbox, quotes, "", "2");
    offer(outbox, book, "", "3");

    // Two pending states wait; the two control messages the capacity allows still fit (api.md: trades and control
    // messages take a place each, bars, quotes and book one pending state per subscription).
    outbox.offerControl("{\"type\":\"pong\",\"id\":1}");
    outbox.offerControl("{\"type\":\"pong\",\"id\":2}");
    assertThat(sink.closeReason).isNull();
    sink.completeAll();

    assertThat(sink.written.subList(2, sink.written.size())).extracting(text -> text.replaceAll(
        ".*\"(sub|id)\":\"?([\\w:]+).*?(\"data\":(\\d+))?}$", "$2 $4")).containsExactly(
        "quotes:ES 1", "quotes:ES 2", "book:ES 3", "1 ", "2 ");
    outbox.offerControl("{\"type\":\"pong\",\"id\":3}");
    assertThat(listener.slow).isZero();
  }

  @Test
  void shouldSendTheSnapshotAndEveryHeldTradeWhenAsManyAsTheCapacityCameWhileItLoaded() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 3, listener);
    Subscription trades = new Subscription(SubscriptionKey.of(Channel.TRADES, "ES"));

    for (int i = 1; i <= 3; i++) {
      offer(outbox, trades, "", Integer.toString(i));
    }
    outbox.offerSnapshot(trades, "0");

    assertThat(sink.written).extracting(text -> text.replaceAll(".*\"seq\":(\\d+).*\"data\":(\\d+)}", "$1/$2"))
        .containsExactly("1/0", "2/1", "3/2", "4/3");
    assertThat(sink.closeReason).isNull();
  }

  @Test
  void shouldTellAndDisconnectTradesClientWhenQueueOverflows() {
    Subscription trades = new Subscription(SubscriptionKey.of(Channel.TRADES, "ES"));
    Outbox outbox = stalledAfterSnapshot(3, trades, "0");

    for (int i = 1; i <= 5; i++) {
      offer(outbox, trades, "", Integer.toString(i));
    }

    assertThat(sink.written.get(sink.written.size() - 1))
        .isEqualTo("{\"type\":\"error\",\"code\":\"slow_consumer\",\"message\":\"slow consumer: more than 3 "
            + "messages waiting\"}");
    assertThat(sink.closeCode).isEqualTo(Outbox.CLOSE_SLOW_CONSUMER);
    assertThat(listener.slow).isEqualTo(1);
    assertThat(outbox.pending()).isZero();
    offer(outbox, trades, "", "6");
    assertThat(outbox.pending()).isZero();
  }

  @Test
  void shouldKeepOneWriteInFlightAndWriteWhatQueuedMeanwhileTogetherWhenWritesCompleteLater() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 10, listener);
    sink.autoComplete = false;

    outbox.offerControl("a");
    outbox.offerControl("b");
    outbox.offerControl("c");
    assertThat(sink.written).containsExactly("a");
    sink.completeAll();

    assertThat(sink.written).containsExactly("a", "b", "c");
    assertThat(sink.writes).containsExactly(1, 2);
    assertThat(listener.sent).isEqualTo(3);
  }

  @Test
  void shouldWriteUpdatesPublishedTogetherInOneWriteWhenFlushed() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 1000, listener);
    Subscription bars = new Subscription(SubscriptionKey.bars("ES", "1m"));
    Subscription trades = new Subscription(SubscriptionKey.of(Channel.TRADES, "ES"));
    outbox.offerSnapshot(bars, "[]");
    outbox.offerSnapshot(trades, "[]");
    sink.writes.clear();
    sink.written.clear();

    outbox.queueUpdate(trades, "", utf8("1"));
    outbox.queueUpdate(bars, "14:30", utf8("\"r1\""));
    outbox.queueUpdate(trades, "", utf8("2"));
    outbox.queueUpdate(bars, "14:30", utf8("\"r2\"")); // the client keeps up: not conflated
    assertThat(sink.written).isEmpty();
    outbox.flush();

    assertThat(sink.writes).containsExactly(4);
    assertThat(sink.written).extracting(text -> text.replaceAll(".*\"sub\":\"(\\w+):.*\"seq\":(\\d+).*\"data\":(.*)}", "$1/$2/$3"))
        .containsExactly("trades/2/1", "bars/2/\"r1\"", "trades/3/2", "bars/3/\"r2\"");
    assertThat(listener.sent).isEqualTo(6);
    assertThat(listener.conflated).isZero();
  }

  @Test
  void shouldStartWritingBeforeTheFlushWhenAFullBatchWaits() {
    Outbox outbox = new Outbox(sink, Framing.MESSAGES, 1000, listener);
    Subscription trades = new Subscription(SubscriptionKey.of(Channel.TRADES, "ES"));
    outbox.offerSnapshot(trades, "[]");
    sink.writes.clear();
    int burst = 3 * Outbox.MAX_BATCH + 5;

    for (int i = 1; i <= burst; i++) {
      outbox.queueUpdate(trades, "", utf8(Integer.toString(i)));
    }
    assertThat(sink.writes).containsExactly(Outbox.MAX_BATCH, Outbox.MAX_BATCH, Outbox.MAX_BATCH);
    outbox.flush();

    assertThat(sink.writes).containsExactly(Outbox.MAX_BATCH, Outbox.MAX_BATCH, Outbox.MAX_BATCH, 5);
    assertThat(sink.written).hasSize(burst + 1).last().asString().endsWith("\"data\":" + burst + "}");
    assertThat(sink.closeReason).isNull();
  }

  @Test
  void shouldRejectCapacityBelowOne() {
    assertThatThrownBy(() -> new Outbox(sink, Framing.MESSAGES, 0, listener)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, was 0");
  }
}
