package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.RetryConfig;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.TimeoutConfig;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.embedded.MutableClock;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Abort, timeouts and retries with the operator, the bridge, Mosquitto and simulated devices. */
class FailureHandlingIT {
  private final BridgeHarness h = new BridgeHarness(null);
  private final MutableClock operatorClock = MutableClock.now();
  private final FleetSimulator fleet = new FleetSimulator();
  private IoTJobsOperator operator;

  @AfterEach
  void stop() {
    fleet.close();
    if (operator != null) {
      operator.close();
    }
    h.close();
  }

  private List<String> things(int count) {
    List<String> names = IntStream.range(0, count).mapToObj(i -> String.format("dev-%03d", i)).toList();
    names.parallelStream().forEach(name -> {
      Thing thing = new Thing();
      thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
      h.client.resource(thing).create();
    });
    return names;
  }

  private void startOperator() {
    operator = new IoTJobsOperator(h.client, OperatorSettings.defaults(), operatorClock);
    operator.start();
  }

  private IoTJob job(String name, List<String> targets) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(Serialization.jsonMapper().createObjectNode().put("operation", "install"));
    JobTargets jobTargets = new JobTargets();
    jobTargets.setThings(targets);
    spec.setTargets(jobTargets);
    job.setSpec(spec);
    return job;
  }

  private IoTJob stored(String name) {
    return h.client.resources(IoTJob.class).inNamespace(NS).withName(name).get();
  }

  private void poke(String name) {
    dev.iotjobs.embedded.Updates.retrying(h.client, IoTJob.class, NS, name,
        job -> job.getSpec().setDescription("poked " + System.nanoTime()));
  }

  @Test
  void aJobWithThirtyPercentFailingDevicesIsAbortedAtTheThreshold() {
    List<String> names = things(100);
    startOperator();
    h.startBridge();
    DeviceBehavior behavior = DeviceBehavior.succeeding().withFailRate(0.3);
    fleet.start(h.broker.uri(), names, behavior, null, BridgeSettings.DEFAULT_TOPIC_ROOT);

    IoTJob job = job("risky", names);
    RolloutConfig rollout = new RolloutConfig();
    rollout.setMaximumPerMinute(600L);
    job.getSpec().setJobExecutionsRolloutConfig(rollout);
    job.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 25.0, 20L));
    h.client.resource(job).create();

    eventually().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      IoTJob current = stored("risky");
      assertThat(current.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(current.getStatus().getCompletedAt()).isNotNull();
    });
    IoTJob aborted = stored("risky");
    assertThat(aborted.getStatus().getReasonCode()).isEqualTo("ABORT_CRITERIA_MET");
    var comment = java.util.regex.Pattern.compile("FAILED ([0-9.]+)% >= 25% after (\\d+) executed")
        .matcher(aborted.getStatus().getComment());
    assertThat(comment.matches()).as(aborted.getStatus().getComment()).isTrue();
    assertThat(Double.parseDouble(comment.group(1))).as("share when aborted").isGreaterThanOrEqualTo(25.0);
    assertThat(Integer.parseInt(comment.group(2))).as("minimum sample").isGreaterThanOrEqualTo(20);
    assertThat(aborted.getStatus().getForceCanceled()).isFalse();
    int created = h.client.resources(JobExecution.class).inNamespace(NS).list().getItems().size();
    assertThat(created).as("the rollout stopped").isLessThan(100);
    eventually().untilAsserted(() -> {
      JobProcessDetails c = stored("risky").getStatus().getJobProcessDetails();
      assertThat(c.total()).isEqualTo(created);
      assertThat(c.getNumberOfQueuedThings()).isZero();
      assertThat(c.getNumberOfCanceledThings() + c.getNumberOfSucceededThings() + c.getNumberOfFailedThings()
          + c.getNumberOfInProgressThings()).isEqualTo(created);
      assertThat(c.getNumberOfFailedThings()).isPositive();
    });
    var events = h.client.v1().events().inNamespace(NS).list().getItems();
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("AbortCriteriaMet");
    });
  }

  @Test
  void hungDevicesTimeOutAndAreRetriedUpToTheBudget() {
    List<String> names = things(5);
    startOperator();
    h.startBridge();
    fleet.start(h.broker.uri(), names, DeviceBehavior.succeeding().withHangRate(1.0), null,
        BridgeSettings.DEFAULT_TOPIC_ROOT);
    IoTJob job = job("hangs", names);
    TimeoutConfig timeout = new TimeoutConfig();
    timeout.setInProgressTimeoutInMinutes(1L);
    job.getSpec().setTimeoutConfig(timeout);
    RetryConfig retries = new RetryConfig();
    RetryConfig.RetryCriteria criterion = new RetryConfig.RetryCriteria();
    criterion.setFailureType(RetryConfig.RetryFailureType.TIMED_OUT);
    criterion.setNumberOfRetries(2L);
    retries.setCriteriaList(List.of(criterion));
    job.getSpec().setJobExecutionsRetryConfig(retries);
    h.client.resource(job).create();

    eventually().untilAsserted(() -> assertThat(h.client.resources(JobExecution.class).inNamespace(NS).list().getItems())
        .hasSize(5).allSatisfy(e -> {
          assertThat(e.getStatus().getStatus()).isEqualTo(ExecutionStatus.IN_PROGRESS);
          assertThat(e.getStatus().getTimeoutAt()).isNotNull();
        }));
    for (int round = 0; round < 3; round++) {
      operatorClock.advance(Duration.ofSeconds(61));
      poke("hangs");
    }
    eventually().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(stored("hangs").getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
      assertThat(h.client.resources(JobExecution.class).inNamespace(NS).list().getItems()).allSatisfy(e -> {
        assertThat(e.getStatus().getStatus()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(e.getStatus().getExecutionNumber()).isEqualTo(3);
        assertThat(e.getStatus().getRetryAttempt()).isEqualTo(2);
        assertThat(e.getStatus().getAttempts()).hasSize(2)
            .allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(ExecutionStatus.TIMED_OUT));
      });
    });
    assertThat(stored("hangs").getStatus().getJobProcessDetails().getNumberOfTimedOutThings()).isEqualTo(5);
    // one event per round of expired timers, on the job, not one per execution
    assertThat(h.client.v1().events().inNamespace(NS).list().getItems())
        .filteredOn(e -> "TimedOut".equals(e.getReason())).isNotEmpty().allSatisfy(e -> {
          assertThat(e.getInvolvedObject().getKind()).isEqualTo("IoTJob");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("hangs");
          assertThat(e.getMessage()).containsPattern("\\d executions? timed out with no outcome by the deadline: dev-0");
        });
  }

  @Test
  void anOperatorRestartLosesNoTimer() {
    List<String> names = things(3);
    startOperator();
    h.startBridge();
    fleet.start(h.broker.uri(), names, DeviceBehavior.succeeding().withHangRate(1.0), null,
        BridgeSettings.DEFAULT_TOPIC_ROOT);
    IoTJob job = job("restart", names);
    TimeoutConfig timeout = new TimeoutConfig();
    timeout.setInProgressTimeoutInMinutes(2L);
    job.getSpec().setTimeoutConfig(timeout);
    h.client.resource(job).create();
    eventually().untilAsserted(() -> assertThat(h.client.resources(JobExecution.class).inNamespace(NS).list().getItems())
        .hasSize(3).allSatisfy(e -> assertThat(e.getStatus().getStatus()).isEqualTo(ExecutionStatus.IN_PROGRESS)));

    operator.close();
    operatorClock.advance(Duration.ofSeconds(121));
    startOperator();

    eventually().untilAsserted(() -> {
      assertThat(h.client.resources(JobExecution.class).inNamespace(NS).list().getItems())
          .allSatisfy(e -> assertThat(e.getStatus().getStatus()).isEqualTo(ExecutionStatus.TIMED_OUT));
      assertThat(stored("restart").getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
    });
  }

  /** DeleteJobExecution on a running job: the device's stale update is refused, and the job never queues it again. */
  @Test
  void aDeletedExecutionStaysDeletedAndItsDeviceIsToldResourceNotFound() {
    List<String> names = things(2);
    startOperator();
    h.startBridge();
    h.client.resource(job("fw", names)).create();
    eventually().untilAsserted(() -> assertThat(h.execution("fw", "dev-001")).isNotNull());
    JobsClient device = h.device("dev-001");
    assertThat(device.update("fw", "IN_PROGRESS", null, null).join().accepted()).isTrue();

    h.client.resource(h.execution("fw", "dev-001")).delete();
    eventually().untilAsserted(() -> assertThat(stored("fw").getStatus().getJobProcessDetails()
        .getNumberOfDeletedThings()).isEqualTo(1));
    poke("fw");
    org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
        .until(() -> h.execution("fw", "dev-001") == null);
    JobsResponse stale = device.update("fw", "SUCCEEDED", null, null).join();
    assertThat(stale.accepted()).isFalse();
    assertThat(stale.code()).isEqualTo("ResourceNotFound");
  }
}
