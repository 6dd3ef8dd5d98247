package dev.iotjobs.bridge.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The requests a replica has seen for things it does not answer, until it sees their answers: what the replica
 * answers itself if it takes the things over before their answers come (their replica died holding them). Every
 * replica subscribes to every thing's topics (MQTT 3.1.1 cannot split them), so it sees both the requests and the
 * answers; an answer is matched to the oldest unanswered request on its request topic with the same clientToken.
 *
 * <p>Not thread-safe: each instance belongs to one worker thread, which sees one thing's messages in order.
 */
public final class WitnessLog {
  /** A request as it arrived: enough to answer it later. */
  public static final class Witnessed {
    private final String thing;
    private final String requestTopic;
    private final String clientToken;
    private final byte[] payload;
    private final Instant at;
    private boolean done;

    Witnessed(String thing, String requestTopic, String clientToken, byte[] payload, Instant at) {
      this.thing = thing;
      this.requestTopic = requestTopic;
      this.clientToken = clientToken;
      this.payload = payload;
      this.at = at;
    }

    public String thing() {
      return thing;
    }

    public String requestTopic() {
      return requestTopic;
    }

    public byte[] payload() {
      return payload;
    }
  }

  private final Duration keep;
  private final int capacity;
  private final Map<String, ArrayDeque<Witnessed>> byThing = new HashMap<>();
  /** Every request in arrival order, answered ones included until they reach the head or a compaction. */
  private final ArrayDeque<Witnessed> arrivals = new ArrayDeque<>();
  private int size;
  private long dropped;

  /**
   * @param keep how long an unanswered request is kept: longer than any live replica takes to answer, and longer
   *     than a dead replica's lease takes to expire
   * @param capacity the most requests kept; beyond it the oldest go (and are counted)
   */
  public WitnessLog(Duration keep, int capacity) {
    this.keep = keep;
    this.capacity = capacity;
  }

  public void request(String thing, String requestTopic, String clientToken, byte[] payload, Instant at) {
    expire(at);
    Witnessed witnessed = new Witnessed(thing, requestTopic, clientToken, payload, at);
    byThing.computeIfAbsent(thing, t -> new ArrayDeque<>()).addLast(witnessed);
    arrivals.addLast(witnessed);
    size++;
    while (size > capacity) {
      if (finish(arrivals.pollFirst())) {
        dropped++;
      }
    }
  }

  /** An answer went out on {@code requestTopic + "/accepted|rejected"}: the request it answers is done. */
  public void answered(String thing, String requestTopic, String clientToken) {
    ArrayDeque<Witnessed> pending = byThing.get(thing);
    if (pending == null) {
      return;
    }
    for (Witnessed w : pending) {
      if (w.requestTopic.equals(requestTopic) && Objects.equals(w.clientToken, clientToken)) {
        finish(w);
        compact();
        return;
      }
    }
  }

  /** Takes out the unanswered requests of the matching things, each thing's in arrival order. */
  public List<Witnessed> takeUnanswered(Predicate<String> things, Instant now) {
    expire(now);
    List<Witnessed> taken = new ArrayList<>();
    for (Iterator<Map.Entry<String, ArrayDeque<Witnessed>>> it = byThing.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, ArrayDeque<Witnessed>> entry = it.next();
      if (things.test(entry.getKey())) {
        for (Witnessed w : entry.getValue()) {
          w.done = true;
          taken.add(w);
        }
        size -= entry.getValue().size();
        it.remove();
      }
    }
    compact();
    return taken;
  }

  private void expire(Instant now) {
    Instant cutoff = now.minus(keep);
    while (!arrivals.isEmpty() && (arrivals.peekFirst().done || arrivals.peekFirst().at.isBefore(cutoff))) {
      finish(arrivals.pollFirst());
    }
  }

  /** Answered requests wait in the arrival queue until they reach its head; a long-lived one ahead keeps them. */
  private void compact() {
    if (arrivals.size() > 2 * size + 1024) {
      arrivals.removeIf(w -> w.done);
    }
  }

  /** Marks a request done and forgets it; returns whether it was still unanswered. */
  private boolean finish(Witnessed witnessed) {
    if (witnessed.done) {
      return false;
    }
    witnessed.done = true;
    size--;
    ArrayDeque<Witnessed> pending = byThing.get(witnessed.thing);
    if (pending != null) {
      pending.removeIf(w -> w == witnessed);
      if (pending.isEmpty()) {
        byThing.remove(witnessed.thing);
      }
    }
    return true;
  }

  public int size() {
    return size;
  }

  /** How many unanswered requests were let go because the log was full. */
  public long dropped() {
    return dropped;
  }
}
