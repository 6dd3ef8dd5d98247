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

  public RequestThrottle(double perSecond, double burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  public boolean tryAcquire(String thingName) {
    long nowNanos = clock.millis() * 1_000_000L;
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

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }
}
