package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.group;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.labels;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotJobIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void thousandThingsGetExactlyOneExecutionEachAndTheJobCompletesWithCountersAddingUp() {
    int fleet = 1000;
    IntStream.range(0, fleet).parallel().forEach(i ->
        h.client.resource(thing(String.format("dev-%04d", i), Map.of("fw", "1"))).create());
    h.client.resource(group("all", null, List.of("dev-0000", "dev-0001"), labels("fw", "1"))).create();
    List<IoTJobStatus> seen = new CopyOnWriteArrayList<>();
    try (Watch watch = h.client.resources(IoTJob.class).inNamespace(NS).withName("upgrade").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, IoTJob job) {
        if (job.getStatus() != null) {
          seen.add(job.getStatus());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      h.client.resource(job("upgrade", List.of("dev-0000"), List.of("all"))).create();

      eventually().untilAsserted(() -> {
        IoTJob job = h.job(NS, "upgrade");
        assertThat(job.getStatus().getTargetCount()).isEqualTo(fleet);
        assertThat(job.getStatus().getJobProcessDetails().getNumberOfQueuedThings()).isEqualTo(fleet);
      });
      List<JobExecution> executions = h.executions(NS, "upgrade");
      assertThat(executions).hasSize(fleet);
      assertThat(h.api.writes().of("jobexecutions")).as("one create per execution").isEqualTo(fleet);
      assertThat(h.api.writes().of("jobexecutions/status")).as("no status write to queue").isZero();
      assertThat(executions).extracting(e -> e.getSpec().getThingName()).doesNotHaveDuplicates();
      JobExecution first = h.execution(NS, "upgrade", "dev-0000");
      assertThat(first.getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(first.getStatus().getExecutionNumber()).isEqualTo(1);
      assertThat(first.getStatus().getVersionNumber()).isEqualTo(1);
      // one write per queued execution: the CRD defaults the status; the annotation says when, to the millisecond
      assertThat(first.getMetadata().getAnnotations()).containsKey(Executions.QUEUED_AT_ANNOTATION);
      assertThat(Executions.effectiveStatus(first).getQueuedAt())
          .isEqualTo(first.getMetadata().getAnnotations().get(Executions.QUEUED_AT_ANNOTATION));
      assertThat(first.getMetadata().getLabels()).containsEntry(Executions.JOB_LABEL, "upgrade")
          .containsEntry(Executions.THING_LABEL, "dev-0000");
      assertThat(first.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo("upgrade"));

      IoTJob running = h.job(NS, "upgrade");
      assertThat(running.getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
      assertThat(running.getStatus().getStartedAt()).isNotNull();
      assertThat(h.events(NS, "upgrade")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Started"));

      h.api.writes().reset();
      double reconcilesBefore = h.reconciles("iotjob");
      long reportsStarted = System.nanoTime();
      for (int i = 0; i < fleet; i++) {
        String thing = String.format("dev-%04d", i);
        ExecutionStatus outcome = i % 10 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
        if (i % 2 == 0) {
          h.deviceReports(NS, "upgrade", thing, ExecutionStatus.IN_PROGRESS);
        }
        h.deviceReports(NS, "upgrade", thing, outcome);
      }

      eventually().untilAsserted(() -> {
        IoTJob job = h.job(NS, "upgrade");
        assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.getStatus().getCompletedAt()).isNotNull();
        assertThat(job.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(900);
        assertThat(job.getStatus().getJobProcessDetails().getNumberOfFailedThings()).isEqualTo(100);
        assertThat(Conditions.isTrue(job.getStatus().getConditions(), JobConditions.COMPLETE)).isTrue();
        assertThat(job.getStatus().getRecentFailures()).as("the newest five of the hundred failures")
            .hasSize(5).allSatisfy(f -> {
              assertThat(f.getStatus()).isEqualTo(ExecutionStatus.FAILED);
              assertThat(f.getThingName()).matches("dev-\\d{3}0");
            })
            .extracting(f -> java.time.Instant.parse(f.getLastUpdatedAt()))
            .isSortedAccordingTo(java.util.Comparator.reverseOrder());
      });
      long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - reportsStarted);
      assertThat(h.api.writes().of("iotjobs/status"))
          .as("1,500 execution changes in %d s: progress written at most once a second, plus the completion", seconds)
          .isLessThanOrEqualTo(seconds + 3);
      // each reconcile walks all 1,000 executions: their changes wake the job at most four times a second, its own
      // wake-ups (the once-a-second progress write) add a few (without the debounce: ~1,450, one per change)
      assertThat(h.reconciles("iotjob") - reconcilesBefore)
          .as("job reconciles for 1,500 execution changes in %d s", seconds).isLessThanOrEqualTo(6 * (seconds + 1) + 5);
    }
    assertThat(seen).isNotEmpty();
    for (IoTJobStatus status : seen) {
      JobProcessDetails counters = status.getJobProcessDetails();
      if (counters != null) {
        assertThat(counters.total()).as("counters never exceed the targets").isLessThanOrEqualTo(fleet);
        assertThat(counters).satisfies(c -> assertThat(c.getNumberOfQueuedThings() + c.getNumberOfInProgressThings()
            + c.terminal()).isEqualTo(c.total()));
      }
      if (status.getStatus() == JobStatus.COMPLETED) {
        assertThat(counters.terminal()).isEqualTo(fleet);
      }
    }
    assertThat(h.events(NS, "upgrade")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Completed"));
  }

  @Test
  void jobWaitsForMissingTargetsAndStartsOnceTheyExist() {
    h.client.resource(thing("a", Map.of())).create();
    h.client.resource(job("waiting", List.of("a", "b"), List.of("late-group"))).create();
    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "waiting");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
      assertThat(Conditions.find(job.getStatus().getConditions(), JobConditions.TARGETS_RESOLVED)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getMessage()).contains("ThingGroup late-group does not exist").contains("Thing b does not exist");
      });
    });
    assertThat(h.events(NS, "waiting")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("TargetsNotFound");
    });
    assertThat(h.executions(NS, "waiting")).isEmpty();

    h.client.resource(thing("b", Map.of())).create();
    h.client.resource(thing("c", Map.of("x", "y"))).create();
    h.client.resource(group("late-group", null, null, labels("x", "y"))).create();
    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "waiting");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
      assertThat(job.getStatus().getTargetCount()).isEqualTo(3);
      assertThat(Conditions.isTrue(job.getStatus().getConditions(), JobConditions.TARGETS_RESOLVED)).isTrue();
    });
    assertThat(h.executions(NS, "waiting")).extracting(e -> e.getSpec().getThingName())
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void snapshotTargetsAreFixedAtStart() {
    h.client.resource(thing("a", Map.of("x", "y"))).create();
    h.client.resource(group("g", null, null, labels("x", "y"))).create();
    h.client.resource(job("snap", null, List.of("g"))).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "snap")).hasSize(1));
    h.client.resource(thing("late", Map.of("x", "y"))).create();
    eventually().untilAsserted(() -> assertThat(h.client.resources(dev.iotjobs.api.model.ThingGroup.class)
        .inNamespace(NS).withName("g").get().getStatus().getMemberCount()).isEqualTo(2));
    assertThat(h.executions(NS, "snap")).hasSize(1);
    assertThat(h.job(NS, "snap").getStatus().getTargetCount()).isEqualTo(1);
    assertThat(h.client.resources(Thing.class).inNamespace(NS).list().getItems()).hasSize(2);
  }

  /** DeleteJobExecution: the execution is gone for good, counted apart, also across an operator restart. */
  @Test
  void aDeletedExecutionIsNeverQueuedAgain() {
    for (String t : List.of("a", "b", "c")) {
      h.client.resource(thing(t, Map.of())).create();
    }
    h.client.resource(job("fw", List.of("a", "b", "c"), null)).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "fw")).hasSize(3));
    h.client.resources(JobExecution.class).inNamespace(NS).withName(Executions.name("fw", "b")).delete();

    eventually().untilAsserted(() -> {
      assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails().getNumberOfDeletedThings()).isEqualTo(1);
      assertThat(h.events(NS, "fw")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ExecutionsDeleted"));
    });
    h.poke(NS, "fw");
    org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
        .until(() -> h.execution(NS, "fw", "b") == null);

    h.stopOperator();
    h.startOperator();
    h.poke(NS, "fw");
    h.deviceReports(NS, "fw", "a", ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "fw", "c", ExecutionStatus.SUCCEEDED);
    eventually().untilAsserted(() -> {
      IoTJobStatus status = h.job(NS, "fw").getStatus();
      assertThat(status.getStatus()).isEqualTo(JobStatus.COMPLETED);
      assertThat(status.getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(2);
      assertThat(status.getJobProcessDetails().getNumberOfDeletedThings()).isEqualTo(1);
    });
    assertThat(h.execution(NS, "fw", "b")).isNull();
  }

  /** A paced SNAPSHOT rollout keeps its targets across a restart, even after its target group was deleted. */
  @Test
  void aPacedSnapshotSurvivesAnOperatorRestartAfterItsGroupIsDeleted() {
    for (String t : List.of("a", "b", "c", "d")) {
      h.client.resource(thing(t, Map.of("x", "y"))).create();
    }
    h.client.resource(group("g", null, null, labels("x", "y"))).create();
    IoTJob paced = job("paced", null, List.of("g"));
    dev.iotjobs.api.model.RolloutConfig rollout = new dev.iotjobs.api.model.RolloutConfig();
    rollout.setMaximumPerMinute(120L);
    paced.getSpec().setJobExecutionsRolloutConfig(rollout);
    h.client.resource(paced).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "paced")).isNotEmpty());

    h.stopOperator();
    h.client.resources(dev.iotjobs.api.model.ThingGroup.class).inNamespace(NS).withName("g").delete();
    h.startOperator();
    eventually().untilAsserted(() -> {
      assertThat(h.executions(NS, "paced")).extracting(e -> e.getSpec().getThingName())
          .containsExactlyInAnyOrder("a", "b", "c", "d");
      assertThat(h.job(NS, "paced").getStatus().getTargetCount()).isEqualTo(4);
      assertThat(h.job(NS, "paced").getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
    });
  }
}
