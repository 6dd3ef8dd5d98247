package dev.iotjobs.api.waves;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes users write them in specs: 30s, 10m, 1h30m. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+)([smh])");
  private static final Pattern WHOLE = Pattern.compile("([0-9]+[smh])+");

  private Durations() {}

  /** The duration, or {@code fallback} when the text is null. */
  public static Duration parse(String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration like 30s, 10m or 1h30m: " + text);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      });
    }
    return total;
  }
}
