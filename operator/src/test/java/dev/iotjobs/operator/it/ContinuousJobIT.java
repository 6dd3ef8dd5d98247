package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.group;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.labels;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.api.model.Thing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONTINUOUS jobs follow group membership; every job removes queued executions of deleted Things. */
class ContinuousJobIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private void label(String thing, Map<String, String> labels) {
    dev.iotjobs.embedded.Updates.retrying(h.client, Thing.class, NS, thing, current -> current.getMetadata().setLabels(labels));
  }

  private ExecutionStatus statusOf(String jobId, String thing) {
    return h.execution(NS, jobId, thing).getStatus().getStatus();
  }

  @Test
  void thingsJoiningGetExecutionsAndThingsLeavingAreRemoved() {
    h.client.resource(thing("a", Map.of("beta", "yes"))).create();
    h.client.resource(thing("b", Map.of("beta", "yes"))).create();
    h.client.resource(group("beta", null, null, labels("beta", "yes"))).create();
    IoTJob job = job("canary", null, List.of("beta"));
    job.getSpec().setTargetSelection(TargetSelection.CONTINUOUS);
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "canary")).hasSize(2));

    h.client.resource(thing("c", Map.of("beta", "yes"))).create();
    eventually().untilAsserted(() -> assertThat(statusOf("canary", "c")).isEqualTo(ExecutionStatus.QUEUED));

    h.deviceReports(NS, "canary", "a", ExecutionStatus.IN_PROGRESS);
    label("a", Map.of());
    label("b", Map.of());
    eventually().untilAsserted(() -> assertThat(statusOf("canary", "b")).isEqualTo(ExecutionStatus.REMOVED));
    assertThat(statusOf("canary", "a")).as("an IN_PROGRESS execution may finish").isEqualTo(ExecutionStatus.IN_PROGRESS);
    eventually().untilAsserted(() ->
        assertThat(h.job(NS, "canary").getStatus().getJobProcessDetails().getNumberOfRemovedThings()).isEqualTo(1));

    label("b", Map.of("beta", "yes"));
    eventually().untilAsserted(() -> {
      var status = h.execution(NS, "canary", "b").getStatus();
      assertThat(status.getStatus()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(status.getExecutionNumber()).isEqualTo(2);
      assertThat(status.getRetryAttempt()).isZero();
      assertThat(status.getAttempts()).singleElement().satisfies(a -> assertThat(a.getStatus()).isEqualTo(ExecutionStatus.REMOVED));
    });

    h.deviceReports(NS, "canary", "a", ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "canary", "b", ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "canary", "c", ExecutionStatus.SUCCEEDED);
    eventually().untilAsserted(() ->
        assertThat(h.job(NS, "canary").getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(3));
    assertThat(h.job(NS, "canary").getStatus().getStatus()).as("a continuous job never completes on its own")
        .isEqualTo(JobStatus.IN_PROGRESS);
  }

  @Test
  void deletingAThingRemovesItsQueuedExecutionInASnapshotJob() {
    h.client.resource(thing("a", Map.of("g", "1"))).create();
    h.client.resource(thing("b", Map.of("g", "1"))).create();
    h.client.resource(group("g", null, null, labels("g", "1"))).create();
    h.client.resource(job("snap", null, List.of("g"))).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "snap")).hasSize(2));

    label("a", Map.of());
    h.client.resources(Thing.class).inNamespace(NS).withName("b").delete();
    eventually().untilAsserted(() -> assertThat(statusOf("snap", "b")).isEqualTo(ExecutionStatus.REMOVED));
    assertThat(statusOf("snap", "a")).as("snapshot jobs keep executions when membership changes")
        .isEqualTo(ExecutionStatus.QUEUED);
  }

  /** Deleting one of a CONTINUOUS job's groups takes its things out; the job goes on with the rest. */
  @Test
  void aDeletedTargetGroupTakesItsThingsOutAndTheRestRunsOn() {
    h.client.resource(thing("lab-1", Map.of("site", "lab"))).create();
    h.client.resource(thing("field-1", Map.of("site", "field"))).create();
    h.client.resource(group("lab", null, null, labels("site", "lab"))).create();
    h.client.resource(group("field", null, null, labels("site", "field"))).create();
    IoTJob job = job("follow", null, List.of("lab", "field"));
    job.getSpec().setTargetSelection(TargetSelection.CONTINUOUS);
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "follow")).hasSize(2));

    h.client.resources(dev.iotjobs.api.model.ThingGroup.class).inNamespace(NS).withName("lab").delete();
    eventually().untilAsserted(() -> {
      assertThat(statusOf("follow", "lab-1")).isEqualTo(ExecutionStatus.REMOVED);
      var resolved = dev.iotjobs.operator.k8s.Conditions.find(h.job(NS, "follow").getStatus().getConditions(),
          dev.iotjobs.operator.jobs.JobConditions.TARGETS_RESOLVED).orElseThrow();
      assertThat(resolved.getStatus()).isEqualTo("False");
      assertThat(resolved.getMessage()).contains("ThingGroup lab does not exist").contains("goes on");
    });
    h.client.resource(thing("field-2", Map.of("site", "field"))).create();
    eventually().untilAsserted(() -> assertThat(statusOf("follow", "field-2")).isEqualTo(ExecutionStatus.QUEUED));
    assertThat(statusOf("follow", "field-1")).isEqualTo(ExecutionStatus.QUEUED);

    h.client.resource(group("lab", null, null, labels("site", "lab"))).create();
    eventually().untilAsserted(() -> assertThat(statusOf("follow", "lab-1")).isEqualTo(ExecutionStatus.QUEUED));
  }
}
