package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobCancel;
import dev.iotjobs.api.model.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An API server under load delivers watch events late. The operator must decide on its own writes, not on a cache
 * that has not caught up: JOSDK does not wake a controller for events of its own writes, so a reconcile that missed
 * them would never be corrected.
 */
class LaggingWatchIT {
  private static final Duration LATENCY = Duration.ofMillis(600);
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private static List<String> things(int count) {
    return IntStream.range(0, count).mapToObj(i -> String.format("t%02d", i)).toList();
  }

  @Test
  void aCancelCountsTheExecutionsItCanceledThoughTheirEventsComeLate() {
    List<String> fleet = things(3);
    fleet.forEach(t -> h.client.resource(thing(t, Map.of())).create());
    h.client.resource(job("fw", fleet, null)).create();
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "fw")).hasSize(3));
    h.deviceReports(NS, "fw", "t00", ExecutionStatus.IN_PROGRESS);
    eventually().untilAsserted(() -> assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails()
        .getNumberOfInProgressThings()).isEqualTo(1));

    h.api.watchLatency(LATENCY);
    JobCancel cancel = new JobCancel();
    cancel.setReasonCode("BAD_BUILD");
    h.updateJob(NS, "fw", job -> job.getSpec().setCancel(cancel));

    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "fw");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfCanceledThings()).isEqualTo(2);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfInProgressThings()).isEqualTo(1);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfQueuedThings()).isZero();
    });
  }

  @Test
  void aRolloutCreatesEachExecutionOnceAndCompletesThoughEveryEventComesLate() {
    h.api.watchLatency(LATENCY);
    List<String> fleet = things(40);
    fleet.forEach(t -> h.client.resource(thing(t, Map.of())).create());
    IoTJob paced = job("paced", fleet, null);
    var rollout = new dev.iotjobs.api.model.RolloutConfig();
    rollout.setMaximumPerMinute(1200L); // 20 a second: several reconciles, each before the last one's creates are seen
    paced.getSpec().setJobExecutionsRolloutConfig(rollout);
    h.client.resource(paced).create();

    eventually().untilAsserted(() -> assertThat(h.job(NS, "paced").getStatus().getJobProcessDetails()
        .getNumberOfQueuedThings()).isEqualTo(40));
    assertThat(h.api.writes().of("jobexecutions")).as("one create per thing").isEqualTo(40);
    fleet.forEach(t -> h.deviceReports(NS, "paced", t, ExecutionStatus.SUCCEEDED));
    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "paced");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(40);
    });
    assertThat(h.api.writes().of("jobexecutions")).as("nothing created again").isEqualTo(40);
  }
}
