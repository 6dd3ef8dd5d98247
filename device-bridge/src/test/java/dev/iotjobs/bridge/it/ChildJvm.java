package dev.iotjobs.bridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A main class run as a separate process on the test's class path, as it runs in production: configured by
 * environment variables, logging to a file under target/, stopped with SIGKILL (kill -9) or SIGTERM.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Class<?> main;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  ChildJvm(String name, Class<?> main, Map<String, String> env) {
    this.name = name;
    this.main = main;
    this.env = env;
    try {
      Path dir = Files.createDirectories(Path.of("target", "child-logs"));
      this.log = dir.resolve(name + "-" + System.currentTimeMillis() + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ChildJvm start() {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, main.getName()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or acknowledged. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, as Kubernetes stops a pod; returns how long the process took to exit, or null if it did not. */
  java.time.Duration terminate(java.time.Duration patience) {
    long start = System.nanoTime();
    process.destroy();
    try {
      if (process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return java.time.Duration.ofNanos(System.nanoTime() - start);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
