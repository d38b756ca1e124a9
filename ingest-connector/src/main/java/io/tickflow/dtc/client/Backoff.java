package io.tickflow.dtc.client;

import java.time.Duration;
import java.util.Random;

/** Exponential reconnect delay with "equal jitter": each delay is uniform in [d/2, d], d doubling up to the max. */
final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private final Random random;
  private int attempts;

  Backoff(Duration min, Duration max, Random random) {
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  long nextDelayMillis() {
    final long ceiling = attempts >= 62 ? maxMillis : Math.min(maxMillis, minMillis << Math.min(attempts, 40));
    attempts++;
    final long half = Math.max(1, ceiling / 2);
    return half + (long) (random.nextDouble() * (ceiling - half + 1));
  }

  void reset() {
    attempts = 0;
  }
}
