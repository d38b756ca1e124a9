package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Registration of clients and subscriptions in the hub. */
class LiveHubTest {

  private static final SubscriptionKey QUOTES = SubscriptionKey.of(Channel.QUOTES, "ES");

  private static final class NoSink implements MessageSink {
    @Override
    public void send(List<byte[]> messages, Runnable onSent, Consumer<Throwable> onFailed) {
      onSent.run();
    }

    @Override
    public void close(int code, String reason) {
    }
  }

  private static final class NoListener implements OutboxListener {
    @Override
    public void sent(int messages) {
    }

    @Override
    public void conflated(Channel channel) {
    }

    @Override
    public void slowConsumer() {
    }

    @Override
    public void writeFailed(Throwable error) {
    }
  }

  @Test
  void shouldKeepNoSubscriberWhenTheClientWasRemovedBeforeItsSubscribeRan() {
    try (LiveHub hub = new LiveHub(1)) {
      NoSink sink = new NoSink();
      ClientConnection client = new ClientConnection("c", sink, new Outbox(sink, Framing.MESSAGES, 4,
          new NoListener()), Map.of(), 0);
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
