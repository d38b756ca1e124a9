package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration of clients and subscriptions in the hub. */
class LiveHubTest {

  private static final SubscriptionKey QUOTES = SubscriptionKey.of(Channel.QUOTES, "ES");

  @Test
  void shouldKeepNoSubscriberWhenTheClientWasRemovedBeforeItsSubscribeRan() {
    try (LiveHub hub = new LiveHub(1)) {
      ControlledSink sink = new ControlledSink(true, Framing.MESSAGES);
      ClientConnection client = new ClientConnection("c", sink, new Outbox(sink, Framing.MESSAGES, 4,
          new QuietListener() { }), Map.of(), () -> 0, 0);
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
}
