package dev.iotjobs.api.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * Paces queueing at a rate without bursts: executions are spaced at least 60 s / rate apart (virtual scheduling,
 * burst 1), so any window of W seconds holds at most ceil(W × rate / 60) of them. The last queue time comes from the
 * executions themselves, so an operator restart resumes at the right place without re-queueing anyone.
 */
public final class RolloutPacer {
  private RolloutPacer() {}

  /** What may be queued now and when to look again. */
  public record Decision(int allowed, Instant nextSlot) {}

  /**
   * @param lastQueuedAt when the most recent execution of this job was first queued, or null for none
   */
  public static Decision decide(RolloutRate rate, Instant lastQueuedAt, Instant now) {
    if (!rate.isLimited()) {
      return new Decision(Integer.MAX_VALUE, null);
    }
    Duration spacing = spacing(rate.perMinute());
    Instant slot = lastQueuedAt == null ? now : lastQueuedAt.plus(spacing);
    if (now.isBefore(slot)) {
      return new Decision(0, slot);
    }
    return new Decision(1, now.plus(spacing));
  }

  public static Duration spacing(int perMinute) {
    return Duration.ofNanos(Math.max(1, 60_000_000_000L / perMinute));
  }
}
