package dev.iotjobs.operator.jobs;

import static dev.iotjobs.api.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobExecutionsSourceTest {
  @Test
  void anExecutionBelongsToTheIoTJobsThatOwnItInItsNamespaceAndToNothingElse() {
    JobExecution execution = execution("a", ExecutionStatus.QUEUED, "2026-12-02T10:00:00Z");
    execution.getMetadata().setNamespace("fleet");
    assertThat(JobExecutionsSource.jobKeys(execution)).isEmpty();

    execution.getMetadata().setOwnerReferences(List.of(
        new OwnerReferenceBuilder().withApiVersion("iotjobs.dev/v1alpha1").withKind("IoTJob").withName("fw").build(),
        new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("other").build(),
        new OwnerReferenceBuilder().withApiVersion("example.com/v1").withKind("IoTJob").withName("foreign").build()));

    assertThat(JobExecutionsSource.jobKeys(execution)).containsExactly("fleet/fw");
    assertThat(JobExecutionsSource.jobIds(execution)).singleElement().satisfies(id -> {
      assertThat(id.getName()).isEqualTo("fw");
      assertThat(id.getNamespace()).contains("fleet");
    });
  }
}
