package dev.iotjobs.bridge.it;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate;
import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A wave gate's Prometheus check against a real Prometheus (Debian's package) scraping the bridge's metrics, with
 * simulated devices over Mosquitto. The query counts requests the bridge rejected, the signal of devices that
 * misbehave after they reported SUCCEEDED: while it holds, the canary's gate passes and the rest follows; when a device
 * misbehaves during the canary's soak, the measurement fails and the rollout stops.
 */
class WaveGatePrometheusIT {
  private static final String REJECTIONS = "sum(iotjobs_device_rejections_total) or vector(0)";
  private final List<String> things = IntStream.range(0, 8).mapToObj(i -> "gate-" + i).toList();
  private BridgeHarness h;
  private FleetSimulator fleet;
  private IoTJobsOperator operator;
  private PrometheusServer prometheus;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(onPath("prometheus"), "prometheus is not installed");
    h = new BridgeHarness(null);
    things.forEach(h::thing);
    operator = new IoTJobsOperator(h.client, OperatorSettings.defaults().withSnapshotSettle(Duration.ofMillis(200)),
        Clock.systemUTC());
    operator.start();
    h.startBridge();
    fleet = new FleetSimulator();
    fleet.start(h.broker.uri(), things, DeviceBehavior.succeeding(), null, "$aws/things/");
    prometheus = new PrometheusServer(Map.of("bridge", h.bridge().healthPort()));
    within(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.query("up{job=\"bridge\"} == 1")).isNotEmpty());
  }

  @AfterEach
  void stop() {
    for (AutoCloseable part : new AutoCloseable[] {prometheus, fleet, operator, h}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        // the next part still closes
      }
    }
  }

  private IoTJob canaryJob(String name, String soakTime) {
    WaveGate.PrometheusCheck check = new WaveGate.PrometheusCheck();
    check.setAddress(prometheus.address());
    check.setQuery(REJECTIONS);
    check.setSuccessCondition("result < 1");
    check.setInterval("1s");
    WaveGate gate = new WaveGate();
    gate.setPrometheus(check);
    gate.setSoakTime(soakTime);
    Wave canary = new Wave();
    canary.setName("canary");
    canary.setCount(2L);
    canary.setGate(gate);
    Wave rest = new Wave();
    rest.setName("rest");
    IoTJob job = h.newJob(name, things.toArray(new String[0]));
    job.getSpec().setWaves(List.of(canary, rest));
    return job;
  }

  private WaveStatus.GateStatus canaryGate(String job) {
    return h.client.resources(IoTJob.class).inNamespace(NS).withName(job).get().getStatus().getWaves().get(0).getGate();
  }

  @Test
  void whileTheQueryHoldsTheCanaryPassesAndTheRestFollows() {
    h.client.resource(canaryJob("fw-ok", "2s")).create();
    within(Duration.ofSeconds(60)).untilAsserted(() -> {
      IoTJob job = h.client.resources(IoTJob.class).inNamespace(NS).withName("fw-ok").get();
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(things.size());
    });
    WaveStatus.GateStatus gate = canaryGate("fw-ok");
    assertThat(gate.getPhase()).isEqualTo(WaveStatus.GatePhase.Passed);
    assertThat(gate.getMeasurements()).isPositive();
    assertThat(gate.getFailedMeasurements()).isZero();
    assertThat(gate.getLastMeasurement()).isEqualTo("0");
  }

  @Test
  void aDeviceMisbehavingDuringTheSoakFailsTheMeasurementAndStopsTheRollout() {
    h.client.resource(canaryJob("fw-bad", "60s")).create();
    within(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(canaryGate("fw-bad").getPhase()).isEqualTo(WaveStatus.GatePhase.Soaking));
    // a canary device comes back from its reboot confused: the bridge rejects what it sends
    h.device(things.get(0)).update("no-such-job", "IN_PROGRESS", null, null).join();

    within(Duration.ofSeconds(60)).untilAsserted(() -> {
      IoTJob job = h.client.resources(IoTJob.class).inNamespace(NS).withName("fw-bad").get();
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(job.getStatus().getReasonCode()).isEqualTo("WAVE_GATE_FAILED");
      assertThat(job.getStatus().getComment()).contains("Prometheus: 1 of").contains("result < 1").contains("last: 1");
    });
    assertThat(h.client.resources(IoTJob.class).inNamespace(NS).withName("fw-bad").get().getStatus()
        .getJobProcessDetails().total()).as("the rest never started").isEqualTo(2);
  }

  private static ConditionFactory within(Duration limit) {
    return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
  }
}
