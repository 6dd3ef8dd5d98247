package dev.iotjobs.operator.k8s;

import dev.iotjobs.api.Times;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** metav1.Condition bookkeeping shared by every status: lastTransitionTime moves only when the status flips. */
public final class Conditions {
  private Conditions() {}

  public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
      Long observedGeneration, Instant now) {
    String value = status ? "True" : "False";
    Optional<Condition> existing = find(conditions, type);
    String transitionTime = existing.filter(c -> value.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime).orElse(Times.format(now));
    Condition condition = new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
        .withMessage(message == null ? "" : message).withObservedGeneration(observedGeneration)
        .withLastTransitionTime(transitionTime).build();
    if (existing.isPresent()) {
      conditions.set(conditions.indexOf(existing.get()), condition);
    } else {
      conditions.add(condition);
    }
  }

  /** A copy of the list that can be changed without touching the original's conditions. */
  public static List<Condition> copy(List<Condition> conditions) {
    List<Condition> copy = new java.util.ArrayList<>();
    if (conditions != null) {
      conditions.forEach(c -> copy.add(new ConditionBuilder(c).build()));
    }
    return copy;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
