package dev.iotjobs.api.runtime;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the caller says when it is ready) and optionally
 * {@code /metrics} for Kubernetes probes and Prometheus; shared by the operator and the bridge (the JDK's HTTP
 * server, no dependency).
 */
public class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(int port, BooleanSupplier ready) throws IOException {
    this(port, ready, null);
  }

  /** With {@code /metrics} too: the Prometheus text the supplier gives. */
  public HealthServer(int port, BooleanSupplier ready, java.util.function.Supplier<String> metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    if (metrics != null) {
      server.createContext("/metrics", exchange -> respond(exchange, 200, metrics.get()));
    }
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
    server.createContext("/readyz", exchange -> {
      boolean isReady = ready.getAsBoolean();
      respond(exchange, isReady ? 200 : 503, isReady ? "ready" : "not ready");
    });
    server.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
