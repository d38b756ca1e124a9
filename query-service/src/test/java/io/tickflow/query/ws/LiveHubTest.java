package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Registration of clients and subscriptions in the hub. */
class LiveHubTest {

  private static final SubscriptionKey QUOTES = SubscriptionKey.of(Channel.QUOTES, "ES");
  private static final int ROUNDS = 20_000;

  @Test
  void shouldKeepNoSubscriberWhenTheClientWasRemovedBeforeItsSubscribeRan() {
    try (LiveHub hub = new LiveHub(1)) {
      ClientConnection client = client("c");
      hub.add(client);
      hub.subscribe(client, SubscriptionKey.of(Channel.TRADES, "ES"));

      // The Jetty thread took up the subscribe; a slow-consumer disconnect removed the client before it ran.
      assertThat(hub.remove(client)).isTrue();
      Subscription late = hub.subscribe(client, QUOTES).orElseThrow();

      assertThat(late.ended()).isTrue();
      assertThat(hub.hasSubscribers(QUOTES)).isFalse();
      assertThat(hub.subscribed(Channel.QUOTES)).isEmpty();
      assertThat(client.subscriptions()).isEmpty();
    }
  }

  /**
   * A disconnect on another thread (slow consumer, heartbeat, socket error) while the subscribe runs: whichever
   * way the two interleave, no subscriber of a gone client stays. Left, the hub kept feeding the key for good (seen
   * in ClientMessagesPropertyTest: the bars of ES followed with no client connected). Many rounds, as the window is
   * a few instructions wide.
   */
  @Test
  void shouldKeepNoSubscriberWhenTheClientIsRemovedWhileItsSubscribeRuns() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (LiveHub hub = new LiveHub(1)) {
      for (int round = 0; round < ROUNDS; round++) {
        ClientConnection client = client("c" + round);
        hub.add(client);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> subscribe = threads.submit(() -> {
          start.await();
          return hub.subscribe(client, QUOTES);
        });
        Future<?> remove = threads.submit(() -> {
          start.await();
          return hub.remove(client);
        });
        subscribe.get(10, TimeUnit.SECONDS);
        remove.get(10, TimeUnit.SECONDS);

        assertThat(hub.subscribed(Channel.QUOTES)).as("round %d", round).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static ClientConnection client(String id) {
    ControlledSink sink = new ControlledSink(true, Framing.MESSAGES);
    return new ClientConnection(id, sink, new Outbox(sink, Framing.MESSAGES, 4, new QuietListener() { }), Map.of(),
        () -> 0, 0);
  }
}
