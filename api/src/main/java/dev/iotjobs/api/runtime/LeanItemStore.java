package dev.iotjobs.api.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.HashMap;
import java.util.Map;

/**
 * An informer store that keeps what the operator and the bridge read and drops the rest before an object is cached:
 * managedFields (a real API server adds hundreds of bytes per writer to every object) and kubectl's
 * last-applied-configuration annotation (a second copy of the object as applied). Nothing here reads either; an update
 * sent without managedFields leaves the server's own untouched.
 */
public class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  /**
   * An informer, not started, on every namespace (null) or one, whose cache keeps lean copies: the operator's and the
   * bridge's caches of what a fleet has a million of.
   */
  public static <T extends HasMetadata> io.fabric8.kubernetes.client.informers.SharedIndexInformer<T> informer(
      io.fabric8.kubernetes.client.KubernetesClient client, Class<T> type, String namespace) {
    return informer(client, type, namespace, new LeanItemStore<>());
  }

  /** The same, with a lean store of the caller's (one that also keeps an index of its own). */
  public static <T extends HasMetadata> io.fabric8.kubernetes.client.informers.SharedIndexInformer<T> informer(
      io.fabric8.kubernetes.client.KubernetesClient client, Class<T> type, String namespace, LeanItemStore<T> store) {
    var informer = namespace == null ? client.resources(type).inAnyNamespace().runnableInformer(0)
        : client.resources(type).inNamespace(namespace).runnableInformer(0);
    return informer.itemStore(store);
  }

  @Override
  public T put(String key, T object) {
    return super.put(key, lean(object, key));
  }

  /**
   * The object's key, the very string the cache already files it under when it holds it: Fabric8's cache builds a
   * new key for each delivered version and hands it to every index, so a million executions would otherwise keep
   * two or three copies of each key (some 70 bytes each).
   */
  @Override
  public String getKey(T object) {
    String key = super.getKey(object);
    if (get(key) instanceof dev.iotjobs.api.model.JobExecution cached && key.equals(cached.cacheKey())) {
      return cached.cacheKey();
    }
    return key;
  }

  /**
   * The object without what no reader of a cache needs, and with what many objects repeat shared instead of copied:
   * type and namespace strings, label and annotation keys, the owner reference (every execution of a job has the same
   * one); labels and annotations in compact immutable maps; the same instance, changed in place. Cached objects are
   * read, never changed (writes build new objects), so the shared parts cannot be changed through one of them. An
   * execution is then packed ({@link dev.iotjobs.api.model.JobExecution#pack()}): its own strings in one byte array.
   */
  public static <T extends HasMetadata> T lean(T object) {
    return lean(object, null);
  }

  private static <T extends HasMetadata> T lean(T object, String key) {
    if (object instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> resource) {
      ResourceNames.share(resource);
    }
    if (object instanceof dev.iotjobs.api.model.JobExecution execution) {
      leanExecution(execution);
    }
    var metadata = object.getMetadata();
    if (metadata != null) {
      metadata.setManagedFields(null);
      metadata.setNamespace(intern(metadata.getNamespace()));
      if (object instanceof dev.iotjobs.api.model.Thing) {
        metadata.setName(intern(metadata.getName())); // the same string as its executions' (interned) thing name
      }
      metadata.setLabels(compact(metadata.getLabels(), true));
      Map<String, String> annotations = metadata.getAnnotations();
      if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
        annotations = new HashMap<>(annotations);
        annotations.remove(LAST_APPLIED);
      }
      metadata.setAnnotations(compact(annotations, false));
      if (metadata.getOwnerReferences() != null && !metadata.getOwnerReferences().isEmpty()) {
        metadata.setOwnerReferences(OWNERS.share(metadata.getOwnerReferences()));
      }
      if (metadata.getAdditionalProperties() != null && metadata.getAdditionalProperties().isEmpty()) {
        metadata.setAdditionalProperties(null);
      }
      if (metadata.getFinalizers() != null && metadata.getFinalizers().isEmpty()) {
        metadata.setFinalizers(java.util.List.of()); // one shared empty list instead of an ArrayList each
      }
    }
    if (object instanceof dev.iotjobs.api.model.JobExecution execution) {
      execution.pack(key); // what is left, in a few hundred bytes: what a fleet's caches hold millions of
    }
    return object;
  }

  /**
   * An execution's job and thing names are interned (the job's repeats in every execution; the thing's is the same
   * string as its label's value), its remembered clientTokens are kept in a list of their exact size, its
   * statusDetails in a compact map of shared keys (and values, when short: steps and states repeat), and its status
   * times that equal its queue time (the queued-at annotation the status copies) as that one string.
   */
  private static void leanExecution(dev.iotjobs.api.model.JobExecution execution) {
    if (execution.getSpec() != null) {
      execution.getSpec().setJobId(intern(execution.getSpec().getJobId()));
      execution.getSpec().setThingName(intern(execution.getSpec().getThingName()));
    }
    dev.iotjobs.api.model.JobExecutionStatus status = execution.getStatus();
    if (status == null) {
      return;
    }
    if (status.getAnsweredRequests() != null) {
      status.setAnsweredRequests(java.util.List.copyOf(status.getAnsweredRequests()));
    }
    status.setStatusDetails(compactDetails(status.getStatusDetails()));
    Map<String, String> annotations = execution.getMetadata() == null ? null : execution.getMetadata().getAnnotations();
    String queued = annotations == null ? null
        : annotations.get(dev.iotjobs.api.execution.Executions.QUEUED_AT_ANNOTATION);
    if (queued != null) {
      status.setQueuedAt(same(queued, status.getQueuedAt()));
      status.setStartedAt(same(queued, status.getStartedAt()));
      status.setLastUpdatedAt(same(queued, status.getLastUpdatedAt()));
    }
    status.setLastUpdatedAt(same(status.getStartedAt(), status.getLastUpdatedAt()));
  }

  /** The first string where both are equal, else the second: one copy of a time an object repeats. */
  private static String same(String kept, String other) {
    return kept != null && kept.equals(other) ? kept : other;
  }

  private static final int SHARED_VALUE_MAX = 32;

  /**
   * statusDetails in the smallest map that keeps a stable order: one pair (the usual) in a singleton map,
   * more in a sorted map; keys interned, values too when short. A device's LinkedHashMap with its table is 176 bytes.
   */
  private static Map<String, String> compactDetails(Map<String, String> details) {
    if (details == null || details.isEmpty()) {
      return details;
    }
    Map<String, String> compact;
    if (details.size() == 1) {
      Map.Entry<String, String> only = details.entrySet().iterator().next();
      compact = java.util.Collections.singletonMap(intern(only.getKey()), detailValue(only.getValue()));
    } else {
      java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
      details.forEach((key, value) -> sorted.put(intern(key), detailValue(value)));
      compact = java.util.Collections.unmodifiableSortedMap(sorted);
    }
    return shortValues(compact) ? DETAILS.share(compact) : compact;
  }

  private static boolean shortValues(Map<String, String> details) {
    return details.values().stream().allMatch(value -> value == null || value.length() <= SHARED_VALUE_MAX);
  }

  private static String detailValue(String value) {
    return value != null && value.length() <= SHARED_VALUE_MAX ? intern(value) : value;
  }

  /** Interned keys (and values, when they repeat across objects, as label values do) in an immutable map. */
  private static Map<String, String> compact(Map<String, String> map, boolean internValues) {
    if (map == null || map.isEmpty()) {
      // one shared empty map, never null: JOSDK reads a delivered object's annotations without a null check
      // (InformerEventSource.isEventKnownFromAnnotation), and threw for an execution that had none
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] entries = new Map.Entry[map.size()];
    int i = 0;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      entries[i++] = Map.entry(intern(entry.getKey()), internValues ? intern(entry.getValue()) : entry.getValue());
    }
    return Map.ofEntries(entries);
  }

  /**
   * One copy of each distinct value (immutable, or never changed): a job's thousands of executions point at one copy
   * of its owner reference, and most devices report the same few statusDetails.
   */
  private static final class Shared<T> {
    private static final int MAX = 10_000;
    private final Map<T, T> shared = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.UnaryOperator<T> copy;

    Shared(java.util.function.UnaryOperator<T> copy) {
      this.copy = copy;
    }

    T share(T value) {
      if (shared.size() > MAX) {
        shared.clear(); // jobs and reports come and go; the next objects share again
      }
      return shared.computeIfAbsent(value, copy);
    }
  }

  private static final Shared<java.util.List<io.fabric8.kubernetes.api.model.OwnerReference>> OWNERS =
      new Shared<>(java.util.List::copyOf);
  private static final Shared<Map<String, String>> DETAILS = new Shared<>(details -> details);

  private static String intern(String text) {
    return text == null ? null : text.intern();
  }
}
