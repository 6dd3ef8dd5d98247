package dev.iotjobs.bridge.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * When a device's request is worth recording as {@code Thing.status.lastSeenAt}: the first time, then at most once
 * per interval (a minute by default), so presence costs nearly no API writes however chatty a device is. Pure: the
 * caller brings the time. Things not seen for an interval are forgotten, so memory follows the active fleet.
 */
public final class PresenceDebounce {
  /** How often at most a thing's lastSeenAt is written, by this bridge or, when one wrote it lately, by any. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);
  private final Duration interval;
  private final Map<String, Instant> recorded = new HashMap<>();
  private Instant lastSweep = Instant.EPOCH;

  public PresenceDebounce(Duration interval) {
    this.interval = interval;
  }

  /** Whether to record that the thing was seen now; if so, it counts as recorded. */
  public synchronized boolean seen(String thing, Instant now) {
    sweep(now);
    Instant last = recorded.get(thing);
    if (last != null && now.isBefore(last.plus(interval))) {
      return false;
    }
    recorded.put(thing, now);
    return true;
  }

  /** Drops things recorded more than an interval ago: recording them again is due anyway. */
  private void sweep(Instant now) {
    if (now.isBefore(lastSweep.plus(interval))) {
      return;
    }
    lastSweep = now;
    for (Iterator<Instant> it = recorded.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().plus(interval))) {
        it.remove();
      }
    }
  }

  synchronized int remembered() {
    return recorded.size();
  }
}
