package dev.iotjobs.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 in resources, epoch seconds on MQTT: one place that converts. */
public final class Times {
  private Times() {}

  /** Formats with second precision, as Kubernetes does for its own times. */
  public static String format(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Formats with millisecond precision where ordering within a second matters (queue order). */
  public static String formatPrecise(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  public static Instant parse(String text) {
    return text == null || text.isEmpty() ? null : java.time.OffsetDateTime.parse(text).toInstant();
  }

  /** The earlier of two moments; null stands for "never". */
  public static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }

  /** The later of two moments; null stands for "unknown". */
  public static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  public static Long epochSeconds(String text) {
    Instant instant = parse(text);
    return instant == null ? null : instant.getEpochSecond();
  }
}
