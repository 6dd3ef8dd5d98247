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
    if (text == null || text.isEmpty()) {
      return null;
    }
    Instant utc = parseUtc(text);
    return utc != null ? utc : java.time.OffsetDateTime.parse(text).toInstant();
  }

  /**
   * The forms this project writes, {@code 2026-12-02T10:00:00Z} and with a fraction of up to nine digits, read
   * without a DateTimeFormatter (a tenth of the time: the bridge and the operator read times in every execution);
   * null for anything else, which the general parser reads or refuses.
   */
  static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
        || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fraction = length - 21;
      if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      nanos = digits(text, 20, length - 1);
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    if ((year | month | day | hour | minute | second | nanos) < 0 || month < 1 || month > 12 || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in text[from, to), or -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
