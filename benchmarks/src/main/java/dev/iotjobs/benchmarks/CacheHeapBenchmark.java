package dev.iotjobs.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.runtime.LeanItemStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per cached JobExecution: N finished executions read from JSON as a real API server returns them (labels, the
 * queue-time annotation, the owner reference, three managedFields entries: the operator's create and the bridge's two
 * status writes, answered clientTokens), kept as an informer keeps them; then the same after {@link LeanItemStore}
 * dropped what no reader needs. Retained size: the heap with the objects reachable, less the heap once they are not.
 */
final class CacheHeapBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CacheHeapBenchmark() {}

  /**
   * Bytes per execution: as served; lean, held in a list; and in an informer's cache as the bridge keeps them (the
   * key of each, its indexes by thing and by job) after three versions of each were delivered (created, started,
   * finished).
   */
  record Result(int executions, double bytesEach, double leanBytesEach, double informerBytesEach) {}

  static Result run(int size) throws Exception {
    double full = retainedBytesEach(size, false);
    double lean = retainedBytesEach(size, true);
    double informer = informerBytesEach(size);
    return new Result(size, full, lean, informer);
  }

  private static double informerBytesEach(int size) throws Exception {
    long before = usedHeap();
    // as the bridge's informer holds them (KubernetesExecutionStore): its store, no namespace index, its indexes
    io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl<JobExecution> cache =
        new io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl<>();
    cache.setItemStore(new dev.iotjobs.bridge.store.ThingIndexedStore());
    cache.removeIndexer(io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl.NAMESPACE_INDEX);
    cache.addIndexers(dev.iotjobs.bridge.store.ThingIndexedStore.INDEXERS);
    for (int version = 0; version < 3; version++) {
      for (int i = 0; i < size; i++) {
        String json = json(i).replace("\"resourceVersion\":\"" + (100_000 + i * 3) + "\"",
            "\"resourceVersion\":\"" + (100_000 + i * 3 + version) + "\"");
        cache.put(JSON.readValue(json, JobExecution.class));
      }
    }
    long with = usedHeap();
    if (cache.listKeys().size() != size) {
      throw new IllegalStateException("lost executions");
    }
    return (with - before) / (double) size;
  }

  private static double retainedBytesEach(int size, boolean lean) throws Exception {
    long before = usedHeap();
    List<JobExecution> cache = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      JobExecution execution = JSON.readValue(json(i), JobExecution.class);
      cache.add(lean ? LeanItemStore.lean(execution) : execution);
    }
    long with = usedHeap();
    if (cache.size() != size) {
      throw new IllegalStateException("lost executions");
    }
    cache.clear();
    return (with - before) / (double) size;
  }

  /**
   * A finished execution of job fw-2-1-0 on thing device-NNNNNN, as `kubectl get je -o json` shows it; its status's
   * queuedAt is the queued-at annotation, as the state machine copies it.
   */
  static String json(int i) {
    String thing = String.format("device-%06d", i);
    String uid = String.format("5d0b6f1e-8a2c-4c1e-9f3a-%012d", i);
    String entry = "{\"apiVersion\":\"iotjobs.dev/v1alpha1\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":%s,"
        + "\"manager\":\"%s\",\"operation\":\"Update\",%s\"time\":\"2026-12-01T10:0%d:00Z\"}";
    String create = String.format(entry, "{\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:iotjobs.dev/queued-at\":{}},"
        + "\"f:labels\":{\".\":{},\"f:iotjobs.dev/job\":{},\"f:iotjobs.dev/thing\":{}},\"f:ownerReferences\":{\".\":{},"
        + "\"k:{\\\"uid\\\":\\\"0f6e2a8c-1b7d-4e5f-a3c9-000000000001\\\"}\":{}}},\"f:spec\":{\".\":{},\"f:jobId\":{},"
        + "\"f:thingName\":{}}}", "iot-jobs-operator", "", 0);
    String status = "{\"f:status\":{\".\":{},\"f:answeredRequests\":{},\"f:executionNumber\":{},\"f:lastUpdatedAt\":{},"
        + "\"f:queuedAt\":{},\"f:retryAttempt\":{},\"f:startedAt\":{},\"f:status\":{},\"f:statusDetails\":{\".\":{},"
        + "\"f:step\":{}},\"f:versionNumber\":{}}}";
    String start = String.format(entry, status, "iot-jobs-bridge", "\"subresource\":\"status\",", 1);
    String finish = String.format(entry, status, "iot-jobs-bridge", "\"subresource\":\"status\",", 2);
    String queuedAt = "2026-12-01T10:00:00." + String.format("%03d", i % 1000) + "Z";
    return "{\"apiVersion\":\"iotjobs.dev/v1alpha1\",\"kind\":\"JobExecution\",\"metadata\":{"
        + "\"annotations\":{\"iotjobs.dev/queued-at\":\"" + queuedAt + "\"},"
        + "\"creationTimestamp\":\"2026-12-01T10:00:00Z\",\"generation\":1,"
        + "\"labels\":{\"iotjobs.dev/job\":\"fw-2-1-0\",\"iotjobs.dev/thing\":\"" + thing + "\"},"
        + "\"managedFields\":[" + create + "," + start + "," + finish + "],"
        + "\"name\":\"fw-2-1-0." + thing + "\",\"namespace\":\"fleet\",\"ownerReferences\":[{\"apiVersion\":"
        + "\"iotjobs.dev/v1alpha1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":\"IoTJob\",\"name\":"
        + "\"fw-2-1-0\",\"uid\":\"0f6e2a8c-1b7d-4e5f-a3c9-000000000001\"}],\"resourceVersion\":\"" + (100_000 + i * 3)
        + "\",\"uid\":\"" + uid + "\"},\"spec\":{\"jobId\":\"fw-2-1-0\",\"thingName\":\"" + thing + "\"},"
        + "\"status\":{\"answeredRequests\":[{\"clientToken\":\"" + thing + "-1\",\"versionNumber\":2},"
        + "{\"clientToken\":\"" + thing + "-2\",\"versionNumber\":3}],\"executionNumber\":1,"
        + "\"lastUpdatedAt\":\"2026-12-01T10:02:00Z\",\"queuedAt\":\"" + queuedAt + "\",\"retryAttempt\":0,"
        + "\"startedAt\":\"2026-12-01T10:01:00Z\",\"status\":\"SUCCEEDED\",\"statusDetails\":{\"step\":\"done\"},"
        + "\"versionNumber\":3}}";
  }

  private static long usedHeap() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
