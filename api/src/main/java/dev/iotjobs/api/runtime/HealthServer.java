package dev.iotjobs.api.runtime;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the caller says when it is ready) and {@code /metrics} for
 * Kubernetes probes and Prometheus; shared by the operator and the bridge. {@code /metrics} is the Prometheus Java
 * client's own handler: the text format with its version in {@code Content-Type}, OpenMetrics when asked for, and
 * gzip.
 */
public class HealthServer implements AutoCloseable {
  private final HTTPServer server;

  public HealthServer(int port, BooleanSupplier ready) throws IOException {
    this(port, ready, new PrometheusRegistry());
  }

  public HealthServer(int port, BooleanSupplier ready, PrometheusRegistry metrics) throws IOException {
    server = HTTPServer.builder().port(port).registry(metrics)
        .defaultHandler(exchange -> probe(exchange, ready)).buildAndStart();
  }

  private static void probe(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    switch (exchange.getRequestURI().getPath()) {
      case "/healthz" -> respond(exchange, 200, "ok");
      case "/readyz" -> {
        boolean isReady = ready.getAsBoolean();
        respond(exchange, isReady ? 200 : 503, isReady ? "ready" : "not ready");
      }
      default -> respond(exchange, 404, "not found: /healthz, /readyz and /metrics are served");
    }
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
