package dev.iotjobs.bridge.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which notifications a change of a thing's pending list calls for (reference §4.7): {@code notify} when an
 * execution joins or leaves the list (or, with the flag, when any pending execution changes status), and
 * {@code notify-next} only when the identity of the next execution changes. Lists are in pending order.
 */
public final class NotificationPlanner {
  private NotificationPlanner() {}

  public record Plan(boolean sendNotify, boolean sendNotifyNext) {
    public boolean isEmpty() {
      return !sendNotify && !sendNotifyNext;
    }
  }

  public static Plan plan(List<ExecutionView> before, List<ExecutionView> after, boolean notifyOnStatusChange) {
    boolean membershipChanged = !identities(before).equals(identities(after));
    boolean statusChanged = notifyOnStatusChange && !statuses(before).equals(statuses(after));
    boolean headChanged = !Objects.equals(head(before), head(after));
    return new Plan(membershipChanged || statusChanged, headChanged);
  }

  private static String head(List<ExecutionView> list) {
    return list.isEmpty() ? null : list.get(0).identity();
  }

  private static Set<String> identities(List<ExecutionView> list) {
    return list.stream().map(ExecutionView::identity).collect(Collectors.toSet());
  }

  private static Set<String> statuses(List<ExecutionView> list) {
    return list.stream().map(v -> v.identity() + "=" + v.status()).collect(Collectors.toSet());
  }
}
