package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.bridge.BridgeMain;
import dev.iotjobs.operator.OperatorMain;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator and the bridge as Kubernetes runs them: started as processes, stopped with SIGTERM within grace. */
class ProcessLifecycleIT {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private final BridgeHarness h = new BridgeHarness(null);
  private ChildJvm child;

  @AfterEach
  void stop() {
    if (child != null) {
      child.close();
    }
    h.close();
  }

  private boolean ready(int port) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void theLeadingOperatorExitsOnSigtermWithinItsGrace() throws Exception {
    Path kubeconfig = Files.writeString(Files.createTempFile("kubeconfig", ".yaml"), h.api.kubeconfig());
    int port = ChildJvm.freePort();
    child = new ChildJvm("operator-sigterm", OperatorMain.class, Map.of("KUBECONFIG", kubeconfig.toString(),
        "LEADER_ELECTION", "true", "LEASE_NAMESPACE", NS, "LEASE_IDENTITY", "sigterm-test",
        "SHUTDOWN_GRACE_SECONDS", String.valueOf(GRACE.toSeconds()), "HEALTH_PORT", String.valueOf(port))).start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      Lease lease = h.client.leases().inNamespace(NS).withName("iot-jobs-operator-leader").get();
      return lease != null && "sigterm-test".equals(lease.getSpec().getHolderIdentity()) && ready(port);
    });
    Duration exit = child.terminate(GRACE.plusSeconds(20));
    assertThat(exit).as("exited at all (see %s)", child.log()).isNotNull();
    assertThat(exit).as("exited within the grace period").isLessThanOrEqualTo(GRACE);
    // the default log form: every line starts with an ISO-8601 timestamp
    assertThat(Files.readAllLines(child.log())).filteredOn(l -> l.contains("dev.iotjobs") || l.contains("IoTJobsOperator"))
        .isNotEmpty().allSatisfy(line -> assertThat(line).matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*"));
  }

  @Test
  void theBridgeExitsOnSigtermWithinTheGrace() throws Exception {
    Path kubeconfig = Files.writeString(Files.createTempFile("kubeconfig", ".yaml"), h.api.kubeconfig());
    int port = ChildJvm.freePort();
    h.thing("t1");
    h.job("job1", "t1");
    h.queue("job1", "t1");
    child = new ChildJvm("bridge-sigterm", BridgeMain.class, Map.of("KUBECONFIG", kubeconfig.toString(),
        "MQTT_URL", h.broker.url(), "HEALTH_PORT", String.valueOf(port), "LOG_FORMAT", "json", "LOG_LEVEL", "debug"))
        .start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> ready(port));
    h.device("t1").update("job1", "IN_PROGRESS", null, null).join();
    // JSON lines: one object per line, with the level and what the event concerns
    ObjectMapper json = new ObjectMapper();
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(child.log())) {
        if (line.startsWith("{")) {
          lines.add(json.readTree(line));
        }
      }
      assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("level") && l.has("timestamp")).isTrue());
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.at("/mdc/thing").asText()).isEqualTo("t1");
        assertThat(l.at("/mdc/job").asText()).isEqualTo("job1");
        assertThat(l.at("/mdc/execution").asText()).isEqualTo("job1.t1");
      });
    });
    Duration exit = child.terminate(GRACE.plusSeconds(20));
    assertThat(exit).as("exited at all (see %s)", child.log()).isNotNull();
    assertThat(exit).isLessThanOrEqualTo(GRACE);
  }
}
