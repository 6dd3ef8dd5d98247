package dev.iotjobs.bridge.protocol;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Presence writes (lastSeenAt, connected) waiting for their turn: the API server gets them at a capped rate, so a burst
 * of devices (a fleet reconnecting, a rollout starting) waits here instead of being dropped. One entry per thing,
 * holding the latest time it was seen and its latest connection state, in the order things first came; memory follows the devices seen in the backlog's drain time, up
 * to {@code capacity} things (beyond that a thing is dropped, and recorded at its next request a debounce later).
 */
public final class PresenceBacklog {
  /** A thing, when it was last seen, and whether it is connected (null: not told). */
  public record Seen(String thing, Instant at, Boolean connected) {}

  private final int capacity;
  private final LinkedHashMap<String, Seen> waiting = new LinkedHashMap<>();
  /** A drain runs: it polls until it finds the backlog empty, so exactly one runs while anything waits. */
  private boolean draining;

  public PresenceBacklog(int capacity) {
    this.capacity = capacity;
  }

  /** A device's request: the thing was seen. See {@link #offer(String, Instant, Boolean)}. */
  public boolean offer(String thing, Instant at) {
    return offer(thing, at, null);
  }

  /**
   * Adds the thing, or merges into its waiting entry: the later time, and the connection state told last (events come
   * in the order the broker sent them). Whether the caller has to start a drain (none runs); a drain polls until
   * {@link #poll} answers null.
   */
  public synchronized boolean offer(String thing, Instant at, Boolean connected) {
    Seen before = waiting.get(thing);
    if (before != null) {
      waiting.put(thing, new Seen(thing, at.isAfter(before.at()) ? at : before.at(),
          connected != null ? connected : before.connected()));
    } else if (waiting.size() < capacity) {
      waiting.put(thing, new Seen(thing, at, connected));
    }
    if (draining || waiting.isEmpty()) {
      return false;
    }
    draining = true;
    return true;
  }

  /** The thing that has waited longest, taken out; null when none waits, which ends the running drain. */
  public synchronized Seen poll() {
    Iterator<Seen> first = waiting.values().iterator();
    if (!first.hasNext()) {
      draining = false;
      return null;
    }
    Seen seen = first.next();
    first.remove();
    return seen;
  }

  public synchronized int size() {
    return waiting.size();
  }
}
