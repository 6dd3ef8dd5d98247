package dev.iotjobs.api.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.iotjobs.api.model.SchedulingConfig.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows: each starts when its 5-field cron expression (as in a Kubernetes CronJob, or AWS's
 * {@code cron(min hour dom month dow year)}) fires in the job's time zone, and lasts durationInMinutes. Time zone
 * rules, daylight saving changes included, come from the JDK's zone data via cron-utils.
 */
public final class MaintenanceCalendar {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private final List<Window> windows;
  private final ZoneId zone;

  private record Window(ExecutionTime starts, Duration length) {}

  private MaintenanceCalendar(List<Window> windows, ZoneId zone) {
    this.windows = windows;
    this.zone = zone;
  }

  /** Parses the windows; an invalid cron expression or time zone is an IllegalArgumentException saying which. */
  public static MaintenanceCalendar of(List<MaintenanceWindow> windows, String timeZone) {
    ZoneId zone;
    try {
      zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("timeZone \"" + timeZone + "\" is not an IANA time zone such as Europe/Berlin");
    }
    List<Window> parsed = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      String expression = unix(window.getStartTime());
      try {
        parsed.add(new Window(ExecutionTime.forCron(UNIX.parse(expression)),
            Duration.ofMinutes(window.getDurationInMinutes())));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("maintenance window startTime \"" + window.getStartTime()
            + "\" is not a 5-field cron expression: " + e.getMessage());
      }
    }
    return new MaintenanceCalendar(parsed, zone);
  }

  /** AWS's cron(min hour dom month dow year) becomes 5-field cron; '?' means any. */
  static String unix(String expression) {
    String text = expression.trim();
    if (text.startsWith("cron(") && text.endsWith(")")) {
      String[] fields = text.substring(5, text.length() - 1).trim().split("\\s+");
      if (fields.length == 6) {
        text = String.join(" ", fields[0], fields[1], fields[2], fields[3], fields[4]);
      }
    }
    return text.replace('?', '*');
  }

  /** The end of the window open at this moment, if one is. */
  public Optional<Instant> openUntil(Instant now) {
    ZonedDateTime at = now.atZone(zone);
    Instant end = null;
    for (Window window : windows) {
      Optional<ZonedDateTime> start = lastStartAtOrBefore(window, at);
      if (start.isPresent()) {
        Instant windowEnd = start.get().toInstant().plus(window.length());
        if (now.isBefore(windowEnd) && (end == null || windowEnd.isAfter(end))) {
          end = windowEnd;
        }
      }
    }
    return Optional.ofNullable(end);
  }

  private static Optional<ZonedDateTime> lastStartAtOrBefore(Window window, ZonedDateTime at) {
    // lastExecution is strictly before; a start exactly now is found one second later
    return window.starts().lastExecution(at.plusSeconds(1));
  }

  /** The next window starts after this moment, earliest first. */
  public List<Instant> nextStarts(Instant now, int count) {
    List<Instant> starts = new ArrayList<>();
    for (Window window : windows) {
      ZonedDateTime cursor = now.atZone(zone);
      for (int i = 0; i < count; i++) {
        Optional<ZonedDateTime> next = window.starts().nextExecution(cursor);
        if (next.isEmpty()) {
          break;
        }
        starts.add(next.get().toInstant());
        cursor = next.get();
      }
    }
    starts.sort(Comparator.naturalOrder());
    return starts.stream().distinct().limit(count).toList();
  }
}
