package dev.iotjobs.bridge.protocol;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lastSeenAt writes waiting for their turn: the API server gets them at a capped rate, so a burst of devices (a
 * fleet reconnecting, a rollout starting) waits here instead of being dropped. One entry per thing, holding the latest
 * time it was seen, in the order things first came; memory follows the devices seen in the backlog's drain time, up
 * to {@code capacity} things (beyond that a thing is dropped, and recorded at its next request a debounce later).
 */
public final class PresenceBacklog {
  /** A thing and when it was last seen. */
  public record Seen(String thing, Instant at) {}

  private final int capacity;
  private final LinkedHashMap<String, Instant> waiting = new LinkedHashMap<>();
  /** A drain runs: it polls until it finds the backlog empty, so exactly one runs while anything waits. */
  private boolean draining;

  public PresenceBacklog(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds the thing, or moves its time forward if it is waiting already. Whether the caller has to start a drain (none
   * runs); a drain polls until {@link #poll} answers null.
   */
  public synchronized boolean offer(String thing, Instant at) {
    Instant before = waiting.get(thing);
    if (before != null) {
      if (at.isAfter(before)) {
        waiting.put(thing, at);
      }
    } else if (waiting.size() < capacity) {
      waiting.put(thing, at);
    }
    if (draining || waiting.isEmpty()) {
      return false;
    }
    draining = true;
    return true;
  }

  /** The thing that has waited longest, taken out; null when none waits, which ends the running drain. */
  public synchronized Seen poll() {
    Iterator<Map.Entry<String, Instant>> first = waiting.entrySet().iterator();
    if (!first.hasNext()) {
      draining = false;
      return null;
    }
    Map.Entry<String, Instant> entry = first.next();
    first.remove();
    return new Seen(entry.getKey(), entry.getValue());
  }

  public synchronized int size() {
    return waiting.size();
  }
}
