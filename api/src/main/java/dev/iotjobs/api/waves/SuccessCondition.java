package dev.iotjobs.api.waves;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus gate's success condition: {@code result <op> number}, the form the CRD admits. */
public record SuccessCondition(String operator, double bound) {
  private static final Pattern FORM = Pattern.compile("\\s*result\\s*(<=|>=|==|!=|<|>)\\s*(-?[0-9]+(\\.[0-9]+)?)\\s*");

  public static SuccessCondition parse(String text) {
    Matcher matcher = FORM.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("successCondition must read like \"result < 0.05\": " + text);
    }
    return new SuccessCondition(matcher.group(1), Double.parseDouble(matcher.group(2)));
  }

  public boolean holds(double result) {
    return switch (operator) {
      case "<" -> result < bound;
      case "<=" -> result <= bound;
      case ">" -> result > bound;
      case ">=" -> result >= bound;
      case "==" -> result == bound;
      default -> result != bound;
    };
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "result %s %s", operator, bound);
  }
}
