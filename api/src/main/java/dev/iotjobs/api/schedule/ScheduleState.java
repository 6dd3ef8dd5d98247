package dev.iotjobs.api.schedule;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.SchedulingConfig;
import java.time.Instant;
import java.util.List;

/**
 * Where a job stands in its schedule at a moment: before its start, inside a rollout window (always, when it has
 * no maintenance windows), between windows, or past its end; and when that next changes, so the reconciler wakes
 * up exactly then.
 */
public record ScheduleState(Phase phase, Instant nextChange, List<Instant> nextWindowStarts) {
  /** How many upcoming window starts {@code scheduledJobRollouts} lists (reference: seven). */
  public static final int LISTED_STARTS = 7;

  public enum Phase {
    NOT_STARTED,
    OPEN,
    BETWEEN_WINDOWS,
    ENDED
  }

  public boolean rollsOut() {
    return phase == Phase.OPEN;
  }

  /** @throws IllegalArgumentException for an invalid cron expression or time zone */
  public static ScheduleState at(SchedulingConfig config, Instant now) {
    if (config == null) {
      return new ScheduleState(Phase.OPEN, null, List.of());
    }
    Instant start = Times.parse(config.getStartTime());
    Instant end = Times.parse(config.getEndTime());
    if (end != null && !now.isBefore(end)) {
      return new ScheduleState(Phase.ENDED, null, List.of());
    }
    boolean windowed = config.getMaintenanceWindows() != null && !config.getMaintenanceWindows().isEmpty();
    MaintenanceCalendar calendar = windowed
        ? MaintenanceCalendar.of(config.getMaintenanceWindows(), config.getTimeZone()) : null;
    if (start != null && now.isBefore(start)) {
      List<Instant> starts = windowed ? calendar.nextStarts(start.minusSeconds(1), LISTED_STARTS) : List.of();
      return new ScheduleState(Phase.NOT_STARTED, start, starts);
    }
    if (!windowed) {
      return new ScheduleState(Phase.OPEN, end, List.of());
    }
    List<Instant> starts = calendar.nextStarts(now, LISTED_STARTS);
    var openUntil = calendar.openUntil(now);
    if (openUntil.isPresent()) {
      return new ScheduleState(Phase.OPEN, Times.earliest(openUntil.get(), end), starts);
    }
    Instant nextStart = starts.isEmpty() ? null : starts.get(0);
    return new ScheduleState(Phase.BETWEEN_WINDOWS, Times.earliest(nextStart, end), starts);
  }
}
