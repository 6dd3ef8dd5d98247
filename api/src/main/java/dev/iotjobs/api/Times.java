package dev.iotjobs.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** RFC 3339 in resources, epoch seconds on MQTT: one place that converts. */
public final class Times {
  private Times() {}

  /** Formats with second precision, as Kubernetes does for its own times. */
  public static String format(Instant instant) {
    if (instant == null) {
      return null;
    }
    return inFourDigitYears(instant) ? isoInstant(instant.getEpochSecond() * 1000)
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /** Formats with millisecond precision where ordering within a second matters (queue order). */
  public static String formatPrecise(Instant instant) {
    if (instant == null) {
      return null;
    }
    return inFourDigitYears(instant) ? isoInstant(instant.toEpochMilli())
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  private static boolean inFourDigitYears(Instant instant) {
    return instant.getEpochSecond() >= 0 && instant.getEpochSecond() < LAST_FOUR_DIGIT_YEAR_MILLIS / 1000;
  }

  private static final long LAST_FOUR_DIGIT_YEAR_MILLIS = 253_402_300_800_000L; // 10000-01-01T00:00:00Z

  /**
   * What {@link DateTimeFormatter#ISO_INSTANT} writes for a moment in whole milliseconds ({@code
   * 2026-12-02T10:00:00Z}, {@code 2026-12-02T10:00:00.250Z}), written directly: the formatter was 7% of the bridge's
   * CPU, unpacking the times of cached executions on every read. Years outside 1970-9999 go to the formatter.
   */
  public static String isoInstant(long epochMillis) {
    if (epochMillis < 0 || epochMillis >= LAST_FOUR_DIGIT_YEAR_MILLIS) {
      return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
    }
    long days = epochMillis / 86_400_000;
    int millisOfDay = (int) (epochMillis % 86_400_000);
    // civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted), for days >= 0
    long z = days + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    int millis = millisOfDay % 1000;
    char[] text = new char[millis == 0 ? 20 : 24];
    put(text, 0, year, 4);
    text[4] = '-';
    put(text, 5, month, 2);
    text[7] = '-';
    put(text, 8, day, 2);
    text[10] = 'T';
    put(text, 11, millisOfDay / 3_600_000, 2);
    text[13] = ':';
    put(text, 14, millisOfDay / 60_000 % 60, 2);
    text[16] = ':';
    put(text, 17, millisOfDay / 1000 % 60, 2);
    if (millis != 0) {
      text[19] = '.';
      put(text, 20, millis, 3);
    }
    text[text.length - 1] = 'Z';
    return new String(text);
  }

  private static void put(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
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
