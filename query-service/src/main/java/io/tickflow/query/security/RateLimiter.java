package io.tickflow.query.security;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per API key: {@code burst} requests at once, refilled at {@code perSecond}. Hand-written
 * because Javalin's bundled RateLimitPlugin limits per IP and route, not per key. Thread-safe.
 */
public final class RateLimiter {

  private final double perSecond;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond sustained rate, greater than 0
   * @param burst bucket size, at least 1
   * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime})
   */
  public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("perSecond must be > 0 and burst >= 1, were " + perSecond + " and " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return empty when allowed; else the whole seconds to wait before a token is available (at least 1)
   */
  public OptionalLong tryAcquire(String key) {
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoClock.getAsLong())).take(nanoClock.getAsLong());
  }

  private final class Bucket {
    private double tokens;
    private long lastNanos;

    private Bucket(double tokens, long nowNanos) {
      this.tokens = tokens;
      this.lastNanos = nowNanos;
    }

    private synchronized OptionalLong take(long nowNanos) {
      tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
      lastNanos = nowNanos;
      if (tokens >= 1) {
        tokens -= 1;
        return OptionalLong.empty();
      }
      return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perSecond)));
    }
  }
}
