package dev.iotjobs.operator.waves;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.WaveGate.PrometheusCheck;
import dev.iotjobs.api.waves.WaveProgression.Measurement;
import dev.iotjobs.api.waves.WaveProgression.Measurer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Measures a wave gate's Prometheus query through the HTTP API ({@code /api/v1/query}): the first sample of a vector,
 * or a scalar. No data, an error or an unreachable server is a failed measurement with the reason, never an exception.
 */
public class PrometheusQueries implements Measurer {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Override
  public Measurement measure(PrometheusCheck check) {
    String address = check.getAddress().replaceAll("/+$", "");
    URI uri = URI.create(address + "/api/v1/query?query=" + URLEncoder.encode(check.getQuery(), StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return parse(response.statusCode(), response.body());
    } catch (java.io.IOException e) {
      return new Measurement(null, "Prometheus at " + address + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Measurement(null, "interrupted");
    }
  }

  static Measurement parse(int statusCode, String body) {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return new Measurement(null, "HTTP " + statusCode + ", not a Prometheus answer");
    }
    if (!"success".equals(answer.path("status").asText())) {
      return new Measurement(null, "query failed: " + answer.path("error").asText("HTTP " + statusCode));
    }
    JsonNode data = answer.path("data");
    JsonNode sample = switch (data.path("resultType").asText()) {
      case "vector" -> data.path("result").path(0).path("value");
      case "scalar" -> data.path("result");
      default -> null;
    };
    if (sample == null) {
      return new Measurement(null, "the query returns a " + data.path("resultType").asText() + ", not a vector or scalar");
    }
    if (!sample.isArray() || sample.size() < 2) {
      return new Measurement(null, "no data");
    }
    try {
      return new Measurement(Double.parseDouble(sample.get(1).asText()), null);
    } catch (NumberFormatException e) {
      return new Measurement(null, "not a number: " + sample.get(1).asText());
    }
  }
}
