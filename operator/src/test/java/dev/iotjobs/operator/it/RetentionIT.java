package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionRetention;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.operator.targets.JobTargetStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** spec.executionRetention on the embedded API: executions go, counters stay, things are not queued again. */
class RetentionIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private static IoTJob retained(String name, List<String> things, String afterTerminal) {
    IoTJob job = job(name, things, null);
    ExecutionRetention retention = new ExecutionRetention();
    retention.setAfterTerminal(afterTerminal);
    job.getSpec().setExecutionRetention(retention);
    return job;
  }

  @Test
  void aCompletedJobsExecutionsArePrunedAfterTheRetentionTimeAndItsCountersStay() {
    List<String> things = List.of("r1", "r2", "r3", "r4");
    things.forEach(t -> h.client.resource(thing(t, Map.of())).create());
    h.client.resource(retained("kept-10m", things, "10m")).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "kept-10m")).hasSize(4));
    h.deviceReports(NS, "kept-10m", "r1", ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "kept-10m", "r2", ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "kept-10m", "r3", ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "kept-10m", "r4", ExecutionStatus.FAILED);
    eventually().untilAsserted(() -> assertThat(h.job(NS, "kept-10m").getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED));

    h.clock.advance(Duration.ofMinutes(5));
    h.poke(NS, "kept-10m");
    eventually().untilAsserted(() -> assertThat(h.job(NS, "kept-10m").getStatus().getObservedGeneration())
        .isEqualTo(h.job(NS, "kept-10m").getMetadata().getGeneration()));
    assertThat(h.executions(NS, "kept-10m")).as("kept for 10 minutes").hasSize(4);

    h.clock.advance(Duration.ofMinutes(6));
    h.poke(NS, "kept-10m");
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "kept-10m")).isEmpty());
    IoTJob job = h.job(NS, "kept-10m");
    JobProcessDetails counters = job.getStatus().getJobProcessDetails();
    assertThat(counters.getNumberOfSucceededThings()).isEqualTo(3);
    assertThat(counters.getNumberOfFailedThings()).isEqualTo(1);
    assertThat(counters.getNumberOfDeletedThings()).as("pruned, not deleted by a user").isZero();
    assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.getStatus().getProgress()).isEqualTo("4/4");
    assertThat(h.events(NS, "kept-10m")).noneSatisfy(e -> assertThat(e.getReason()).isEqualTo("ExecutionsDeleted"));

    // deleting the job: its last status (held here by a finalizer of the test's own) still counts what was pruned
    h.client.resources(IoTJob.class).inNamespace(NS).withName("kept-10m").edit(j -> {
      j.getMetadata().getFinalizers().add("test.iotjobs.dev/hold");
      return j;
    });
    h.client.resources(IoTJob.class).inNamespace(NS).withName("kept-10m").delete();
    eventually().untilAsserted(() -> {
      IoTJob deleting = h.job(NS, "kept-10m");
      assertThat(deleting.getStatus().getStatus()).isEqualTo(JobStatus.DELETION_IN_PROGRESS);
      assertThat(deleting.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(3);
      assertThat(deleting.getStatus().getJobProcessDetails().getNumberOfFailedThings()).isEqualTo(1);
    });
  }

  @Test
  void aRunningContinuousJobPrunesWhatIsDoneAndNeverQueuesThoseThingsAgain() {
    h.fleet(3);
    IoTJob job = retained("agent-config", null, "1m");
    job.getSpec().getTargets().setThingGroups(List.of("all"));
    job.getSpec().setTargetSelection(TargetSelection.CONTINUOUS);
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "agent-config")).hasSize(3));
    List.of("t000", "t001", "t002").forEach(t -> h.deviceReports(NS, "agent-config", t, ExecutionStatus.SUCCEEDED));
    h.clock.advance(Duration.ofMinutes(2));
    h.poke(NS, "agent-config");
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "agent-config")).isEmpty());

    h.client.resource(thing("t100", Map.of("f", "1"))).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "agent-config")).singleElement()
        .satisfies(e -> assertThat(e.getSpec().getThingName()).isEqualTo("t100")));
    eventually().untilAsserted(() -> {
      JobProcessDetails counters = h.job(NS, "agent-config").getStatus().getJobProcessDetails();
      assertThat(counters.getNumberOfSucceededThings()).isEqualTo(3);
      assertThat(counters.getNumberOfQueuedThings()).isEqualTo(1);
      assertThat(counters.getNumberOfDeletedThings()).isZero();
    });
    assertThat(h.job(NS, "agent-config").getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
  }

  @Test
  void theLedgerRefusesWhatWouldNotFitTheJobsConfigMapAndKeepsWhatItHas() {
    IoTJob job = h.client.resource(job("ledger", List.of("x"), null)).create();
    JobTargetStore store = new JobTargetStore(h.client);
    assertThat(store.addPruned(job, Map.of("x", ExecutionStatus.SUCCEEDED))).isTrue();
    Map<String, ExecutionStatus> tooMany = new java.util.HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      tooMany.put(java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}).toString(),
          ExecutionStatus.SUCCEEDED);
    }
    assertThat(store.addPruned(job, tooMany)).isFalse();
    assertThat(new JobTargetStore(h.client).memory(job).pruned()).as("read back from the ConfigMap")
        .containsExactly(Map.entry("x", ExecutionStatus.SUCCEEDED));
  }
}
