package dev.iotjobs.operator.it;

import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.operator.groups.ThingGroupReconciler;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every example folder applied together to one operator: each is accepted by the schema and reconciled without a
 * problem, and none takes another's things or groups (each folder is self-contained; applied alone, each reaches its
 * outcome in local mode's ExamplesIT).
 */
class ExamplesIT {
  private static final String NS = "examples";
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void everyExampleIsAcceptedAndReconciled() throws IOException {
    Path examples = Path.of("..", "examples");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(examples)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      apply(file);
    }
    List<IoTJob> jobs = h.client.resources(IoTJob.class).inNamespace(NS).list().getItems();
    assertThat(jobs).hasSizeGreaterThanOrEqualTo(11);
    eventually().untilAsserted(() -> {
      for (IoTJob job : h.client.resources(IoTJob.class).inNamespace(NS).list().getItems()) {
        assertThat(job.getStatus()).as(job.getMetadata().getName()).isNotNull();
        assertThat(job.getStatus().getObservedGeneration()).as(job.getMetadata().getName())
            .isEqualTo(job.getMetadata().getGeneration());
        String reason = Conditions.find(job.getStatus().getConditions(), JobConditions.PROGRESSING).orElseThrow().getReason();
        assertThat(reason).as(job.getMetadata().getName()).isNotIn("InvalidSchedule", "InvalidDocument",
            "DocumentNotFound", "InvalidSpec", "WaitingForTargets");
        if (job.getSpec().getCancel() == null) {
          assertThat(job.getStatus().getTargetCount()).as(job.getMetadata().getName()).isPositive();
        }
      }
      for (ThingGroup group : h.client.resources(ThingGroup.class).inNamespace(NS).list().getItems()) {
        assertThat(Conditions.isTrue(group.getStatus().getConditions(), ThingGroupReconciler.READY))
            .as(group.getMetadata().getName()).isTrue();
      }
    });
    assertThat(h.job(NS, "reboot-from-configmap").getStatus().getDocument().get("operation").asText()).isEqualTo("reboot");
    // the folders' groups stay apart: each has exactly the members its own folder gives it
    assertThat(h.client.resources(ThingGroup.class).inNamespace(NS).withName("europe").get().getStatus().getMemberCount())
        .isEqualTo(5);
    assertThat(h.client.resources(ThingGroup.class).inNamespace(NS).withName("all-sites").get().getStatus().getMemberCount())
        .isEqualTo(4);
  }

  private void apply(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : h.client.load(in).items()) {
        item.getMetadata().setNamespace(NS);
        h.client.resource(item).createOr(NonDeletingOperation::update);
      }
    }
  }
}
