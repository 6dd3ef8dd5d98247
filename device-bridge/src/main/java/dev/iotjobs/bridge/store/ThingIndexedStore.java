package dev.iotjobs.bridge.store;

import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.runtime.LeanItemStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's execution cache: lean, packed executions, and each thing's executions kept with them. The index is
 * changed in the same call that changes the cache (under the informer cache's lock, as Fabric8's own indexes are), so
 * a device's request never sees one without the other. Fabric8's index keeps a concurrent set of keys per thing,
 * some 200 bytes each, and looks each key up again on a read; this keeps the executions themselves, the one of a thing
 * or an array of its few, replaced on every change so that a read needs no lock.
 */
public final class ThingIndexedStore extends LeanItemStore<JobExecution> {
  /** The indexes the bridge adds to its execution informers, besides this store's own by thing. */
  public static final Map<String, java.util.function.Function<JobExecution, List<String>>> INDEXERS =
      Map.of(KubernetesExecutionStore.BY_JOB, x -> List.of(x.getMetadata().getNamespace() + "/" + x.getSpec().getJobId()));
  /** A thing's executions: the one it has (the usual), or an array of them; replaced on every change, never changed. */
  private final Map<String, Object> byThing = new ConcurrentHashMap<>();

  @Override
  public JobExecution put(String key, JobExecution execution) {
    JobExecution old = super.put(key, execution); // leans and packs it
    if (old != null && !java.util.Objects.equals(old.thingName(), execution.thingName())) {
      unfile(old.thingName(), key);
    }
    // replaces this key's entry in one step: a device's request never finds the thing without it (unfiling first
    // left a moment without it, and a device was told ResourceNotFound for a job it had just been sent)
    file(execution, key);
    return old;
  }

  @Override
  public JobExecution remove(String key) {
    JobExecution old = super.remove(key);
    if (old != null) {
      unfile(old.thingName(), key);
    }
    return old;
  }

  /** The thing's executions as cached now, in every namespace this cache holds. */
  public List<JobExecution> executionsOf(String thingName) {
    return list(byThing.get(thingName));
  }

  private void file(JobExecution execution, String key) {
    String thing = execution.thingName();
    if (thing == null) {
      return;
    }
    byThing.compute(thing, (t, filed) -> {
      List<JobExecution> kept = without(list(filed), key);
      if (kept.isEmpty()) {
        return execution;
      }
      JobExecution[] grown = kept.toArray(new JobExecution[kept.size() + 1]);
      grown[kept.size()] = execution;
      return grown;
    });
  }

  private void unfile(String thing, String key) {
    if (thing == null) {
      return;
    }
    byThing.computeIfPresent(thing, (t, filed) -> {
      List<JobExecution> kept = without(list(filed), key);
      return kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : kept.toArray(new JobExecution[0]);
    });
  }

  private static List<JobExecution> list(Object filed) {
    if (filed == null) {
      return List.of();
    }
    return filed instanceof JobExecution one ? List.of(one) : List.of((JobExecution[]) filed);
  }

  private static List<JobExecution> without(List<JobExecution> filed, String key) {
    return filed.stream().filter(e -> !key.equals(e.cacheKey())).toList();
  }
}
