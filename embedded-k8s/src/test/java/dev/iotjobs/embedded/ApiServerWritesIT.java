package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an API server does to a write of a kind with a status subresource and schema defaults. */
class ApiServerWritesIT {
  private static EmbeddedKubernetes api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = new EmbeddedKubernetes();
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static JobExecution execution(String name) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("job." + name).withNamespace("default").build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId("job");
    spec.setThingName(name);
    execution.setSpec(spec);
    return execution;
  }

  @Test
  void createDropsTheStatusAndTheSchemaDefaultsFillItIn() {
    JobExecution sent = execution("dropped");
    JobExecutionStatus running = ExecutionStateMachine.queued(Instant.parse("2026-01-01T00:00:00Z"));
    running.setStatus(ExecutionStatus.IN_PROGRESS);
    running.setVersionNumber(7L);
    sent.setStatus(running);

    JobExecution stored = client.resource(sent).create();

    for (JobExecution seen : new JobExecution[] {stored, client.resource(sent).get()}) {
      assertThat(seen.getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(seen.getStatus().getExecutionNumber()).isEqualTo(1L);
      assertThat(seen.getStatus().getVersionNumber()).isEqualTo(1L);
      assertThat(seen.getStatus().getRetryAttempt()).isZero();
      assertThat(seen.getStatus().getQueuedAt()).as("no default can say when").isNull();
    }
  }

  @Test
  void aStatusWriteKeepsWhatItSetsAndDefaultsOnlyWhatItLeavesOut() {
    JobExecution stored = client.resource(execution("written")).create();
    JobExecutionStatus started = new JobExecutionStatus();
    started.setStatus(ExecutionStatus.IN_PROGRESS);
    started.setVersionNumber(2L);
    stored.setStatus(started);

    JobExecution written = client.resource(stored).updateStatus();

    assertThat(written.getStatus().getStatus()).isEqualTo(ExecutionStatus.IN_PROGRESS);
    assertThat(written.getStatus().getVersionNumber()).isEqualTo(2L);
    assertThat(written.getStatus().getExecutionNumber()).isEqualTo(1L);
  }

  @Test
  void writesAreCountedByResourceAndVerb() {
    long creates = api.writes().of("jobexecutions");
    long statusWrites = api.writes().of("jobexecutions/status");
    JobExecution stored = client.resource(execution("counted")).create();
    stored.getStatus().setVersionNumber(2L);
    client.resource(stored).updateStatus();
    client.resource(execution("counted")).createOr(existing -> existing.update()); // a 409, then an update
    client.resource(stored).get();

    assertThat(api.writes().of("jobexecutions")).isEqualTo(creates + 2);
    assertThat(api.writes().of("jobexecutions/status")).isEqualTo(statusWrites + 1);
    assertThat(ApiWrites.resourceOf("/apis/iotjobs.dev/v1alpha1/namespaces/a/iotjobs/j/status")).isEqualTo("iotjobs/status");
    assertThat(ApiWrites.resourceOf("/api/v1/namespaces/a/events")).isEqualTo("events");
    assertThat(ApiWrites.resourceOf("/apis/coordination.k8s.io/v1/namespaces/a/leases/l?x=1")).isEqualTo("leases");
  }
}
