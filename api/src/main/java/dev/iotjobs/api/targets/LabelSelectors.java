package dev.iotjobs.api.targets;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label-selector semantics, evaluated in memory (the mock API server ignores set-based selectors). */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** A null selector selects nothing; an empty one selects everything, as in Kubernetes. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
        if (!required.getValue().equals(actual.get(required.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        if (!matches(requirement, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new IllegalArgumentException("unknown label selector operator " + requirement.getOperator()
          + "; use In, NotIn, Exists or DoesNotExist");
    };
  }

  /** Why the selector cannot be evaluated, or null when it is valid. */
  public static String violation(LabelSelector selector) {
    if (selector == null || selector.getMatchExpressions() == null) {
      return null;
    }
    for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
      String op = requirement.getOperator();
      boolean needsValues = "In".equals(op) || "NotIn".equals(op);
      boolean forbidsValues = "Exists".equals(op) || "DoesNotExist".equals(op);
      if (!needsValues && !forbidsValues) {
        return "selector operator '" + op + "' on key '" + requirement.getKey()
            + "' is not one of In, NotIn, Exists, DoesNotExist";
      }
      boolean hasValues = requirement.getValues() != null && !requirement.getValues().isEmpty();
      if (needsValues && !hasValues) {
        return "selector operator " + op + " on key '" + requirement.getKey() + "' needs values";
      }
      if (forbidsValues && hasValues) {
        return "selector operator " + op + " on key '" + requirement.getKey() + "' takes no values";
      }
    }
    return null;
  }
}
