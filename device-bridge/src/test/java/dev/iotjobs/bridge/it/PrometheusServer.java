package dev.iotjobs.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** Debian's Prometheus as a child process, scraping the given targets every second, for tests. */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Process process;
  private final int port;

  /** Starts Prometheus scraping each job name's port on 127.0.0.1, and waits until it is ready. */
  PrometheusServer(Map<String, Integer> targets) throws IOException {
    Path dir = Files.createTempDirectory("prometheus");
    port = ChildJvm.freePort();
    List<String> config = new ArrayList<>(List.of("global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "scrape_configs:"));
    targets.forEach((job, target) -> {
      config.add("  - job_name: " + job);
      config.add("    static_configs: [{targets: ['127.0.0.1:" + target + "']}]");
    });
    Files.writeString(dir.resolve("prometheus.yml"), String.join("\n", config) + "\n");
    process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> http.send(HttpRequest.newBuilder(URI.create(address() + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }

  String address() {
    return "http://127.0.0.1:" + port;
  }

  /** The instant query's result vector; fails on a query error. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(address() + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).as(promql + ": " + response.body()).isEqualTo("success");
    return body.at("/data/result");
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
