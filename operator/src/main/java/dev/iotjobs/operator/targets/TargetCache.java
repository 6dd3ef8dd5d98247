package dev.iotjobs.operator.targets;

import dev.iotjobs.api.targets.TargetResolver.Resolution;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Jobs' resolved targets, kept between reconciles (resolving walks groups and labels) until the fleet of the job's
 * namespace changes. Each resolution carries the namespace's fleet generation read before it was taken: a change that
 * lands while a reconcile resolves makes that resolution stale at once, where dropping the entry on the change would
 * lose to a put that comes after it (and a thing that joined then would never be queued).
 */
public final class TargetCache {
  private record Entry(Resolution resolution, long generation) {}

  private final Map<String, Entry> byJob = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

  /** A change in a namespace's fleet that may move members: every resolution taken there before it is stale. */
  public void fleetChanged(String namespace) {
    generation(namespace).incrementAndGet();
  }

  /**
   * The job's targets: the kept resolution while it is current, else the resolver's (kept when complete and not empty).
   * fleetIndependent: the resolver does not read the fleet (a started SNAPSHOT's pinned targets), so fleet changes do
   * not make its resolution stale.
   */
  public Resolution resolve(String namespace, String jobUid, boolean fleetIndependent, Supplier<Resolution> resolver) {
    long current = generation(namespace).get();
    Entry kept = byJob.get(jobUid);
    if (kept != null && (fleetIndependent || kept.generation() == current)) {
      return kept.resolution();
    }
    Resolution resolution = resolver.get();
    if (resolution.isComplete() && !resolution.things().isEmpty()) {
      byJob.put(jobUid, new Entry(resolution, current));
    }
    return resolution;
  }

  /** The job's targets are to be resolved again (it was canceled, ended, or is gone). */
  public void forget(String jobUid) {
    byJob.remove(jobUid);
  }

  private AtomicLong generation(String namespace) {
    return generations.computeIfAbsent(namespace, n -> new AtomicLong());
  }
}
