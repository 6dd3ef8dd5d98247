package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobCancel;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CancelJob, CancelJob with force, CancelJobExecution and DeleteJob as reference §3.8 describes them. */
class CancelAndDeleteIT {
  private final OperatorHarness h = new OperatorHarness();

  @BeforeEach
  void fleetWithARunningJob() {
    for (String t : List.of("queued", "running", "done")) {
      h.client.resource(thing(t, Map.of())).create();
    }
    h.client.resource(job("fw", List.of("queued", "running", "done"), null)).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "fw")).hasSize(3)
        .allSatisfy(e -> assertThat(e.getStatus()).isNotNull()));
    h.deviceReports(NS, "fw", "running", ExecutionStatus.IN_PROGRESS);
    h.deviceReports(NS, "fw", "done", ExecutionStatus.SUCCEEDED);
    eventually().untilAsserted(() ->
        assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(1));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ExecutionStatus statusOf(String thing) {
    return h.execution(NS, "fw", thing).getStatus().getStatus();
  }

  private void cancelJob(boolean force) {
    JobCancel cancel = new JobCancel();
    cancel.setForce(force);
    cancel.setReasonCode("BAD_BUILD");
    cancel.setComment("crashes on boot");
    h.updateJob(NS, "fw", job -> job.getSpec().setCancel(cancel));
  }

  @Test
  void cancelCancelsQueuedAndLeavesInProgress() throws Exception {
    cancelJob(false);
    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "fw");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(job.getStatus().getReasonCode()).isEqualTo("BAD_BUILD");
      assertThat(job.getStatus().getComment()).isEqualTo("crashes on boot");
      assertThat(job.getStatus().getForceCanceled()).isFalse();
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfCanceledThings()).isEqualTo(1);
      assertThat(job.getStatus().getCompletedAt()).isNotNull();
      assertThat(Conditions.find(job.getStatus().getConditions(), JobConditions.CANCELED).orElseThrow().getReason())
          .isEqualTo(JobConditions.REASON_USER_REQUESTED);
    });
    assertThat(statusOf("queued")).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(statusOf("running")).isEqualTo(ExecutionStatus.IN_PROGRESS);
    try (var server = new dev.iotjobs.api.runtime.HealthServer(0, h::operatorReady, h.operatorRegistry())) {
      var http = java.net.http.HttpClient.newHttpClient();
      var metrics = java.net.URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      eventually().untilAsserted(() -> assertThat(http.send(java.net.http.HttpRequest.newBuilder(metrics).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body())
          .contains("iotjobs_executions{job=\"fw\",namespace=\"fleet\",status=\"CANCELED\"} 1.0")
          .doesNotContain("iotjobs_rollout_rate_executions_per_second{job=\"fw\"")
          .contains("iotjobs_execution_duration_seconds_bucket{status=\"CANCELED\"")
          .contains("jvm_threads_live_threads")
          .contains("operator_sdk_"));
      assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
          + "/readyz")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
    assertThat(statusOf("done")).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(h.execution(NS, "fw", "queued").getStatus().getVersionNumber()).isEqualTo(2);
    assertThat(h.events(NS, "fw")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Canceled"));

    h.deviceReports(NS, "fw", "running", ExecutionStatus.SUCCEEDED);
    eventually().untilAsserted(() ->
        assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(2));
    assertThat(h.job(NS, "fw").getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
  }

  @Test
  void forceCancelAlsoCancelsInProgress() {
    cancelJob(true);
    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "fw");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(job.getStatus().getForceCanceled()).isTrue();
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfCanceledThings()).isEqualTo(2);
      assertThat(job.getStatus().getCompletedAt()).isNotNull();
    });
    JobExecution running = h.execution(NS, "fw", "running");
    assertThat(running.getStatus().getStatus()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(running.getStatus().getForceCanceled()).isTrue();
    assertThat(h.execution(NS, "fw", "queued").getStatus().getForceCanceled())
        .as("every execution a forced cancel canceled is marked").isTrue();
    assertThat(statusOf("done")).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  /** AWS keeps timers of executions a cancel without force left running: they still time out. */
  @Test
  void timersKeepRunningAfterACancelWithoutForce() {
    JobExecution running = h.execution(NS, "fw", "running");
    var withStepTimer = dev.iotjobs.api.execution.ExecutionStateMachine.deviceUpdate(
        dev.iotjobs.api.execution.Executions.effectiveStatus(running),
        new dev.iotjobs.api.execution.DeviceUpdate(ExecutionStatus.IN_PROGRESS, null, null, 1L), null, h.clock.instant());
    running.setStatus(withStepTimer.next());
    h.client.resource(running).updateStatus();
    cancelJob(false);
    eventually().untilAsserted(() -> assertThat(h.job(NS, "fw").getStatus().getStatus()).isEqualTo(JobStatus.CANCELED));
    assertThat(statusOf("running")).isEqualTo(ExecutionStatus.IN_PROGRESS);

    h.clock.advance(java.time.Duration.ofMinutes(2));
    h.poke(NS, "fw");
    eventually().untilAsserted(() -> assertThat(statusOf("running")).isEqualTo(ExecutionStatus.TIMED_OUT));
    eventually().untilAsserted(() -> assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails()
        .getNumberOfTimedOutThings()).isEqualTo(1));
    assertThat(h.job(NS, "fw").getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
  }

  @Test
  void executionCancelFollowsTheForceRules() {
    cancelExecution("queued", false);
    eventually().untilAsserted(() -> assertThat(statusOf("queued")).isEqualTo(ExecutionStatus.CANCELED));

    cancelExecution("running", false);
    eventually().untilAsserted(() -> assertThat(h.events(NS, "fw.running"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("CancelRefused");
          assertThat(e.getMessage()).contains("needs force");
        }));
    assertThat(statusOf("running")).isEqualTo(ExecutionStatus.IN_PROGRESS);

    cancelExecution("running", true);
    eventually().untilAsserted(() -> assertThat(statusOf("running")).isEqualTo(ExecutionStatus.CANCELED));
    assertThat(h.execution(NS, "fw", "running").getStatus().getForceCanceled()).isTrue();

    cancelExecution("done", true);
    eventually().untilAsserted(() -> assertThat(h.events(NS, "fw.done"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("already SUCCEEDED")));
    assertThat(statusOf("done")).isEqualTo(ExecutionStatus.SUCCEEDED);

    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "fw");
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfCanceledThings()).isEqualTo(2);
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
    });
  }

  @Test
  void deletingTheJobCancelsPendingExecutionsDeletesThemAndThenTheJob() {
    List<String> history = new CopyOnWriteArrayList<>();
    try (Watch watch = h.client.resources(JobExecution.class).inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, JobExecution e) {
        history.add(e.getSpec().getThingName() + " " + action + " " + e.getStatus().getStatus());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      h.client.resource(h.job(NS, "fw")).delete();
      eventually().untilAsserted(() -> {
        assertThat(h.job(NS, "fw")).isNull();
        assertThat(h.executions(NS, "fw")).isEmpty();
      });
      eventually().untilAsserted(() -> assertThat(history).contains("queued MODIFIED CANCELED", "queued DELETED CANCELED",
          "running MODIFIED CANCELED", "done DELETED SUCCEEDED"));
    }
    assertThat(h.events(NS, "fw")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Deleting"));
  }

  private void cancelExecution(String thing, boolean force) {
    JobExecutionSpec.ExecutionCancel cancel = new JobExecutionSpec.ExecutionCancel();
    cancel.setForce(force);
    dev.iotjobs.embedded.Updates.retrying(h.client, JobExecution.class, NS, "fw." + thing,
        execution -> execution.getSpec().setCancel(cancel));
  }
}
