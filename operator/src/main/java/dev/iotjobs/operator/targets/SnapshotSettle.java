package dev.iotjobs.operator.targets;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.IoTJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * When a SNAPSHOT job may fix its targets: once this process has known it for the settle window and the fleet of its
 * namespace has been quiet that long, so that a job applied in one go with its things and groups (kubectl apply -f
 * dir/, an Argo CD sync) sees all of them, in whatever order the documents came (docs/decisions.md).
 */
public class SnapshotSettle {
  private final Duration window;
  private final Function<String, Instant> lastMembershipChange;
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  /** @param lastMembershipChange when a namespace's fleet last changed, or null */
  public SnapshotSettle(Duration window, Function<String, Instant> lastMembershipChange) {
    this.window = window;
    this.lastMembershipChange = lastMembershipChange;
  }

  public void seen(IoTJob job, Instant now) {
    firstSeen.putIfAbsent(job.getMetadata().getUid(), now);
  }

  public Instant settledAt(IoTJob job, Instant now) {
    Instant settled = firstSeen.getOrDefault(job.getMetadata().getUid(), now).plus(window);
    Instant lastChange = lastMembershipChange.apply(job.getMetadata().getNamespace());
    return lastChange == null ? settled : Times.latest(settled, lastChange.plus(window));
  }

  public void forget(IoTJob job) {
    firstSeen.remove(job.getMetadata().getUid());
  }
}
