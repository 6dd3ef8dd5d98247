package dev.iotjobs.api.rollout;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.schedule.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a job would queue its targets: the operator's own pacing (one execution per 60 s / rate, the rate in force
 * from {@link RolloutRate}, queueing only inside the schedule's windows and before its end) run forward from a
 * moment, without I/O. The rate's exponential steps count notified and succeeded things; a preview cannot know when
 * devices succeed, so it takes every queued thing as succeeded at once: the fastest the rollout can go.
 *
 * <p>The result is a list of segments, each a stretch at one rate inside one window, so a rollout of a million
 * things over many windows costs one step per window and rate change, not one per thing.
 */
public final class RolloutTimeline {
  /** Beyond this many segments the rest is summed up in the last one (years of windows, say). */
  static final int MAX_SEGMENTS = 10_000;

  private RolloutTimeline() {}

  /**
   * @param from when the first execution could be queued, or later if the schedule says so
   * @param to when the last of them was, and how many this stretch queued at the rate
   */
  public record Segment(Instant from, Instant to, Integer ratePerMinute, long queued, long total) {}

  /**
   * @param segments stretches of queueing, in order
   * @param allQueuedAt when the last target is queued; null when the schedule stops it first
   * @param notQueued targets left unqueued
   * @param stoppedBecause why targets are left unqueued, or null when none are
   */
  public record Plan(List<Segment> segments, Instant allQueuedAt, long notQueued, String stoppedBecause) {}

  /** @throws IllegalArgumentException for an invalid cron expression or time zone in the schedule */
  public static Plan plan(long targets, RolloutConfig rollout, SchedulingConfig schedule, Instant now) {
    List<Segment> segments = new ArrayList<>();
    long queued = 0;
    Instant lastQueuedAt = null;
    Instant t = now;
    String stop = null;
    while (queued < targets) {
      ScheduleState state = ScheduleState.at(schedule, t);
      if (state.phase() == ScheduleState.Phase.ENDED) {
        stop = "the schedule's endTime " + schedule.getEndTime() + " passes";
        break;
      }
      if (segments.size() >= MAX_SEGMENTS) {
        stop = "the preview stops after " + MAX_SEGMENTS + " stretches of queueing";
        break;
      }
      if (!state.rollsOut()) {
        if (state.nextChange() == null) {
          stop = "no maintenance window starts again";
          break;
        }
        t = state.nextChange();
        continue;
      }
      Instant windowEnd = state.nextChange();
      RolloutRate rate = RolloutRate.of(rollout, queued, queued);
      if (!rate.isLimited()) {
        segments.add(new Segment(t, t, null, targets - queued, targets));
        return new Plan(segments, t, 0, null);
      }
      Duration spacing = RolloutPacer.spacing(rate.perMinute());
      Instant first = lastQueuedAt == null || lastQueuedAt.plus(spacing).isBefore(t) ? t : lastQueuedAt.plus(spacing);
      if (windowEnd != null && !first.isBefore(windowEnd)) {
        t = windowEnd;
        continue;
      }
      long fits = windowEnd == null ? Long.MAX_VALUE
          : Duration.between(first, windowEnd).minusNanos(1).toNanos() / spacing.toNanos() + 1;
      long batch = Math.min(Math.min(targets - queued, fits), untilRateChanges(rollout, queued, targets, rate) - queued);
      Instant last = first.plus(spacing.multipliedBy(batch - 1));
      queued += batch;
      segments.add(new Segment(first, last, rate.perMinute(), batch, queued));
      lastQueuedAt = last;
      t = batch == fits ? windowEnd : last;
    }
    return stop == null ? new Plan(segments, lastQueuedAt, 0, null) : new Plan(segments, null, targets - queued, stop);
  }

  /** The smallest count of queued things at which the rate differs from this one (it only rises), or targets. */
  static long untilRateChanges(RolloutConfig rollout, long queued, long targets, RolloutRate rate) {
    long low = queued + 1;
    long high = targets;
    if (high < low || sameRate(rollout, high, rate)) {
      return targets;
    }
    while (low < high) {
      long middle = low + (high - low) / 2;
      if (sameRate(rollout, middle, rate)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static boolean sameRate(RolloutConfig rollout, long queued, RolloutRate rate) {
    return RolloutRate.of(rollout, queued, queued).perMinute().equals(rate.perMinute());
  }
}
