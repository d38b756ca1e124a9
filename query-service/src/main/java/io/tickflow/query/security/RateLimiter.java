package io.tickflow.query.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per API key: {@code burst} requests at once, refilled at {@code perSecond}. Hand-written
 * because Javalin's bundled RateLimitPlugin limits per IP and route, not per key. Thread-safe.
 */
public final class RateLimiter {

  private final double perSecond;
  private final int burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond sustained rate, greater than 0
   * @param burst bucket size, at least 1
   * @param clock the service's clock (a test moves it by hand); a step back refills nothing and refuses no more
   */
  public RateLimiter(double perSecond, int burst, Clock clock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("perSecond must be > 0 and burst >= 1, were " + perSecond + " and " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return empty when allowed; else the whole seconds to wait before a token is available (at least 1)
   */
  public OptionalLong tryAcquire(String key) {
    long now = nanos(clock.instant());
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private final class Bucket {
    private double tokens;
    private long lastNanos;

    private Bucket(double tokens, long nowNanos) {
      this.tokens = tokens;
      this.lastNanos = nowNanos;
    }

    private synchronized OptionalLong take(long nowNanos) {
      // The wall clock may step back (NTP): that refills nothing, and the bucket counts on from the new time, not
      // from the old one (which would refill nothing until the clock got back to it, refusing the key all along).
      tokens = Math.min(burst, tokens + Math.max(0, nowNanos - lastNanos) / 1e9 * perSecond);
      lastNanos = nowNanos;
      if (tokens >= 1) {
        tokens -= 1;
        return OptionalLong.empty();
      }
      return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perSecond)));
    }
  }
}
