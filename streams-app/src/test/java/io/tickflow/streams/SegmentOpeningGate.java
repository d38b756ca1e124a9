package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Holds the opening of one RocksDB store (a window store segment is one) on the thread that opens it, until
 * released: Kafka Streams creates the config setter by its class name, hence the static hold.
 */
public final class SegmentOpeningGate implements RocksDBConfigSetter {

  private static volatile Hold hold;

  public static void hold(String storeName) {
    hold = new Hold(storeName, new CountDownLatch(1), new CountDownLatch(1));
  }

  public static void awaitHeld() throws InterruptedException {
    Hold current = hold;
    assertThat(current.held().await(30, TimeUnit.SECONDS)).as("the stream thread opening " + current.storeName())
        .isTrue();
  }

  public static void release() {
    Hold current = hold;
    hold = null;
    if (current != null) {
      current.released().countDown();
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Hold current = hold;
    if (current != null && current.storeName().equals(storeName)) {
      current.held().countDown();
      try {
        current.released().await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close(String storeName, Options options) {
  }

  private record Hold(String storeName, CountDownLatch held, CountDownLatch released) {
  }
}
