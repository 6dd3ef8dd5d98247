package dev.iotjobs.benchmarks;

import dev.iotjobs.api.model.IoTJob;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.DeviceBridge;
import dev.iotjobs.bridge.it.MosquittoBroker;
import dev.iotjobs.bridge.mqtt.MqttGateway;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The bridge between devices and the API, through a real Mosquitto. Every device runs a closed loop of requests
 * (publish, wait for the answer, publish again). First against a bare responder built on the bridge's own MQTT
 * gateway (the raw Mosquitto QoS 1 request/response rate), then against the bridge answering GetPendingJobExecutions
 * from its caches, with the API side held fixed (nothing writes to it meanwhile). Then latencies: an update's publish
 * to its accepted answer (one status write each), and an execution's creation to the device's notify-next.
 */
final class BridgeBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "default";
  private static final String JOB = "bench";
  private static final String PROBE = "probe";
  private static final int UPDATES_PER_DEVICE = 10;

  private BridgeBenchmark() {}

  /**
   * @param bare the C responder's loop, or null when it could not be built here (bareProblem says why)
   */
  record Result(int devices, Throughput bare, String bareProblem, Throughput raw, Throughput bridge,
      Latencies soloUpdate, Latencies update, double updatesPerSecond, Latencies notifyNext) {
    /** The bridge against the bare responder (against the JVM echo when there is none). */
    double ratio() {
      return bridge.pairsPerSecond() / (bare != null ? bare : raw).pairsPerSecond();
    }

    double echoRatio() {
      return bridge.pairsPerSecond() / raw.pairsPerSecond();
    }
  }

  record Throughput(long pairs, double seconds, Latencies latency) {
    double pairsPerSecond() {
      return pairs / seconds;
    }
  }

  static Result run(int deviceCount, Duration window) throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.open(); EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      KubernetesClient client = api.client();
      List<String> things = IntStream.rangeClosed(1, deviceCount).mapToObj(i -> String.format("dev-%04d", i)).toList();
      things.parallelStream().forEach(thing -> client.resource(BenchmarkResources.thing(NS, thing, Map.of())).create());
      IoTJob job = client.resource(BenchmarkResources.job(NS, JOB, things, null)).create();
      things.parallelStream().forEach(thing -> client.resource(BenchmarkResources.execution(job, thing)).create());
      List<JobsClient> devices = connect(broker, things);
      try {
        BareResponder.Build build = BareResponder.build();
        Throughput bare = build.binary() == null ? null : bare(build.binary(), broker, devices, window);
        Throughput raw = rawMosquitto(broker, devices, window);
        try (DeviceBridge bridge = new DeviceBridge(client, BridgeSettings.defaults(broker.url())
            .withClientId("bench-bridge").withThrottle(1_000_000, 1_000_000)
            // -Dbench.mqtt=3.1.1 (as MQTT_PROTOCOL) for the bridge as it runs against a broker without MQTT 5
            .withProtocol(dev.iotjobs.bridge.mqtt.MqttProtocol.parse(System.getProperty("bench.mqtt", "auto"))),
            Clock.systemUTC())) {
          bridge.start();
          devices.forEach(BridgeBenchmark::awaitAnswers);
          closedLoop(devices, window.dividedBy(2));
          Throughput answered = closedLoop(devices, window);
          Latencies solo = updates(devices.subList(0, 1), 50);
          List<JobsClient> others = devices.subList(1, devices.size());
          long start = System.nanoTime();
          Latencies update = updates(others, UPDATES_PER_DEVICE);
          double updatesPerSecond = others.size() * (UPDATES_PER_DEVICE + 2) / ((System.nanoTime() - start) / 1e9);
          Latencies notifyNext = notifyNext(client, devices, things);
          return new Result(deviceCount, bare, build.problem(), raw, answered, solo, update, updatesPerSecond,
              notifyNext);
        }
      } finally {
        devices.forEach(JobsClient::close);
      }
    }
  }

  /** The closed loop against the C responder: the broker's and the MQTT round trip's cost, outside the JVM. */
  private static Throughput bare(java.nio.file.Path binary, MosquittoBroker broker, List<JobsClient> devices,
      Duration window) throws IOException {
    java.net.URI url = java.net.URI.create(broker.url());
    try (BareResponder responder = BareResponder.start(binary, url.getHost(), url.getPort())) {
      devices.forEach(BridgeBenchmark::awaitAnswers);
      closedLoop(devices, window.dividedBy(2)); // warm-up, as for the others
      return closedLoop(devices, window);
    }
  }

  /** The same closed loop against a responder that only echoes, on the bridge's own MQTT client code. */
  private static Throughput rawMosquitto(MosquittoBroker broker, List<JobsClient> devices, Duration window) {
    try (MqttGateway echo = new MqttGateway(BridgeSettings.defaults(broker.url()).withClientId("bench-echo"))) {
      echo.start((worker, topic, payload, arrived) -> {
        if (topic.endsWith("/get")) {
          echo.publish(topic + "/accepted", echoed(payload));
        }
      }, sessionKept -> { });
      devices.forEach(BridgeBenchmark::awaitAnswers);
      closedLoop(devices, window.dividedBy(2)); // warm-up: JIT and connections, as for the bridge below
      return closedLoop(devices, window);
    }
  }

  /** The request's clientToken in an answer the size of the bridge's (one queued job summary). */
  private static ObjectNode echoed(byte[] payload) {
    try {
      ObjectNode request = (ObjectNode) JSON.readTree(payload);
      ObjectNode answer = JSON.createObjectNode();
      answer.set("clientToken", request.get("clientToken"));
      answer.put("timestamp", System.currentTimeMillis() / 1000);
      answer.putArray("inProgressJobs");
      answer.putArray("queuedJobs").addObject().put("jobId", JOB).put("queuedAt", 1764244800L)
          .put("lastUpdatedAt", 1764244800L).put("executionNumber", 1).put("versionNumber", 1);
      return answer;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Waits until the device's requests are answered (the responder has subscribed). */
  private static void awaitAnswers(JobsClient device) {
    for (int attempt = 0; attempt < 60; attempt++) {
      try {
        if (device.getPending().orTimeout(1, TimeUnit.SECONDS).join().accepted()) {
          return;
        }
      } catch (java.util.concurrent.CompletionException e) {
        if (!(e.getCause() instanceof TimeoutException)) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(device.thingName() + " got no answer within a minute");
  }

  /** Every device asks for its pending executions again as soon as it has the answer, for the window. */
  private static Throughput closedLoop(List<JobsClient> devices, Duration window) {
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + window.toNanos();
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (JobsClient device : devices) {
      loops.add(ask(device, end, latencies));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Throughput(latencies.size(), seconds, Latencies.ofNanos(latencies));
  }

  private static CompletableFuture<Void> ask(JobsClient device, long end, Queue<Long> latencies) {
    long sent = System.nanoTime();
    return device.getPending().thenCompose(answer -> {
      long now = System.nanoTime();
      if (!answer.accepted()) {
        throw new IllegalStateException(device.thingName() + ": " + answer.body());
      }
      latencies.add(now - sent);
      return now < end ? ask(device, end, latencies) : CompletableFuture.completedFuture(null);
    });
  }

  /** Each device starts its execution, reports progress so many times and succeeds, all devices at once. */
  private static Latencies updates(List<JobsClient> devices, int progressUpdates) {
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<JobsResponse>> runs = new ArrayList<>();
    for (JobsClient device : devices) {
      CompletableFuture<JobsResponse> run = device.startNext(Map.of("step", "0"), null);
      for (int step = 1; step <= progressUpdates + 1; step++) {
        String status = step <= progressUpdates ? "IN_PROGRESS" : "SUCCEEDED";
        Map<String, String> details = Map.of("step", String.valueOf(step));
        run = run.thenCompose(previous -> timed(device.update(JOB, status, details, null), latencies, System.nanoTime()));
      }
      runs.add(run);
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    return Latencies.ofNanos(latencies);
  }

  private static CompletableFuture<JobsResponse> timed(CompletableFuture<JobsResponse> request, Queue<Long> latencies,
      long sent) {
    return request.thenApply(answer -> {
      if (!answer.accepted()) {
        throw new IllegalStateException("update rejected: " + answer.body());
      }
      latencies.add(System.nanoTime() - sent);
      return answer;
    });
  }

  /**
   * With nothing pending on any device, a new execution is created for each, 100 a second; the time from the create
   * call to the device's notify-next naming it.
   */
  private static Latencies notifyNext(KubernetesClient client, List<JobsClient> devices, List<String> things)
      throws InterruptedException {
    IoTJob probe = client.resource(BenchmarkResources.job(NS, PROBE, things, null)).create();
    Map<String, Long> created = new ConcurrentHashMap<>();
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    CountDownLatch notified = new CountDownLatch(devices.size());
    for (JobsClient device : devices) {
      device.onNotifyNext(message -> {
        if (PROBE.equals(message.path("execution").path("jobId").asText())) {
          Long at = created.get(device.thingName());
          if (at != null && latencies.add(System.nanoTime() - at)) {
            notified.countDown();
          }
        }
      });
    }
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger next = new AtomicInteger();
    pacer.scheduleAtFixedRate(() -> {
      int i = next.getAndIncrement();
      if (i < things.size()) {
        created.put(things.get(i), System.nanoTime());
        client.resource(BenchmarkResources.execution(probe, things.get(i))).create();
      }
    }, 0, 10, TimeUnit.MILLISECONDS);
    try {
      if (!notified.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException((devices.size() - notified.getCount()) + " of " + devices.size() + " notified");
      }
    } finally {
      pacer.shutdownNow();
    }
    return Latencies.ofNanos(latencies);
  }

  private static List<JobsClient> connect(MosquittoBroker broker, List<String> things) {
    List<CompletableFuture<JobsClient>> connecting = things.stream()
        .map(thing -> JobsClient.connect(broker.uri(), thing, null, BridgeSettings.DEFAULT_TOPIC_ROOT)).toList();
    return connecting.stream().map(CompletableFuture::join).toList();
  }



}
