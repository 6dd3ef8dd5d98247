package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.AbortConfig.AbortFailureType;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.RollbackSpec;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate;
import dev.iotjobs.api.model.WaveStatus.GatePhase;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import dev.iotjobs.operator.waves.RollbackJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Staged rollouts on the embedded API, with the tests playing the devices: waves, gates, promotion, rollback. */
class StagedRolloutIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  static Wave wave(String name, Long count, Double percentage, WaveGate gate) {
    Wave wave = new Wave();
    wave.setName(name);
    wave.setCount(count);
    wave.setPercentage(percentage);
    wave.setGate(gate);
    return wave;
  }

  static WaveGate noFailures() {
    WaveGate gate = new WaveGate();
    WaveGate.FailureLimit limit = new WaveGate.FailureLimit();
    limit.setFailureType(AbortFailureType.FAILED);
    limit.setMaximumCount(0L);
    gate.setMaximumFailures(List.of(limit));
    return gate;
  }

  private IoTJob staged(String name, Wave... waves) {
    IoTJob job = job(name, null, List.of("all"));
    job.getSpec().setWaves(List.of(waves));
    return job;
  }

  /** A rollback that installs the given version. */
  static RollbackSpec installing(String version) {
    RollbackSpec rollback = new RollbackSpec();
    rollback.setDocument(JsonNodeFactory.instance.objectNode().put("operation", "install").put("version", version));
    return rollback;
  }

  private List<JobExecution> inWave(String job, String wave) {
    return h.executions(NS, job).stream().filter(e -> wave.equals(e.getMetadata().getLabels().get(Executions.WAVE_LABEL)))
        .toList();
  }

  private void succeedAll(String job, String wave) {
    inWave(job, wave).stream().filter(e -> Executions.statusOf(e) == ExecutionStatus.QUEUED)
        .forEach(e -> h.deviceReports(NS, job, e.getSpec().getThingName(), ExecutionStatus.SUCCEEDED));
  }

  private GatePhase phase(String job, int wave) {
    IoTJob found = h.job(NS, job);
    return found.getStatus() == null || found.getStatus().getWaves() == null ? null
        : found.getStatus().getWaves().get(wave).getGate().getPhase();
  }

  @Test
  void aHealthyRolloutPromotesThroughEveryWaveAndQueuesEachOnlyAfterThePreviousPassed() {
    h.fleet(20);
    WaveGate success = new WaveGate();
    success.setMinimumSuccessPercentage(90.0);
    h.client.resource(staged("fw", wave("canary", 2L, null, noFailures()), wave("early", null, 40.0, success),
        wave("rest", null, null, null))).create();

    eventually().untilAsserted(() -> assertThat(inWave("fw", "canary")).hasSize(2));
    eventually().untilAsserted(() -> assertThat(h.job(NS, "fw").getStatus().getWaves()).extracting(w -> w.getTargetCount())
        .containsExactly(2, 8, 10));
    assertThat(h.executions(NS, "fw")).as("the next wave waits for the canary's gate").hasSize(2);
    succeedAll("fw", "canary");

    eventually().untilAsserted(() -> assertThat(inWave("fw", "early")).hasSize(8));
    assertThat(h.executions(NS, "fw")).hasSize(10);
    assertThat(h.job(NS, "fw").getStatus().getCurrentWave()).isEqualTo("early");
    succeedAll("fw", "early");

    eventually().untilAsserted(() -> assertThat(inWave("fw", "rest")).hasSize(10));
    succeedAll("fw", "rest");
    eventually().untilAsserted(() -> assertThat(h.job(NS, "fw").getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED));
    IoTJob done = h.job(NS, "fw");
    assertThat(done.getStatus().getWaves()).allSatisfy(w -> assertThat(w.getGate().getPhase()).isEqualTo(GatePhase.Passed));
    assertThat(done.getStatus().getWaves()).extracting(w -> w.getJobProcessDetails().getNumberOfSucceededThings())
        .containsExactly(2, 8, 10);
    assertThat(h.events(NS, "fw")).filteredOn(e -> "WavePromoted".equals(e.getReason())).hasSize(3);
  }

  @Test
  void aFailedGateCancelsWhatIsQueuedAndRollsBackExactlyTheThingsThatExecuted() {
    h.fleet(12);
    IoTJob job = staged("bad", wave("canary", 5L, null, noFailures()), wave("rest", null, null, null));
    job.getSpec().setRollback(installing("1.0.0"));
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(inWave("bad", "canary")).hasSize(5));
    List<String> canary = inWave("bad", "canary").stream().map(e -> e.getSpec().getThingName()).sorted().toList();

    h.deviceReports(NS, "bad", canary.get(0), ExecutionStatus.SUCCEEDED);
    h.deviceReports(NS, "bad", canary.get(1), ExecutionStatus.IN_PROGRESS);
    h.deviceReports(NS, "bad", canary.get(2), ExecutionStatus.REJECTED);
    h.deviceReports(NS, "bad", canary.get(3), ExecutionStatus.FAILED);

    eventually().untilAsserted(() -> {
      IoTJob stopped = h.job(NS, "bad");
      assertThat(stopped.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(stopped.getStatus().getReasonCode()).isEqualTo("WAVE_GATE_FAILED");
      assertThat(stopped.getStatus().getComment()).isEqualTo("wave canary: FAILED 1 > 0");
      assertThat(Conditions.find(stopped.getStatus().getConditions(), JobConditions.CANCELED).orElseThrow().getReason())
          .isEqualTo(JobConditions.REASON_WAVE_GATE_FAILED);
      assertThat(stopped.getStatus().getRollbackJob()).isEqualTo("bad-rollback");
    });
    assertThat(Executions.statusOf(h.execution(NS, "bad", canary.get(4)))).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(Executions.statusOf(h.execution(NS, "bad", canary.get(1)))).as("in progress may finish")
        .isEqualTo(ExecutionStatus.IN_PROGRESS);
    assertThat(h.executions(NS, "bad")).as("the rest never started").hasSize(5);
    assertThat(h.job(NS, "bad").getStatus().getWaves().get(1).getGate().getPhase()).isEqualTo(GatePhase.Waiting);

    IoTJob rollbackJob = h.job(NS, "bad-rollback");
    assertThat(rollbackJob.getSpec().getTargets().getThings()).as("succeeded, in progress and failed; not rejected")
        .containsExactly(canary.get(0), canary.get(1), canary.get(3));
    assertThat(rollbackJob.getSpec().getDocument().get("version").asText()).isEqualTo("1.0.0");
    assertThat(rollbackJob.getMetadata().getAnnotations()).containsEntry(RollbackJobs.ROLLBACK_OF, "bad");
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "bad-rollback")).hasSize(3));
    assertThat(h.events(NS, "bad")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(JobConditions.REASON_WAVE_GATE_FAILED);
      assertThat(e.getType()).isEqualTo("Warning");
    }).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RollbackStarted"));
  }

  /**
   * Seen in the blast-radius benchmark (2026-12-03 03:08): ten canary devices reported within one debounce window, the
   * job's abort criteria (10% FAILED after 10) and the canary's gate failed in the same reconcile, the abort was decided
   * first, and the rollback, which follows a failed gate, never came. The gate that failed decides.
   */
  @Test
  void aGateThatFailsInTheRoundTheAbortCriteriaAreMetStillRollsBack() {
    h.fleet(12);
    IoTJob job = staged("bad", wave("canary", 5L, null, noFailures()), wave("rest", null, null, null));
    job.getSpec().setAbortConfig(dev.iotjobs.api.model.AbortConfig.cancelWhen(AbortFailureType.FAILED, 10, 1));
    job.getSpec().setRollback(installing("1.0.0"));
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(inWave("bad", "canary")).hasSize(5));
    String failed = inWave("bad", "canary").get(0).getSpec().getThingName();

    h.deviceReports(NS, "bad", failed, ExecutionStatus.FAILED);

    eventually().untilAsserted(() -> {
      IoTJob stopped = h.job(NS, "bad");
      assertThat(stopped.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(stopped.getStatus().getReasonCode()).isEqualTo("WAVE_GATE_FAILED");
      assertThat(stopped.getStatus().getRollbackJob()).isEqualTo("bad-rollback");
    });
    assertThat(h.job(NS, "bad-rollback").getSpec().getTargets().getThings()).containsExactly(failed);
    assertThat(h.executions(NS, "bad")).as("the rest never started").hasSize(5);
  }

  @Test
  void anAttemptWaitingForItsRetryDoesNotFailTheGateButItsLastFailureDoes() {
    h.fleet(4);
    IoTJob job = staged("retried", wave("canary", 1L, null, noFailures()), wave("rest", null, null, null));
    dev.iotjobs.api.model.RetryConfig retry = new dev.iotjobs.api.model.RetryConfig();
    dev.iotjobs.api.model.RetryConfig.RetryCriteria once = new dev.iotjobs.api.model.RetryConfig.RetryCriteria();
    once.setFailureType(dev.iotjobs.api.model.RetryConfig.RetryFailureType.FAILED);
    once.setNumberOfRetries(1L);
    retry.setCriteriaList(List.of(once));
    job.getSpec().setJobExecutionsRetryConfig(retry);
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(inWave("retried", "canary")).hasSize(1));
    String thing = inWave("retried", "canary").get(0).getSpec().getThingName();

    h.deviceReports(NS, "retried", thing, ExecutionStatus.FAILED);
    eventually().untilAsserted(() -> {
      JobExecution again = h.execution(NS, "retried", thing);
      assertThat(again.getStatus().getExecutionNumber()).isEqualTo(2);
      assertThat(Executions.statusOf(again)).isEqualTo(ExecutionStatus.QUEUED);
    });
    assertThat(h.job(NS, "retried").getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
    assertThat(phase("retried", 0)).isEqualTo(GatePhase.Running);

    h.deviceReports(NS, "retried", thing, ExecutionStatus.FAILED);
    eventually().untilAsserted(() -> assertThat(h.job(NS, "retried").getStatus().getReasonCode())
        .isEqualTo("WAVE_GATE_FAILED"));
    assertThat(h.executions(NS, "retried")).hasSize(1);
  }

  @Test
  void aContinuousJobsLateJoinerWaitsForTheLastWaveAndLaterOnesAreQueuedAtOnce() {
    h.fleet(3);
    IoTJob job = staged("joiners", wave("canary", 1L, null, null), wave("rest", null, null, null));
    job.getSpec().setTargetSelection(dev.iotjobs.api.model.TargetSelection.CONTINUOUS);
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(inWave("joiners", "canary")).hasSize(1));
    h.client.resource(thing("t100", Map.of("f", "1"))).create();
    eventually().untilAsserted(() -> assertThat(h.job(NS, "joiners").getStatus().getTargetCount()).isEqualTo(4));
    assertThat(h.executions(NS, "joiners")).as("the joiner waits: the canary's gate has not passed").hasSize(1);

    succeedAll("joiners", "canary");
    eventually().untilAsserted(() -> assertThat(inWave("joiners", "rest")).hasSize(3)
        .anySatisfy(e -> assertThat(e.getSpec().getThingName()).isEqualTo("t100")));
    h.client.resource(thing("t101", Map.of("f", "1"))).create();
    eventually().untilAsserted(() -> assertThat(inWave("joiners", "rest")).hasSize(4)
        .anySatisfy(e -> assertThat(e.getSpec().getThingName()).isEqualTo("t101")));
  }

  @Test
  void aManualWaveWaitsForItsPromotionAndGoesOnWhenAnnotated() {
    h.fleet(6);
    Wave canary = wave("canary", 2L, null, null);
    canary.setPromotion(Wave.Promotion.Manual);
    h.client.resource(staged("manual", canary, wave("rest", null, null, null))).create();
    eventually().untilAsserted(() -> assertThat(inWave("manual", "canary")).hasSize(2));
    succeedAll("manual", "canary");
    eventually().untilAsserted(() -> {
      IoTJob waiting = h.job(NS, "manual");
      assertThat(phase("manual", 0)).isEqualTo(GatePhase.WaitingForPromotion);
      assertThat(Conditions.find(waiting.getStatus().getConditions(), JobConditions.PROGRESSING).orElseThrow().getReason())
          .isEqualTo(JobConditions.REASON_WAITING_FOR_PROMOTION);
    });
    assertThat(h.executions(NS, "manual")).hasSize(2);

    h.updateJob(NS, "manual", job -> job.getMetadata().setAnnotations(Map.of(dev.iotjobs.api.model.Wave.PROMOTE_ANNOTATION, "canary")));
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "manual")).hasSize(6));
    assertThat(phase("manual", 0)).isEqualTo(GatePhase.Passed);
  }

  @Test
  void anOperatorRestartDuringASoakResumesTheSoakWithoutRequeueing() {
    h.fleet(8);
    WaveGate soak = new WaveGate();
    soak.setSoakTime("10m");
    h.client.resource(staged("soaked", wave("canary", 3L, null, soak), wave("rest", null, null, null))).create();
    eventually().untilAsserted(() -> assertThat(inWave("soaked", "canary")).hasSize(3));
    succeedAll("soaked", "canary");
    eventually().untilAsserted(() -> assertThat(phase("soaked", 0)).isEqualTo(GatePhase.Soaking));
    String opensAt = h.job(NS, "soaked").getStatus().getWaves().get(0).getGate().getOpensAt();

    h.stopOperator();
    h.clock.advance(Duration.ofMinutes(5));
    h.startOperator();
    h.poke(NS, "soaked");
    eventually().untilAsserted(() -> assertThat(h.job(NS, "soaked").getStatus().getObservedGeneration())
        .isEqualTo(h.job(NS, "soaked").getMetadata().getGeneration()));
    assertThat(phase("soaked", 0)).isEqualTo(GatePhase.Soaking);
    assertThat(h.job(NS, "soaked").getStatus().getWaves().get(0).getGate().getOpensAt()).isEqualTo(opensAt);
    assertThat(h.executions(NS, "soaked")).as("nothing queued again, nothing of the next wave").hasSize(3)
        .allSatisfy(e -> assertThat(e.getStatus().getExecutionNumber()).isEqualTo(1));

    h.clock.advance(Duration.ofMinutes(5));
    h.poke(NS, "soaked");
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "soaked")).hasSize(8));
    assertThat(inWave("soaked", "canary")).hasSize(3);
  }
}
