package dev.iotjobs.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bridge benchmark's yardstick outside the JVM: bare_responder.c on libmosquitto, built with the machine's C
 * compiler when the benchmark runs (Debian: gcc and libmosquitto-dev). It answers the devices' get requests and does
 * nothing else, so the bridge's rate is compared with what the broker and the MQTT round trip allow.
 */
final class BareResponder implements AutoCloseable {
  private final Process process;

  private BareResponder(Process process) {
    this.process = process;
  }

  /** The built program, or why there is none (no compiler or no libmosquitto headers here). */
  record Build(Path binary, String problem) {}

  static Build build() {
    try {
      Path dir = Files.createTempDirectory("bare-responder");
      Path source = dir.resolve("bare_responder.c");
      try (InputStream in = BareResponder.class.getResourceAsStream("/bare_responder.c")) {
        Files.copy(in, source);
      }
      Path binary = dir.resolve("bare_responder");
      Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lmosquitto")
          .redirectErrorStream(true).start();
      String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
        return new Build(null, "cc failed (gcc and libmosquitto-dev needed): " + output.lines().findFirst().orElse(""));
      }
      return new Build(binary, null);
    } catch (IOException e) {
      return new Build(null, "no C compiler: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Build(null, "interrupted");
    }
  }

  /** Starts it against the broker and returns once it has subscribed. */
  static BareResponder start(Path binary, String host, int port) throws IOException {
    Process process = new ProcessBuilder(binary.toString(), host, String.valueOf(port))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    if (!"ready".equals(first)) {
      process.destroyForcibly();
      throw new IOException("the bare responder did not subscribe within 10 s");
    }
    return new BareResponder(process);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
