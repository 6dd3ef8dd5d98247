package dev.iotjobs.bridge.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Mosquitto (Debian package {@code mosquitto}) on a free loopback port, for the length of a test. With
 * credentials it enforces the per-thing ACL a production broker would: a device (user name = thing name) may only
 * use its own {@code $aws/things/<thing>/...} topics; the bridge user may use all of them.
 */
public class MosquittoBroker implements AutoCloseable {
  public static final String BRIDGE_USER = "iot-jobs-bridge";
  public static final String PASSWORD = "secret";
  private final Path dir;
  private final int port;
  private Process process;
  private final Path conf;
  private final boolean tls;

  /** An open broker: anyone may publish and subscribe anywhere. */
  public static MosquittoBroker open() {
    return new MosquittoBroker(null, null, false, List.of());
  }

  /** An open broker that publishes its notices (clients connecting and leaving) on $SYS/broker/log/N. */
  public static MosquittoBroker publishingPresence() {
    return new MosquittoBroker(null, null, false, List.of("log_dest topic", "log_type notice"));
  }

  /** A broker with a password per user (all "secret") and the per-thing ACL. */
  public static MosquittoBroker withAcl(List<String> things) {
    return new MosquittoBroker(things, null, false, List.of());
  }

  /** A TLS-only broker that requires a client certificate signed by the given CA. */
  public static MosquittoBroker withMutualTls(TestCertificates certificates) {
    return new MosquittoBroker(null, certificates, true, List.of());
  }

  /** A TLS-only broker that authenticates itself and lets clients in without a certificate. */
  public static MosquittoBroker withServerTls(TestCertificates certificates) {
    return new MosquittoBroker(null, certificates, false, List.of());
  }

  private MosquittoBroker(List<String> things, TestCertificates tls, boolean clientCertificates, List<String> extra) {
    try {
      dir = Files.createTempDirectory("mosquitto");
      port = freePort();
      this.tls = tls != null;
      List<String> config = new ArrayList<>(List.of(
          "listener " + port + " 127.0.0.1",
          "persistence false",
          "max_queued_messages 1000000",
          "max_inflight_messages 1000",
          // without it Nagle holds small QoS 1 packets for the peer's delayed ACK: ~40 ms per round trip
          "set_tcp_nodelay true",
          "log_dest stderr",
          "log_type error"));
      if (things != null) {
        config.add("log_type debug");
      }
      if ("root".equals(System.getProperty("user.name"))) {
        config.add("user root");
      }
      if (tls != null) {
        config.addAll(List.of("cafile " + tls.ca(), "certfile " + tls.serverCert(), "keyfile " + tls.serverKey()));
        config.addAll(clientCertificates ? List.of("require_certificate true", "use_identity_as_username true",
            "use_username_as_clientid true")
            : List.of("require_certificate false"));
      }
      if (things == null) {
        config.add("allow_anonymous true");
      } else {
        config.add("allow_anonymous false");
        // a client's id is its user name: nobody can take over another's session (the bridge's included)
        config.add("use_username_as_clientid true");
        config.add("password_file " + passwords(things));
        config.add("acl_file " + acl());
      }
      config.addAll(extra);
      conf = dir.resolve("mosquitto.conf");
      Files.write(conf, config);
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start mosquitto (apt-get install mosquitto)", e);
    }
  }

  private void launch() throws IOException {
    process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::accepting);
  }

  /** Stops the broker hard (kill -9: no persistence, every session and queued message is lost). */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the broker again on the same port, with an empty state. */
  public void restart() {
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path passwords(List<String> things) throws IOException {
    Path file = dir.resolve("passwords");
    List<String> users = new ArrayList<>(things);
    users.add(BRIDGE_USER);
    Files.write(file, users.stream().map(u -> u + ":" + PASSWORD).toList());
    run("mosquitto_passwd", "-U", file.toString());
    return file;
  }

  private Path acl() throws IOException {
    Path file = dir.resolve("acl");
    Files.write(file, List.of(
        "user " + BRIDGE_USER,
        "topic readwrite $aws/things/#",
        "",
        "pattern readwrite $aws/things/%u/#"));
    return file;
  }

  private static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private boolean accepting() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String url() {
    return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
  }

  public URI uri() {
    return URI.create(url());
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("mosquitto.log"));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
