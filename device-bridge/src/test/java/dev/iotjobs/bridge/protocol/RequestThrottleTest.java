package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RequestThrottleTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @Test
  void aDeviceAskingFasterThanTheRateIsThrottledAndOthersAreNot() {
    RequestThrottle throttle = new RequestThrottle(1, 2, clock);
    assertThat(throttle.tryAcquire("a")).isTrue();
    assertThat(throttle.tryAcquire("a")).isTrue();
    assertThat(throttle.tryAcquire("a")).isFalse();
    assertThat(throttle.tryAcquire("b")).isTrue();
    now.set(now.get().plusSeconds(1));
    assertThat(throttle.tryAcquire("a")).isTrue();
    assertThat(throttle.tryAcquire("a")).isFalse();
  }

  /**
   * A bucket that has filled up again is the same as none: it is let go, so memory follows the devices asking now,
   * not every thing name that ever asked (a client publishing under made-up names grew the map without end).
   */
  @Test
  void bucketsThatFilledUpAgainAreForgotten() {
    RequestThrottle throttle = new RequestThrottle(10, 20, clock);
    for (int i = 0; i < 10_000; i++) {
      throttle.tryAcquire("made-up-" + i);
    }
    assertThat(throttle.buckets()).isEqualTo(10_000);
    now.set(now.get().plus(Duration.ofMillis(50)));
    throttle.tryAcquire("busy");
    throttle.tryAcquire("busy");
    assertThat(throttle.buckets()).as("not full again yet: kept").isEqualTo(10_001);

    now.set(now.get().plus(Duration.ofSeconds(10))); // every bucket has refilled, the busy one too
    assertThat(throttle.tryAcquire("busy")).isTrue();
    assertThat(throttle.buckets()).isEqualTo(1);
    for (int i = 0; i < 19; i++) {
      assertThat(throttle.tryAcquire("busy")).as("a forgotten bucket starts full").isTrue();
    }
    assertThat(throttle.tryAcquire("busy")).isFalse();
  }
}
