package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.bridge.BridgeMain;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.operator.OperatorMain;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection as a fleet operator suffers it: two operator replicas with leader election, the bridge and the
 * broker run as separate processes, and each is killed with SIGKILL in the middle of one rollout (the leading
 * operator, then the bridge, then the broker, which loses every session). Devices behave like the AWS agents: they
 * ask with start-next when they connect and when notify-next comes, and never poll. Every target must end SUCCEEDED
 * exactly once, the job's counters must equal the executions, and no device may be left waiting.
 */
class FaultInjectionIT {
  private static final Logger LOG = LoggerFactory.getLogger(FaultInjectionIT.class);
  private static final int THINGS = 300;
  private final BridgeHarness h = new BridgeHarness(null);
  private final FleetSimulator fleet = new FleetSimulator();
  private final HttpClient http = HttpClient.newHttpClient();
  private ChildJvm operatorA;
  private ChildJvm operatorB;
  private ChildJvm bridge;
  private int bridgeHealthPort;

  @AfterEach
  void stop() {
    fleet.close();
    for (ChildJvm child : new ChildJvm[] {operatorA, operatorB, bridge}) {
      if (child != null) {
        child.close();
      }
    }
    h.close();
  }

  private static ConditionFactory within(Duration limit) {
    return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  private ChildJvm operator(String identity, Path kubeconfig) {
    Map<String, String> env = new HashMap<>(Map.of("KUBECONFIG", kubeconfig.toString(), "WATCH_NAMESPACES", NS,
        "LEADER_ELECTION", "true", "LEASE_NAMESPACE", NS, "LEASE_IDENTITY", identity,
        "HEALTH_PORT", String.valueOf(ChildJvm.freePort())));
    return new ChildJvm(identity, OperatorMain.class, env).start();
  }

  private ChildJvm bridge(Path kubeconfig) {
    return new ChildJvm("bridge", BridgeMain.class, Map.of("KUBECONFIG", kubeconfig.toString(), "WATCH_NAMESPACES", NS,
        "MQTT_URL", h.broker.url(), "MQTT_CLIENT_ID", "fault-injection-bridge",
        "HEALTH_PORT", String.valueOf(bridgeHealthPort))).start();
  }

  private boolean bridgeReady() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgeHealthPort + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
  }

  private String leader() {
    Lease lease = h.client.leases().inNamespace(NS).withName("iot-jobs-operator-leader").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private long succeeded() {
    return h.client.resources(JobExecution.class).inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getStatus() != null && e.getStatus().getStatus() == ExecutionStatus.SUCCEEDED).count();
  }

  @Test
  void everyTargetEndsTerminalOnceWhileOperatorBridgeAndBrokerAreKilled() throws Exception {
    List<String> things = IntStream.range(0, THINGS).mapToObj(i -> String.format("fi-%04d", i)).toList();
    things.parallelStream().forEach(h::thing);
    Path kubeconfig = Files.writeString(Files.createTempFile("kubeconfig", ".yaml"), h.api.kubeconfig());
    operatorA = operator("operator-a", kubeconfig);
    operatorB = operator("operator-b", kubeconfig);
    bridgeHealthPort = ChildJvm.freePort();
    bridge = bridge(kubeconfig);
    within(Duration.ofSeconds(60)).until(() -> leader() != null && bridgeReady());
    fleet.start(h.broker.uri(), things, DeviceBehavior.succeeding().withSteps(3, Duration.ofMillis(200)), null,
        "$aws/things/");

    IoTJob job = h.newJob("fw", things.toArray(new String[0]));
    RolloutConfig rollout = new RolloutConfig();
    rollout.setMaximumPerMinute(1200L);
    job.getSpec().setJobExecutionsRolloutConfig(rollout);
    h.client.resource(job).create();

    // 1. the leading operator, mid-rollout
    within(Duration.ofSeconds(60)).until(() -> h.client.resources(JobExecution.class).inNamespace(NS).list()
        .getItems().size() >= 40);
    String killed = leader();
    ChildJvm leading = "operator-a".equals(killed) ? operatorA : operatorB;
    leading.kill();
    long killedAt = System.nanoTime();
    within(Duration.ofSeconds(30)).until(() -> leader() != null && !killed.equals(leader()));
    double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
    if (leading == operatorA) {
      operatorA = operator("operator-a", kubeconfig);
    } else {
      operatorB = operator("operator-b", kubeconfig);
    }

    // 2. the bridge, with requests in flight
    within(Duration.ofSeconds(90)).until(() -> succeeded() >= 100);
    bridge.kill();
    bridge = bridge(kubeconfig);

    // 3. the broker: every session and every queued message is lost
    within(Duration.ofSeconds(90)).until(() -> succeeded() >= 180);
    h.broker.kill();
    h.broker.restart();

    within(Duration.ofMinutes(3)).untilAsserted(() -> {
      IoTJob done = h.client.resources(IoTJob.class).inNamespace(NS).withName("fw").get();
      assertThat(done.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
    });
    List<JobExecution> executions = h.client.resources(JobExecution.class).inNamespace(NS).list().getItems();
    assertThat(executions).hasSize(THINGS).allSatisfy(e -> {
      assertThat(e.getStatus().getStatus()).as(e.getMetadata().getName()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(e.getStatus().getExecutionNumber()).as("one attempt").isEqualTo(1);
    });
    assertThat(executions).extracting(e -> e.getSpec().getThingName()).containsExactlyInAnyOrderElementsOf(things);
    within(Duration.ofSeconds(10)).untilAsserted(() -> {
      IoTJob done = h.client.resources(IoTJob.class).inNamespace(NS).withName("fw").get();
      JobProcessDetails counters = done.getStatus().getJobProcessDetails();
      assertThat(done.getStatus().getTargetCount()).isEqualTo(THINGS);
      assertThat(counters.getNumberOfSucceededThings()).isEqualTo(THINGS);
      assertThat(counters.total()).isEqualTo(THINGS);
      assertThat(counters.getNumberOfDeletedThings()).isZero();
    });
    LOG.info("fault injection: {} things, operator leader {} killed (takeover {} s), bridge killed, broker killed;"
        + " {} of {} SUCCEEDED once", THINGS, killed, String.format("%.1f", takeoverSeconds), succeeded(), THINGS);
    assertThat(takeoverSeconds).as("leader takeover after kill -9").isLessThanOrEqualTo(15);
  }
}
