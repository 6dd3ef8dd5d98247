package dev.iotjobs.operator.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * At most one wake-up per key (a job) per window for a stream of changes (its executions'), and never a change left
 * without one after it: the first change after a quiet window passes at once, the next within the window asks for one
 * wake-up at the window's end, and the rest until then ride on that one. Pure: the caller passes the time.
 */
final class ChangeDebounce<K> {
  /** What to do with a change: wake now, wake at a time (once), or nothing (a wake-up is already due). */
  record Decision(boolean now, Optional<Instant> at) {
    static final Decision NOW = new Decision(true, Optional.empty());
    static final Decision COVERED = new Decision(false, Optional.empty());
  }

  private final Duration window;
  private final Map<K, Instant> lastWake = new HashMap<>();
  private final Set<K> due = new HashSet<>();

  ChangeDebounce(Duration window) {
    this.window = window;
  }

  synchronized Decision changed(K key, Instant now) {
    if (due.contains(key)) {
      return Decision.COVERED;
    }
    Instant last = lastWake.get(key);
    if (last == null || !now.isBefore(last.plus(window))) {
      lastWake.put(key, now);
      return Decision.NOW;
    }
    due.add(key);
    return new Decision(false, Optional.of(last.plus(window)));
  }

  /** The wake-up asked for has happened: later changes are judged from now. */
  synchronized void woke(K key, Instant now) {
    due.remove(key);
    lastWake.put(key, now);
  }

  synchronized void forget(K key) {
    due.remove(key);
    lastWake.remove(key);
  }
}
