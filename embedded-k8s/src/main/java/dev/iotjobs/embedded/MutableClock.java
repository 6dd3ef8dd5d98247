package dev.iotjobs.embedded;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that runs with real time from a chosen offset, and can be moved ahead: for tests of timers and windows. */
public class MutableClock extends Clock {
  private volatile Duration offset;

  public MutableClock(Instant start) {
    this.offset = Duration.between(Instant.now(), start);
  }

  public static MutableClock now() {
    return new MutableClock(Instant.now());
  }

  public void advance(Duration by) {
    offset = offset.plus(by);
  }

  public void set(Instant at) {
    offset = Duration.between(Instant.now(), at);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
