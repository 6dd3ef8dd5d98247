package dev.iotjobs.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThingIndexedStoreTest {
  private final ThingIndexedStore store = new ThingIndexedStore();
  private final CacheImpl<JobExecution> cache = cache(store);

  /** As the bridge's informer holds it: this store, no namespace index, the bridge's own indexes. */
  private static CacheImpl<JobExecution> cache(ThingIndexedStore store) {
    CacheImpl<JobExecution> cache = new CacheImpl<>();
    cache.setItemStore(store);
    cache.removeIndexer(CacheImpl.NAMESPACE_INDEX);
    cache.addIndexers(ThingIndexedStore.INDEXERS);
    return cache;
  }

  @Test
  void eachThingsExecutionsFollowTheCache() {
    cache.put(execution("fleet", "fw", "t1", "1", ExecutionStatus.QUEUED));
    cache.put(execution("fleet", "fix", "t1", "2", ExecutionStatus.QUEUED));
    cache.put(execution("fleet", "fw", "t2", "3", ExecutionStatus.QUEUED));
    assertThat(statuses("t1")).containsExactlyInAnyOrder("fw QUEUED 1", "fix QUEUED 2");
    List<JobExecution> before = store.executionsOf("t1");

    cache.put(execution("fleet", "fw", "t1", "4", ExecutionStatus.IN_PROGRESS));
    assertThat(statuses("t1")).containsExactlyInAnyOrder("fw IN_PROGRESS 4", "fix QUEUED 2");
    assertThat(before).as("a read is a snapshot").hasSize(2)
        .allSatisfy(e -> assertThat(e.getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED));

    cache.remove(execution("fleet", "fix", "t1", "2", ExecutionStatus.QUEUED));
    assertThat(statuses("t1")).containsExactly("fw IN_PROGRESS 4");
    cache.remove(execution("fleet", "fw", "t1", "4", ExecutionStatus.IN_PROGRESS));
    assertThat(store.executionsOf("t1")).isEmpty();
    assertThat(statuses("t2")).containsExactly("fw QUEUED 3");
    assertThat(cache.byIndex(KubernetesExecutionStore.BY_JOB, "fleet/fw")).hasSize(1);
  }

  /** A new version replaces the old in one step: a reader never finds the thing without its execution. */
  @Test
  void aReaderNeverSeesAThingWithoutItsExecutionWhileItChanges() throws Exception {
    cache.put(execution("fleet", "fw", "t1", "1", ExecutionStatus.QUEUED));
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger missed = new java.util.concurrent.atomic.AtomicInteger();
    Thread reader = new Thread(() -> {
      while (writing.get()) {
        if (store.executionsOf("t1").size() != 1) {
          missed.incrementAndGet();
        }
      }
    });
    reader.start();
    for (int version = 2; version < 100_000; version++) {
      cache.put(execution("fleet", "fw", "t1", String.valueOf(version), ExecutionStatus.IN_PROGRESS));
    }
    writing.set(false);
    reader.join();
    assertThat(missed.get()).isZero();
  }

  @Test
  void theSameThingInTwoNamespacesIsTwoExecutions() {
    cache.put(execution("a", "fw", "t1", "1", ExecutionStatus.QUEUED));
    cache.put(execution("b", "fw", "t1", "2", ExecutionStatus.QUEUED));
    assertThat(store.executionsOf("t1")).extracting(e -> e.getMetadata().getNamespace()).containsExactlyInAnyOrder("a", "b");
    cache.remove(execution("a", "fw", "t1", "1", ExecutionStatus.QUEUED));
    assertThat(store.executionsOf("t1")).extracting(e -> e.getMetadata().getNamespace()).containsExactly("b");
  }

  /** The cache's map and its indexes hold one copy of each key, the one the packed execution keeps. */
  @Test
  void everyDeliveredVersionIsFiledUnderTheFirstKey() {
    cache.put(execution("fleet", "fw", "t1", "1", ExecutionStatus.QUEUED));
    String key = store.get("fleet/fw.t1").cacheKey();
    cache.put(execution("fleet", "fw", "t1", "2", ExecutionStatus.IN_PROGRESS));
    cache.put(execution("fleet", "fw", "t1", "3", ExecutionStatus.SUCCEEDED));
    JobExecution cached = store.get("fleet/fw.t1");
    assertThat(cached.packed()).isTrue();
    assertThat(cached.cacheKey()).isSameAs(key);
    assertThat(store.keySet().toList()).singleElement().isSameAs(key);
    assertThat(cache.indexKeys(KubernetesExecutionStore.BY_JOB, "fleet/fw")).singleElement().isSameAs(key);
  }

  private List<String> statuses(String thing) {
    return store.executionsOf(thing).stream()
        .map(e -> e.getSpec().getJobId() + " " + e.getStatus().getStatus() + " " + e.getMetadata().getResourceVersion())
        .toList();
  }

  private static JobExecution execution(String namespace, String job, String thing, String version,
      ExecutionStatus status) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(job + "." + thing)
        .withResourceVersion(version).withLabels(Map.of(Executions.JOB_LABEL, job, Executions.THING_LABEL, thing))
        .build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(job);
    spec.setThingName(thing);
    execution.setSpec(spec);
    JobExecutionStatus value = new JobExecutionStatus();
    value.setStatus(status);
    execution.setStatus(value);
    return execution;
  }
}
