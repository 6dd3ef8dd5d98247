package dev.iotjobs.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KubernetesExecutionStoreIT {
  private static final int EXECUTIONS = 60;

  /**
   * The bridge keeps each of its status writes until the informer delivers it; a write whose event arrived before its
   * own response was kept for ever (a finished execution has no later event): at 10,000 devices two in three
   * executions stayed in the bridge's heap twice, once with managedFields (the processes benchmark's histograms).
   */
  @Test
  void everyWriteIsLetGoOnceTheCacheHoldsIt() throws Exception {
    try (EmbeddedKubernetes api = new EmbeddedKubernetes();
        KubernetesExecutionStore store = new KubernetesExecutionStore(api.client(), Set.of("fleet"))) {
      KubernetesClient client = api.client();
      IntStream.range(0, EXECUTIONS).forEach(i -> client.resource(execution("t" + i)).create());
      store.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.range(0, EXECUTIONS)
          .allMatch(i -> store.execution("t" + i, "fw").isPresent()));
      for (int i = 0; i < EXECUTIONS; i++) {
        JobExecution cached = store.execution("t" + i, "fw").orElseThrow();
        JobExecution started = store.writeStatus(cached, status(ExecutionStatus.IN_PROGRESS, 2));
        store.writeStatus(started, status(ExecutionStatus.SUCCEEDED, 3));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.range(0, EXECUTIONS).allMatch(i ->
          store.execution("t" + i, "fw").map(JobExecution::statusValue).orElse(null) == ExecutionStatus.SUCCEEDED));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(store.unseenWrites()).isZero());
    }
  }

  private static JobExecution execution(String thing) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withNamespace("fleet").withName("fw." + thing).build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId("fw");
    spec.setThingName(thing);
    execution.setSpec(spec);
    return execution;
  }

  private static JobExecutionStatus status(ExecutionStatus value, long version) {
    JobExecutionStatus status = new JobExecutionStatus();
    status.setStatus(value);
    status.setVersionNumber(version);
    status.setExecutionNumber(1L);
    status.setQueuedAt("2026-12-01T10:00:00.000Z");
    status.setLastUpdatedAt("2026-12-01T10:00:01Z");
    return status;
  }
}
