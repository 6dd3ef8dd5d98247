package dev.iotjobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A Mosquitto process on a loopback port, anonymous, without persistence: local mode's broker when Mosquitto is
 * installed, because it holds hundreds of SDK clients subscribing at once where the embedded Moquette dropped some.
 */
public class MosquittoBroker implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path directory;

  public MosquittoBroker(int requestedPort) {
    this.port = requestedPort == 0 ? EmbeddedBroker.freePort() : requestedPort;
    EmbeddedBroker.ensureFree(port);
    try {
      directory = Files.createTempDirectory("iot-jobs-mosquitto");
      Path config = directory.resolve("mosquitto.conf");
      Files.writeString(config, String.join("\n",
          "listener " + port + " 127.0.0.1",
          "allow_anonymous true",
          "persistence false",
          "max_queued_messages 100000",
          // run as whoever runs local mode: started as root, mosquitto would switch to its own user, and a change
          // of user clears the parent-death signal that ends it with local mode
          "user " + System.getProperty("user.name"),
          "log_dest stderr",
          "log_type error",
          "log_type warning",
          // clients connecting and leaving, on $SYS/broker/log/N, for Thing.status.connected
          "log_dest topic",
          "log_type notice",
          ""));
      process = new ProcessBuilder(command(config))
          .redirectErrorStream(true).redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start mosquitto", e);
    }
    awaitListening();
  }

  /**
   * mosquitto, under {@code setpriv --pdeathsig TERM} where util-linux has it: the broker then ends with local mode
   * even when local mode is killed outright (no shutdown hook runs then), instead of holding its port. The signal
   * follows the thread that started it, which is the thread that runs local mode.
   */
  private static java.util.List<String> command(Path config) {
    java.util.List<String> command = new java.util.ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
      command.addAll(java.util.List.of("/usr/bin/setpriv", "--pdeathsig", "TERM"));
    }
    command.addAll(java.util.List.of(executable(), "-c", config.toString()));
    return command;
  }

  /** Whether a mosquitto executable is on the PATH (or in /usr/sbin, where Debian puts it). */
  public static boolean installed() {
    return find() != null;
  }

  private static String executable() {
    String found = find();
    if (found == null) {
      throw new IllegalArgumentException("mosquitto is not installed; use --embedded-broker moquette");
    }
    return found;
  }

  private static String find() {
    return dev.iotjobs.api.runtime.Executables.find("mosquitto", "/usr/sbin", "/usr/local/sbin").map(Path::toString)
        .orElse(null);
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited at start: " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // retried until the deadline: the process is starting
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    close();
    throw new IllegalStateException("mosquitto did not listen on port " + port + " within 10 s: " + log());
  }

  private String log() {
    try {
      return Files.readString(directory.resolve("mosquitto.log")).strip();
    } catch (IOException e) {
      return "(no log)";
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
