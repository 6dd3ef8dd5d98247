package dev.iotjobs.api.execution;

import java.util.Map;
import java.util.regex.Pattern;

/** statusDetails limits of reference §3.6: at most 10 pairs, keys [a-zA-Z0-9:_-]{1,128}, values 1–1024, no control characters. */
public final class StatusDetailsRules {
  public static final int MAX_PAIRS = 10;
  public static final int MAX_KEY_LENGTH = 128;
  public static final int MAX_VALUE_LENGTH = 1024;
  private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9:_-]+");
  private static final Pattern CONTROL = Pattern.compile("\\p{C}");

  private StatusDetailsRules() {}

  /** Returns why the map is invalid, or null when it is valid. */
  public static String violation(Map<String, ?> details) {
    if (details == null) {
      return null;
    }
    if (details.size() > MAX_PAIRS) {
      return "statusDetails has " + details.size() + " pairs; at most " + MAX_PAIRS + " are allowed";
    }
    for (Map.Entry<String, ?> entry : details.entrySet()) {
      String key = entry.getKey();
      if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
        return "statusDetails key '" + key + "' must be 1-" + MAX_KEY_LENGTH + " characters of [a-zA-Z0-9:_-]";
      }
      if (!(entry.getValue() instanceof String value)) {
        return "statusDetails value of '" + key + "' must be a string";
      }
      if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
        return "statusDetails value of '" + key + "' must be 1-" + MAX_VALUE_LENGTH + " characters";
      }
      if (CONTROL.matcher(value).find()) {
        return "statusDetails value of '" + key + "' must not contain control characters";
      }
    }
    return null;
  }
}
