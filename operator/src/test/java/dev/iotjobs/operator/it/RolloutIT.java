package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.rollout.BlastRadius;
import dev.iotjobs.embedded.MutableClock;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rollout rates, restarts, suspend and maintenance windows on the embedded API. */
class RolloutIT {
  private OperatorHarness h;

  @AfterEach
  void stop() {
    h.close();
  }

  private IoTJob rateLimited(String name, Integer perMinute, RolloutConfig.ExponentialRate exponential) {
    IoTJob job = job(name, null, List.of("all"));
    RolloutConfig rollout = new RolloutConfig();
    rollout.setMaximumPerMinute(perMinute == null ? null : perMinute.longValue());
    rollout.setExponentialRate(exponential);
    job.getSpec().setJobExecutionsRolloutConfig(rollout);
    return job;
  }

  private List<Instant> queueTimes(String jobId) {
    return h.executions(NS, jobId).stream().map(e -> Times.parse(Executions.effectiveStatus(e).getQueuedAt())).sorted().toList();
  }

  @Test
  void abortCriteriaWithoutARateAreWarnedAboutWhenTheJobStarts() {
    h = new OperatorHarness();
    h.fleet(5);
    IoTJob unbounded = job("unbounded", null, List.of("all"));
    unbounded.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 10, 10));
    h.client.resource(unbounded).create();
    IoTJob paced = rateLimited("paced", 600, null);
    paced.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 10, 10));
    h.client.resource(paced).create();

    eventually().untilAsserted(() -> assertThat(h.events(NS, "unbounded")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo(BlastRadius.REASON);
      assertThat(e.getMessage()).contains("every target is queued at once");
    }));
    eventually().untilAsserted(() -> assertThat(h.events(NS, "paced")).anySatisfy(e ->
        assertThat(e.getReason()).isEqualTo("Started")));
    assertThat(h.events(NS, "paced")).noneSatisfy(e -> assertThat(e.getReason()).isEqualTo(BlastRadius.REASON));
  }

  @Test
  void staticRateIsNeverExceededInAnyFiveSecondSlice() {
    h = new OperatorHarness();
    h.fleet(300);
    h.client.resource(rateLimited("fast", 1200, null)).create();
    eventually().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(h.executions(NS, "fast")).hasSize(300));
    List<Instant> times = queueTimes("fast");
    for (Instant from = times.get(0).minusSeconds(1); from.isBefore(times.get(299)); from = from.plusMillis(100)) {
      Instant start = from;
      long inSlice = times.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(5))).count();
      assertThat(inSlice).as("executions queued in the 5 s from %s", start).isLessThanOrEqualTo(100);
    }
    eventually().untilAsserted(() -> { // progress is written at most once a second
      IoTJob job = h.job(NS, "fast");
      assertThat(job.getStatus().getRollout().getCurrentRatePerMinute()).isEqualTo(1200);
      assertThat(job.getStatus().getRollout().getNotifiedThings()).isEqualTo(300);
    });
    Duration spread = Duration.between(times.get(0), times.get(299));
    assertThat(spread).as("299 gaps of at least 50 ms").isGreaterThanOrEqualTo(Duration.ofMillis(299 * 50));
  }

  @Test
  void exponentialRateStepsUpAsThingsAreNotified() {
    h = new OperatorHarness();
    h.fleet(18);
    RolloutConfig.ExponentialRate exponential = new RolloutConfig.ExponentialRate();
    exponential.setBaseRatePerMinute(120L);
    exponential.setIncrementFactor(2.0);
    RolloutConfig.RateIncreaseCriteria criteria = new RolloutConfig.RateIncreaseCriteria();
    criteria.setNumberOfNotifiedThings(6L);
    exponential.setRateIncreaseCriteria(criteria);
    h.client.resource(rateLimited("ramp", null, exponential)).create();
    Set<Integer> rates = new HashSet<>();
    eventually().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      IoTJob job = h.job(NS, "ramp");
      if (job.getStatus() != null && job.getStatus().getRollout() != null) {
        rates.add(job.getStatus().getRollout().getCurrentRatePerMinute());
      }
      assertThat(h.executions(NS, "ramp")).hasSize(18);
    });
    assertThat(rates).contains(120, 240);
    List<Instant> times = queueTimes("ramp");
    assertThat(Duration.between(times.get(0), times.get(1))).as("step 0: 120/min").isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(Duration.between(times.get(7), times.get(8))).as("step 1: 240/min").isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(Duration.between(times.get(7), times.get(8))).isLessThan(Duration.ofMillis(500));
    assertThat(Duration.between(times.get(13), times.get(14))).as("step 2: 480/min").isLessThan(Duration.ofMillis(250));
    // progress-only status changes are written at most once a second: the last step shows within that
    eventually().untilAsserted(() -> assertThat(h.job(NS, "ramp").getStatus().getRollout().getStep()).isEqualTo(3));
  }

  @Test
  void aRestartMidRolloutResumesWithoutRequeueingOrSkipping() {
    h = new OperatorHarness();
    h.fleet(20);
    h.client.resource(rateLimited("steady", 120, null)).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "steady")).hasSizeGreaterThanOrEqualTo(6));
    h.stopOperator();
    int before = h.executions(NS, "steady").size();
    h.startOperator();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "steady")).hasSize(20));
    List<JobExecution> all = h.executions(NS, "steady");
    assertThat(all).extracting(e -> e.getSpec().getThingName()).doesNotHaveDuplicates();
    assertThat(all).allSatisfy(e -> assertThat(e.getStatus().getExecutionNumber()).isEqualTo(1));
    List<Instant> times = queueTimes("steady");
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1), times.get(i))).as("gap before execution %d (restart after %d)", i, before)
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
    eventually().untilAsserted(() -> assertThat(h.job(NS, "steady").getStatus().getRollout().getNotifiedThings()).isEqualTo(20));
  }

  @Test
  void editingTheRateOfARunningJobTakesEffectAtOnce() {
    h = new OperatorHarness();
    h.fleet(40);
    h.client.resource(rateLimited("retuned", 30, null)).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "retuned")).hasSizeGreaterThanOrEqualTo(2));
    h.updateJob(NS, "retuned", job -> job.getSpec().getJobExecutionsRolloutConfig().setMaximumPerMinute(6000L));
    eventually().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(h.executions(NS, "retuned")).hasSize(40));
    assertThat(h.job(NS, "retuned").getStatus().getRollout().getCurrentRatePerMinute()).isEqualTo(6000);
  }

  @Test
  void suspendStopsQueueingAndResumeGoesOn() {
    h = new OperatorHarness();
    h.fleet(30);
    h.client.resource(rateLimited("pausable", 300, null)).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "pausable")).hasSizeGreaterThanOrEqualTo(3));
    h.updateJob(NS, "pausable", job -> job.getSpec().setSuspend(true));
    eventually().untilAsserted(() ->
        assertThat(Conditions.isTrue(h.job(NS, "pausable").getStatus().getConditions(), JobConditions.SUSPENDED)).isTrue());
    int atSuspend = h.executions(NS, "pausable").size();
    h.poke(NS, "pausable");
    eventually().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(h.executions(NS, "pausable").size()).isLessThanOrEqualTo(atSuspend + 1));
    h.updateJob(NS, "pausable", job -> job.getSpec().setSuspend(false));
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "pausable")).hasSize(30));
    assertThat(Conditions.isTrue(h.job(NS, "pausable").getStatus().getConditions(), JobConditions.SUSPENDED)).isFalse();
  }

  @Test
  void maintenanceWindowsPauseAndResumeTheRolloutAtTheirEdges() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:58:00Z"));
    h = new OperatorHarness(clock);
    h.fleet(40);
    IoTJob windowed = rateLimited("nightly", 600, null);
    SchedulingConfig scheduling = new SchedulingConfig();
    scheduling.setTimeZone("UTC");
    SchedulingConfig.MaintenanceWindow window = new SchedulingConfig.MaintenanceWindow();
    window.setStartTime("0 2 * * *");
    window.setDurationInMinutes(1L);
    scheduling.setMaintenanceWindows(List.of(window));
    windowed.getSpec().setSchedulingConfig(scheduling);
    h.client.resource(windowed).create();

    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "nightly");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
      assertThat(job.getStatus().getScheduledJobRollouts()).hasSize(7).first()
          .satisfies(r -> assertThat(r.getStartTime()).isEqualTo("2026-11-27T02:00:00Z"));
    });
    assertThat(h.executions(NS, "nightly")).isEmpty();

    clock.set(Instant.parse("2026-11-27T02:00:57Z"));
    h.poke(NS, "nightly");
    eventually().untilAsserted(() -> {
      assertThat(h.job(NS, "nightly").getStatus().getStatus()).isIn(JobStatus.IN_PROGRESS, JobStatus.SCHEDULED);
      assertThat(h.executions(NS, "nightly")).isNotEmpty();
    });
    eventually().untilAsserted(() -> assertThat(h.job(NS, "nightly").getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED));
    int inFirstWindow = h.executions(NS, "nightly").size();
    assertThat(inFirstWindow).as("at 600/min, about 30 in the last 3 s of the window").isBetween(1, 39);
    h.poke(NS, "nightly");
    eventually().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(h.executions(NS, "nightly")).hasSize(inFirstWindow));
    assertThat(Conditions.find(h.job(NS, "nightly").getStatus().getConditions(), JobConditions.PROGRESSING).orElseThrow()
        .getReason()).isEqualTo("WaitingForWindow");

    clock.set(Instant.parse("2026-11-28T02:00:00Z"));
    h.poke(NS, "nightly");
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "nightly")).hasSize(40));
    assertThat(h.job(NS, "nightly").getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
  }
}
