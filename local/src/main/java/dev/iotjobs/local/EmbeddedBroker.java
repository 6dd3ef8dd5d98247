package dev.iotjobs.local;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/** Moquette on a loopback port: an MQTT 3.1.1 broker that accepts {@code $aws/...} topics, for local mode only. */
public class EmbeddedBroker implements AutoCloseable {
  private final Server server = new Server();
  private final int port;

  public EmbeddedBroker(int requestedPort) {
    this.port = requestedPort == 0 ? freePort() : requestedPort;
    ensureFree(port);
    Properties properties = new Properties();
    properties.setProperty("host", "127.0.0.1");
    properties.setProperty("port", String.valueOf(port));
    properties.setProperty("allow_anonymous", "true");
    properties.setProperty("telemetry_enabled", "false");
    properties.setProperty("persistence_enabled", "false");
    properties.setProperty("websocket_port", "disabled");
    // hundreds of clients connect and subscribe at once: give a slow CONNECT more than the default 10 s, and each
    // session more than 1,024 queued messages (a burst of notifications and answers for one busy device)
    properties.setProperty("netty.channel_timeout.seconds", "60");
    properties.setProperty("session_queue_size", "16384");
    try {
      server.startServer(new MemoryConfig(properties));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded MQTT broker on port " + port, e);
    }
  }

  static void ensureFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IllegalArgumentException("MQTT port " + port + " is in use; choose another with --mqtt-port or use"
          + " --broker tcp://host:port");
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
