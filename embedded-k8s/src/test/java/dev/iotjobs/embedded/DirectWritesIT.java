package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.runtime.Creates;
import dev.iotjobs.api.runtime.StatusPatches;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes sent through the client's HTTP client, as the bridge and the operator make them: status writes as merge
 * patches ({@link StatusPatches}) and creates ({@link Creates}).
 */
class DirectWritesIT {
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

  private static JobExecution execution(String thing) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("job." + thing).withNamespace("default")
        .withLabels(Map.of("team", "fleet")).build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId("job");
    spec.setThingName(thing);
    execution.setSpec(spec);
    return execution;
  }

  private static JobExecution created(String thing) {
    return client.resource(execution(thing)).create();
  }

  private static JobExecutionStatus started(JobExecution execution) {
    JobExecutionStatus status = new JobExecutionStatus();
    status.setStatus(ExecutionStatus.IN_PROGRESS);
    status.setVersionNumber(execution.getStatus().getVersionNumber() + 1);
    status.setExecutionNumber(execution.getStatus().getExecutionNumber());
    status.setRetryAttempt(execution.getStatus().getRetryAttempt());
    status.setQueuedAt(execution.getStatus().getQueuedAt());
    status.setStatusDetails(Map.of("step", "download"));
    return status;
  }

  @Test
  void theStatusIsWrittenAndTheStoredObjectComesBackWithItsNewVersion() {
    JobExecution execution = created("t1");

    JobExecution stored = StatusPatches.write(client, execution, started(execution));

    assertThat(stored.getStatus().getStatus()).isEqualTo(ExecutionStatus.IN_PROGRESS);
    assertThat(stored.getStatus().getStatusDetails()).containsEntry("step", "download");
    assertThat(stored.getMetadata().getLabels()).containsEntry("team", "fleet");
    assertThat(stored.getMetadata().getResourceVersion()).isNotEqualTo(execution.getMetadata().getResourceVersion());
    assertThat(client.resource(execution).get().getStatus()).isEqualTo(stored.getStatus());
  }

  /** The stored object is built from the write and the answer's resourceVersion, not bound from the whole answer. */
  @Test
  void theStoredObjectIsWhatTheServerHoldsAndTheNextWriteCanBuildOnIt() {
    JobExecution execution = created("t4");
    JobExecution stored = StatusPatches.write(client, execution, started(execution));
    JobExecution held = client.resource(execution).get();
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(held.getMetadata().getResourceVersion());
    assertThat(stored.getStatus()).isEqualTo(held.getStatus());
    assertThat(stored.getSpec()).isEqualTo(held.getSpec());
    assertThat(stored.getMetadata().getLabels()).isEqualTo(held.getMetadata().getLabels());
    assertThat(stored.getMetadata().getUid()).isEqualTo(held.getMetadata().getUid());

    JobExecutionStatus finished = started(stored);
    finished.setStatus(ExecutionStatus.SUCCEEDED);
    finished.setStatusDetails(null);
    JobExecution again = StatusPatches.write(client, stored, finished);
    assertThat(client.resource(execution).get().getStatus()).isEqualTo(again.getStatus());
    assertThat(again.getStatus().getStatusDetails()).isNull();
  }

  @Test
  void aWriteBasedOnAnOlderVersionIsRefusedAsAConflictAndChangesNothing() {
    JobExecution execution = created("t2");
    JobExecution stored = StatusPatches.write(client, execution, started(execution));

    JobExecutionStatus other = started(execution);
    other.setStatusDetails(Map.of("step", "other"));
    assertThatThrownBy(() -> StatusPatches.write(client, execution, other))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.resource(execution).get().getStatus()).isEqualTo(stored.getStatus());
  }

  @Test
  void aWriteToAnObjectThatIsGoneIsRefusedAsNotFound() {
    JobExecution execution = created("t3");
    client.resource(execution).delete();

    assertThatThrownBy(() -> StatusPatches.write(client, execution, started(execution)))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  /** A merge of some status fields, as presence writes are: set without a precondition, the rest left as it was. */
  @Test
  void aMergeSetsTheGivenFieldsWhateverTheVersionAndKeepsTheRest() {
    JobExecution execution = created("t5");
    JobExecution stored = StatusPatches.write(client, execution, started(execution));

    JobExecution merge = new JobExecution();
    merge.setMetadata(new ObjectMetaBuilder().withName(execution.getMetadata().getName()).withNamespace("default")
        .build());
    JobExecutionStatus fields = new JobExecutionStatus();
    fields.setStatusDetails(Map.of("progress", "50"));
    merge.setStatus(fields);
    StatusPatches.merge(client, merge);

    JobExecutionStatus held = client.resource(execution).get().getStatus();
    assertThat(held.getStatusDetails()).containsEntry("step", "download").containsEntry("progress", "50");
    assertThat(held.getStatus()).isEqualTo(ExecutionStatus.IN_PROGRESS);
    assertThat(held.getVersionNumber()).isEqualTo(stored.getStatus().getVersionNumber());

    client.resource(execution).delete();
    assertThatThrownBy(() -> StatusPatches.merge(client, merge))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void theObjectAsStoredComesBackWithTheServersFieldsAndTheSchemasDefaults() {
    JobExecution created = Creates.create(client, execution("c1"));

    JobExecution held = client.resources(JobExecution.class).inNamespace("default").withName("job.c1").get();
    assertThat(created).isEqualTo(held);
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getLabels()).containsEntry("team", "fleet");
    assertThat(created.getStatus().getStatus()).as("the CRD's default").isEqualTo(ExecutionStatus.QUEUED);
  }

  @Test
  void aTakenNameIsRefusedAsAConflictAndAnInvalidObjectAsUnprocessable() {
    Creates.create(client, execution("c2"));
    assertThatThrownBy(() -> Creates.create(client, execution("c2")))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    JobExecution noThing = execution("c3");
    noThing.getSpec().setThingName(null);
    assertThatThrownBy(() -> Creates.create(client, noThing))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }
}
