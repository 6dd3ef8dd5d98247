package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.runtime.Creates;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A create sent through the client's HTTP client, as the operator creates executions. */
class CreatesIT {
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

  @Test
  void theObjectAsStoredComesBackWithTheServersFieldsAndTheSchemasDefaults() {
    JobExecution created = Creates.create(client, execution("t1"));

    JobExecution held = client.resources(JobExecution.class).inNamespace("default").withName("job.t1").get();
    assertThat(created).isEqualTo(held);
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getLabels()).containsEntry("team", "fleet");
    assertThat(created.getStatus().getStatus()).as("the CRD's default").isEqualTo(ExecutionStatus.QUEUED);
  }

  @Test
  void aTakenNameIsRefusedAsAConflictAndAnInvalidObjectAsUnprocessable() {
    Creates.create(client, execution("t2"));
    assertThatThrownBy(() -> Creates.create(client, execution("t2")))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    JobExecution noThing = execution("t3");
    noThing.getSpec().setThingName(null);
    assertThatThrownBy(() -> Creates.create(client, noThing))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }
}
