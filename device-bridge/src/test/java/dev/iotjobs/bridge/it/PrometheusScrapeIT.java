package dev.iotjobs.bridge.it;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.runtime.HealthServer;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's package) scrapes the operator and the bridge during an end-to-end run: both targets are
 * up, every expression of the Grafana dashboard returns data, every alert rule evaluates and the metrics it reads
 * exist, promtool accepts both expositions, and the alert rules pass promtool's unit tests.
 */
class PrometheusScrapeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CHART_FILES = Path.of("..", "helm", "iot-jobs-operator", "files");
  private final BridgeHarness h = new BridgeHarness(null);
  private final FleetSimulator fleet = new FleetSimulator();
  private final HttpClient http = HttpClient.newHttpClient();
  private IoTJobsOperator operator;
  private HealthServer operatorEndpoint;
  private PrometheusServer prometheus;

  @AfterEach
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    fleet.close();
    if (operatorEndpoint != null) {
      operatorEndpoint.close();
    }
    if (operator != null) {
      operator.close();
    }
    h.close();
  }

  @Test
  void prometheusScrapesBothAndEveryDashboardAndAlertExpressionHasData() throws Exception {
    assumeTrue(onPath("prometheus") && onPath("promtool"), "prometheus is not installed");
    List<String> things = IntStream.range(0, 20).mapToObj(i -> "prom-" + i).toList();
    things.forEach(h::thing);
    operator = new IoTJobsOperator(h.client, OperatorSettings.defaults().withSnapshotSettle(Duration.ofMillis(200)),
        Clock.systemUTC());
    operator.start();
    operatorEndpoint = new HealthServer(0, operator::isReady, operator.prometheusRegistry());
    h.startBridge();
    fleet.start(h.broker.uri(), things, DeviceBehavior.succeeding().withFailRate(0.3), null, "$aws/things/");
    IoTJob job = h.newJob("fw", things.toArray(new String[0]));
    job.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 10.0, 5L));
    dev.iotjobs.api.model.RolloutConfig rollout = new dev.iotjobs.api.model.RolloutConfig();
    rollout.setMaximumPerMinute(6000L);
    job.getSpec().setJobExecutionsRolloutConfig(rollout);
    h.client.resource(job).create();
    h.device(things.get(0)).update("no-such-job", "IN_PROGRESS", null, null).join();

    prometheus = new PrometheusServer(java.util.Map.of("operator", operatorEndpoint.port(), "bridge", h.bridge().healthPort()));
    within(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(prometheus.query("up{job=\"operator\"} == 1")).isNotEmpty();
      assertThat(prometheus.query("up{job=\"bridge\"} == 1")).isNotEmpty();
    });

    List<String> dashboard = new ArrayList<>();
    JSON.readTree(Path.of("..", "docs", "grafana-dashboard.json").toFile()).get("panels")
        .forEach(panel -> panel.path("targets").forEach(t -> dashboard.add(t.get("expr").asText())));
    assertThat(dashboard).isNotEmpty();
    for (String expression : dashboard) {
      String concrete = expression.replace("$namespace", ".*").replace("$job", ".*").replace("$__rate_interval", "1m");
      within(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(prometheus.query(concrete)).as(concrete).isNotEmpty());
    }

    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(CHART_FILES.resolve("alerts.yaml").toFile());
    for (JsonNode rule : rules.at("/groups/0/rules")) {
      String expression = rule.get("expr").asText().trim();
      prometheus.query(expression); // evaluates without an error
      if (expression.contains("_failed_total")) {
        continue; // a failure counter exists from its first failure on; a healthy run has none to read
      }
      String measured = expression.replaceAll("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.]+\\s*$", "");
      within(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(prometheus.query(measured)).as(measured).isNotEmpty());
    }
    assertThat(prometheus.query("iotjobs_job_aborted == 1")).as("the aborted job's alert fires").isNotEmpty();

    for (int port : new int[] {operatorEndpoint.port(), h.bridge().healthPort()}) {
      String exposition = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(run(exposition, "promtool", "check", "metrics")).as("promtool check metrics on :" + port).isEmpty();
    }
    assertThat(run("", "promtool", "test", "rules", "alerts-test.yaml"))
        .contains("SUCCESS");
  }

  /** Runs a tool with the text on its standard input; returns its output, failing on a non-zero exit. */
  private static String run(String input, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(CHART_FILES.toFile()).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    return output;
  }

  private static org.awaitility.core.ConditionFactory within(Duration limit) {
    return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(500)).ignoreExceptions();
  }

}
