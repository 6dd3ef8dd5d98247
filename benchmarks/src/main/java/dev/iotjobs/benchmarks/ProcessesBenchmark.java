package dev.iotjobs.benchmarks;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.embedded.ApiWrites;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * End to end with the operator and the bridge each in its own process, as they run in a cluster (their release jars,
 * started with {@code java -jar}), against the embedded API and a real Mosquitto, with N simulated devices in this
 * process. After warm-up jobs for the whole fleet ({@link #warmupFleets}), what each process spends on one more job for
 * all of it is read from the operating system (its CPU time while the job runs) and from its
 * own /metrics (heap used at the end): the CPU milliseconds per execution are the figure that carries over to a real
 * cluster, where the API server is not on the same two cores.
 */
final class ProcessesBenchmark {
  private static final String NS = "fleet";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ProcessesBenchmark() {}

  /** How many fleets' worth of warm-up jobs run before the measured one (-Dbench.warmup, 2 by default). */
  static double warmupFleets() {
    return Double.parseDouble(System.getProperty("bench.warmup", "2"));
  }

  /**
   * cachedBytes: live heap (after a full collection) per execution the bench job added to the process's caches;
   * jitMs and gcMs: the part of cpuMs its JIT compiler threads and its garbage collector's threads spent.
   */
  record Usage(double cpuMs, double heapMiB, double cachedBytes, double jitMs, double gcMs) {
    /** What is left for the code itself: the figure a process warmed up for hours would show, GC included. */
    double withoutJitMs() {
      return cpuMs - jitMs;
    }
  }

  record Result(int devices, double seconds, double writesPerExecution, Usage operator, Usage bridge, int unanswered) {
    double executionsPerSecond() {
      return devices / seconds;
    }
  }

  static Result run(int devices, String brokerUrl) throws Exception {
    Path root = projectRoot();
    try (EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      KubernetesClient client = api.client();
      Path kubeconfig = Files.writeString(Files.createTempFile("kubeconfig", ".yaml"), api.kubeconfig());
      List<String> things = IntStream.range(0, devices).mapToObj(i -> String.format("dev-%05d", i)).toList();
      things.parallelStream().forEach(name -> client.resource(BenchmarkResources.thing(NS, name,
          Map.of("bench", "processes"))).create());
      client.resource(BenchmarkResources.group(NS, "bench-fleet", Map.of("bench", "processes"))).create();
      int operatorPort = freePort();
      int bridgePort = freePort();
      List<Process> processes = new ArrayList<>();
      try (FleetSimulator fleet = new FleetSimulator()) {
        Process operator = start(root.resolve("operator/target/iot-jobs-operator.jar"), Map.of("KUBECONFIG",
            kubeconfig.toString(), "LEADER_ELECTION", "false", "HEALTH_PORT", String.valueOf(operatorPort)), processes);
        Process bridge = start(root.resolve("device-bridge/target/iot-jobs-device-bridge.jar"), Map.of("KUBECONFIG",
            kubeconfig.toString(), "MQTT_URL", brokerUrl, "HEALTH_PORT", String.valueOf(bridgePort),
            "THROTTLE_PER_SECOND", "1000", "THROTTLE_BURST", "1000"), processes);
        awaitReady(operatorPort);
        awaitReady(bridgePort);
        fleet.start(URI.create(brokerUrl), things, DeviceBehavior.succeeding().withSteps(1, Duration.ZERO), null,
            BridgeSettings.DEFAULT_TOPIC_ROOT);
        // jobs for the whole fleet warm both processes up (class loading, the JIT), as hours of work would in a
        // cluster: after a tenth of one the JIT compiler was still a quarter of the CPU figure, and the job ran at 60%
        // of the warm processes' rate; after one, the JIT was still 0.12-0.15 ms of the bridge's 1.04-1.10 and 0.22-0.29
        // of the operator's 0.70-0.77; after two, 0.04 in each (-Dbench.warmup=FLEETS for another amount, a fraction
        // for part of one); the figures are the job after them
        double warmup = warmupFleets();
        for (int n = 0; n < Math.ceil(warmup); n++) {
          String name = n == 0 ? "warm-up" : "warm-up-" + (n + 1);
          client.resource(BenchmarkResources.job(NS, name, things.subList(0,
              Math.max(1, (int) (devices * Math.min(1, warmup - n)))), null)).create();
          awaitCompleted(client, name, Duration.ofMinutes(5));
        }
        double operatorLiveBefore = liveHeapBytes(operator, operatorPort);
        double bridgeLiveBefore = liveHeapBytes(bridge, bridgePort);
        api.writes().reset();
        Duration operatorBefore = cpu(operator);
        Duration bridgeBefore = cpu(bridge);
        ThreadCpu operatorThreadsBefore = ThreadCpu.of(operator);
        ThreadCpu bridgeThreadsBefore = ThreadCpu.of(bridge);
        long start = System.nanoTime();
        client.resource(BenchmarkResources.job(NS, "bench", null, List.of("bench-fleet"))).create();
        awaitCompleted(client, "bench", Duration.ofMinutes(15));
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration operatorCpu = cpu(operator).minus(operatorBefore);
        Duration bridgeCpu = cpu(bridge).minus(bridgeBefore);
        ThreadCpu operatorThreads = ThreadCpu.of(operator).minus(operatorThreadsBefore);
        ThreadCpu bridgeThreads = ThreadCpu.of(bridge).minus(bridgeThreadsBefore);
        if (Boolean.getBoolean("bench.threads")) {
          // -Dbench.threads=true: where each process's CPU went, by thread, in ms per execution
          System.out.println("operator threads: " + operatorThreads.top(14, devices));
          System.out.println("bridge threads: " + bridgeThreads.top(14, devices));
          ThreadCpu operatorIdle = ThreadCpu.of(operator);
          ThreadCpu bridgeIdle = ThreadCpu.of(bridge);
          Duration operatorIdleCpu = cpu(operator);
          Duration bridgeIdleCpu = cpu(bridge);
          Awaitility.await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
          System.out.printf("idle for 20 s after the job: operator %d ms, bridge %d ms%n",
              cpu(operator).minus(operatorIdleCpu).toMillis(), cpu(bridge).minus(bridgeIdleCpu).toMillis());
          System.out.println("operator idle threads: " + ThreadCpu.of(operator).minus(operatorIdle).top(8, 1));
          System.out.println("bridge idle threads: " + ThreadCpu.of(bridge).minus(bridgeIdle).top(8, 1));
        }
        double operatorHeap = heapMiB(operatorPort);
        double bridgeHeap = heapMiB(bridgePort);
        double operatorCached = (liveHeapBytes(operator, operatorPort) - operatorLiveBefore) / devices;
        double bridgeCached = (liveHeapBytes(bridge, bridgePort) - bridgeLiveBefore) / devices;
        IoTJob done = client.resources(IoTJob.class).inNamespace(NS).withName("bench").get();
        int succeeded = done.getStatus().getJobProcessDetails().getNumberOfSucceededThings();
        if (succeeded != devices) {
          throw new IllegalStateException("COMPLETED with " + succeeded + " of " + devices + " SUCCEEDED");
        }
        ApiWrites writes = api.writes();
        double perExecution = (double) (writes.of("jobexecutions") + writes.of("jobexecutions/status")) / devices;
        return new Result(devices, seconds, perExecution,
            new Usage(operatorCpu.toNanos() / 1e6 / devices, operatorHeap, operatorCached,
                operatorThreads.jitMs() / devices, operatorThreads.gcMs() / devices),
            new Usage(bridgeCpu.toNanos() / 1e6 / devices, bridgeHeap, bridgeCached,
                bridgeThreads.jitMs() / devices, bridgeThreads.gcMs() / devices), fleet.unanswered());
      } finally {
        processes.forEach(Process::destroy); // SIGTERM: each writes its flight recording, if one was asked for
        for (Process process : processes) {
          if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      }
    }
  }

  private static Process start(Path jar, Map<String, String> env, List<Process> started) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl benchmarks -am package");
    }
    Path log = Files.createTempFile(jar.getFileName().toString().replace(".jar", "-"), ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-XX:-UseDynamicNumberOfCompilerThreads"));
    String recordings = System.getProperty("bench.jfr");
    if (recordings != null) {
      // -Dbench.jfr=DIR: a flight recording of each process, to see where its CPU goes
      command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(recordings,
          jar.getFileName().toString().replace(".jar", ".jfr")).toAbsolutePath());
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("LOG_LEVEL", "warn");
    String extra = System.getProperty("bench.env"); // -Dbench.env=NAME=VALUE,…: more environment for both processes
    if (extra != null && !extra.isBlank()) {
      for (String pair : extra.split(",")) {
        builder.environment().put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /**
   * CPU milliseconds of a process's JIT compiler threads and garbage collector threads, from Linux's per-thread
   * accounting (/proc/PID/task/TID: comm and stat). The processes run with a fixed number of compiler threads
   * (-XX:-UseDynamicNumberOfCompilerThreads), so no compiler thread's time leaves with it. Zero where there is no /proc.
   */
  record ThreadCpu(double jitMs, double gcMs, Map<String, Double> byThreadKind) {
    private static final double MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    static ThreadCpu of(Process process) {
      double jit = 0;
      double gc = 0;
      Map<String, Double> byKind = new java.util.TreeMap<>();
      Path tasks = Path.of("/proc", String.valueOf(process.pid()), "task");
      try (var threads = Files.list(tasks)) {
        for (Path thread : threads.toList()) {
          try {
            String name = Files.readString(thread.resolve("comm")).trim();
            String stat = Files.readString(thread.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK; // utime, stime
            byKind.merge(name.replaceAll("[0-9]+", "#"), ms, Double::sum);
            // and the whole process split by mode: time in the kernel is mostly wake-ups between threads and sockets
            byKind.merge("[user]", Long.parseLong(fields[11]) * MS_PER_TICK, Double::sum);
            byKind.merge("[kernel]", Long.parseLong(fields[12]) * MS_PER_TICK, Double::sum);
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
              jit += ms;
            } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
              gc += ms;
            }
          } catch (IOException | RuntimeException gone) {
            // a thread that ended meanwhile
          }
        }
      } catch (IOException noProc) {
        return new ThreadCpu(0, 0, Map.of());
      }
      return new ThreadCpu(jit, gc, byKind);
    }

    ThreadCpu minus(ThreadCpu before) {
      Map<String, Double> byKind = new java.util.TreeMap<>(byThreadKind);
      before.byThreadKind.forEach((kind, ms) -> byKind.merge(kind, -ms, Double::sum));
      return new ThreadCpu(jitMs - before.jitMs, gcMs - before.gcMs, byKind);
    }

    /** The threads that spent the most, by name with digits folded ("HttpClient-#-Worker-#"). */
    String top(int count, int devices) {
      return byThreadKind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(count).map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / devices))
          .collect(java.util.stream.Collectors.joining(", "));
    }
  }

  private static Duration cpu(Process process) {
    return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for "
        + process.pid()));
  }

  private static void awaitReady(int port) {
    Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  private static void awaitCompleted(KubernetesClient client, String name, Duration patience) {
    Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
      IoTJob job = client.resources(IoTJob.class).inNamespace(NS).withName(name).get();
      // null: not readable yet (once seen right after its create, with the API server busy with 10,000 devices)
      return job != null && job.getStatus() != null && job.getStatus().getStatus() == JobStatus.COMPLETED;
    });
  }

  /**
   * The process's live heap: what its /metrics reports right after two full collections asked for with jcmd. Taken
   * after the warm-up jobs and again after the bench job, the difference per execution is what an execution the
   * process caches costs it, whatever holds it (the informer's store, indexes, per-job maps, per-thing state).
   */
  private static double liveHeapBytes(Process process, int port) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    for (int i = 0; i < 2; i++) {
      Process gc = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!gc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || gc.exitValue() != 0) {
        throw new IllegalStateException("jcmd GC.run failed for " + process.pid());
      }
    }
    String histograms = System.getProperty("bench.histograms");
    if (histograms != null) {
      // -Dbench.histograms=DIR: the live objects by class at each measurement, to see what an execution costs
      Path file = Path.of(histograms, process.pid() + "-" + System.nanoTime() + ".txt");
      Process histogram = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.class_histogram")
          .redirectErrorStream(true).redirectOutput(file.toFile()).start();
      histogram.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    return heapMiB(port) * 1024 * 1024;
  }

  /** Heap in use as the process's own /metrics reports it (Micrometer's JVM memory gauges, summed over pools). */
  private static double heapMiB(int port) throws Exception {
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double bytes = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / (1024.0 * 1024.0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("device-bridge"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new UncheckedIOException(new IOException("run from the project: device-bridge/ not found above "
          + Path.of("").toAbsolutePath()));
    }
    return dir;
  }
}
