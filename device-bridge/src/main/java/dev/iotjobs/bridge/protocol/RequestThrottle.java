package dev.iotjobs.bridge.protocol;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per thing: a device asking faster than the rate gets RequestThrottled, other devices do not. */
public class RequestThrottle {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private static final long SWEEP_EVERY_NANOS = 5_000_000_000L;
  private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile long lastSweepNanos;

  public RequestThrottle(double perSecond, double burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  public boolean tryAcquire(String thingName) {
    long nowNanos = clock.millis() * 1_000_000L;
    sweep(nowNanos);
    Bucket bucket = buckets.computeIfAbsent(thingName, k -> new Bucket(burst, nowNanos));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.lastNanos) / 1e9 * perSecond);
      bucket.lastNanos = nowNanos;
      if (bucket.tokens < 1) {
        return false;
      }
      bucket.tokens -= 1;
      return true;
    }
  }

  /**
   * Lets go of the buckets that have filled up again (as good as none), at most once per {@link #SWEEP_EVERY_NANOS}:
   * memory follows the devices asking now, not every thing name that ever asked.
   */
  private void sweep(long nowNanos) {
    long last = lastSweepNanos;
    if (nowNanos - last < SWEEP_EVERY_NANOS || !sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      lastSweepNanos = nowNanos;
      buckets.values().removeIf(bucket -> {
        synchronized (bucket) {
          return bucket.tokens + (nowNanos - bucket.lastNanos) / 1e9 * perSecond >= burst;
        }
      });
    } finally {
      sweeping.set(false);
    }
  }

  /** How many things have a bucket now. */
  int buckets() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }
}
