package io.tickflow.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.query.alerts.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private final SettableClock clock = new SettableClock(T0);
  private final RateLimiter limiter = new RateLimiter(1, 1, clock);

  @Test
  void shouldRefillFromTheNewTimeAfterTheWallClockSteppedBack() {
    assertThat(limiter.tryAcquire("k")).isEmpty();

    clock.set(T0.minus(Duration.ofHours(1)));
    assertThat(limiter.tryAcquire("k")).as("a step back refills nothing").isEqualTo(OptionalLong.of(1));
    clock.set(T0.minus(Duration.ofHours(1)).plusSeconds(1));
    assertThat(limiter.tryAcquire("k")).as("a second later, a token again").isEmpty();
  }
}
