package dev.iotjobs.bridge;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.runtime.HealthServer;
import dev.iotjobs.bridge.mqtt.MqttGateway;
import dev.iotjobs.bridge.protocol.DeviceApi;
import dev.iotjobs.bridge.protocol.PresenceEvent;
import dev.iotjobs.bridge.protocol.DocumentRenderer;
import dev.iotjobs.bridge.protocol.PresignedUrls;
import dev.iotjobs.bridge.protocol.S3Signers;
import dev.iotjobs.bridge.protocol.RequestThrottle;
import dev.iotjobs.bridge.protocol.Topic;
import dev.iotjobs.bridge.replicas.ReplicaRing;
import dev.iotjobs.bridge.replicas.ReplicaSettings;
import dev.iotjobs.bridge.replicas.ShardOwnership;
import dev.iotjobs.bridge.store.KubernetesExecutionStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.iotjobs.api.runtime.LogContext;
import dev.iotjobs.api.runtime.StandardMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device bridge assembled: the execution store, the device API, the notifier and the MQTT gateway. */
public class DeviceBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceBridge.class);
  /** How long a replica keeps another's unanswered request, beyond three lease durations (then a lost cause). */
  private static final java.time.Duration WITNESS_KEPT_FOR = java.time.Duration.ofSeconds(30);
  private static final int WITNESSED_PER_WORKER = 20_000;
  private final BridgeSettings settings;
  private final KubernetesExecutionStore store;
  private final DeviceApi api;
  private final MqttGateway gateway;
  private final Notifier notifier;
  /** Null for a single bridge; with replicas, which things this one answers and the ring that decides it. */
  private final ShardOwnership ownership;
  private final ReplicaRing ring;
  private HealthServer health;
  private final AutoCloseable standardMeters;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public DeviceBridge(KubernetesClient client, BridgeSettings settings, Clock clock) {
    this(client, settings, clock, new PresignedUrls(new S3Signers(client, clock)));
  }

  public DeviceBridge(KubernetesClient client, BridgeSettings settings, Clock clock, DocumentRenderer documents) {
    this.settings = settings;
    this.standardMeters = StandardMeters.bindTo(metrics); // first: it adds filters, which must precede every meter
    this.store = new KubernetesExecutionStore(client, settings.namespaces());
    this.api = new DeviceApi(store, documents, new RequestThrottle(settings.throttlePerSecond(), settings.throttleBurst(),
        clock), clock);
    this.gateway = new MqttGateway(settings);
    ReplicaSettings replicas = settings.replicas();
    this.ownership = replicas == null ? null : new ShardOwnership(replicas.shards(), settings.workers(),
        WITNESS_KEPT_FOR.plus(replicas.leaseDuration().multipliedBy(3)), WITNESSED_PER_WORKER, clock);
    this.notifier = new Notifier(api, (topic, payload) -> {
      Counter.builder("iotjobs_notifications").description("Notifications pushed to devices, by type")
          .tag("type", topic.endsWith("notify-next") ? "notify-next" : "notify").register(metrics).increment();
      return gateway.publish(topic, payload);
    }, settings.topicRoot(), settings.notifyOnStatusChange(), clock,
        ownership == null ? thing -> true : ownership::serves);
    this.ring = replicas == null ? null : new ReplicaRing(client, replicas, gateway, ownership, clock,
        (topic, payload) -> answer(Topic.parse(settings.topicRoot(), topic), payload, System.nanoTime()),
        shards -> notifier.reannounce(thingsWithExecutions(thing -> shards.get(ownership.shardOf(thing))), true));
    if (ownership != null) {
      Gauge.builder("iotjobs_bridge_shards", ownership, o -> o.servedShards().size())
          .description("Shards of the things this bridge replica answers").register(metrics);
      Gauge.builder("iotjobs_bridge_witnessed_dropped", ownership, ShardOwnership::witnessedDropped)
          .description("Requests of other replicas' things let go unanswered-for because the witness log was full")
          .register(metrics);
    }
    Gauge.builder("iotjobs_mqtt_connected", gateway, g -> g.isConnected() ? 1 : 0)
        .description("1 while the bridge's MQTT session is connected, else 0").register(metrics);
    if (ownership == null) {
      gateway.dropAnswersOnArrival(); // replicas witness each other's answers; a lone bridge has only its own
      io.micrometer.core.instrument.FunctionCounter.builder("iotjobs_mqtt_answers_returned", gateway,
          MqttGateway::answersDroppedOnArrival)
          .description("Answers the broker sent back to the bridge through its subscription, dropped on arrival (MQTT"
              + " 3.1.1; with MQTT 5 the broker leaves the bridge's own out)").register(metrics);
    }
    // every replica hears every presence event: the one serving the thing records it
    gateway.onPresence((topic, payload) -> PresenceEvent.parse(topic, payload, clock.instant())
        .filter(event -> ownership == null || ownership.serves(event.clientId()))
        .ifPresent(event -> store.thingPresence(event.clientId(), event.connected(), event.at())));
    store.onExecutionChange((old, current) -> notifier.thingChanged((current == null ? old : current).getSpec().getThingName()));
    store.onJobChange(this::jobChanged);
  }

  /**
   * A job entering or leaving SCHEDULED shows or hides its executions in every pending list; a job arriving in the
   * cache after its executions makes them servable (they are only served when their job owns them).
   */
  private void jobChanged(IoTJob old, IoTJob current) {
    if (old == null && current != null) {
      store.executionsOfJob(current.getMetadata().getNamespace(), current.jobId())
          .forEach(execution -> notifier.thingChanged(execution.getSpec().getThingName()));
      return;
    }
    if (old == null || current == null) {
      return;
    }
    JobStatus before = old.getStatus() == null ? null : old.getStatus().getStatus();
    JobStatus after = current.getStatus() == null ? null : current.getStatus().getStatus();
    if (!Objects.equals(before, after) && (before == JobStatus.SCHEDULED || after == JobStatus.SCHEDULED)) {
      for (JobExecution execution : store.executionsOfJob(current.getMetadata().getNamespace(), current.jobId())) {
        notifier.thingChanged(execution.getSpec().getThingName());
      }
    }
  }

  public void start() {
    store.start();
    gateway.start(this::handle, sessionKept -> {
      notifier.reannounce(thingsWithExecutions(thing -> true), sessionKept);
      if (ring != null) {
        ring.start();
      }
    });
    if (settings.healthPort() >= 0) {
      try {
        health = new HealthServer(settings.healthPort(), this::isReady, metrics.getPrometheusRegistry());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serve health checks on port " + settings.healthPort(), e);
      }
    }
    LOG.info("device bridge serving {}+/jobs/... on {}", settings.topicRoot(), settings.brokerUrl());
  }

  private Set<String> thingsWithExecutions(java.util.function.Predicate<String> which) {
    Set<String> things = new TreeSet<>();
    store.allExecutions().forEach(e -> {
      if (which.test(e.getSpec().getThingName())) {
        things.add(e.getSpec().getThingName());
      }
    });
    return things;
  }

  private void handle(int worker, String topic, byte[] payload, long start) {
    Topic parsed = Topic.parse(settings.topicRoot(), topic);
    if (ownership != null && !ownership.answers(worker, parsed, payload)) {
      return;
    }
    try (var mdc = LogContext.of(null, parsed.jobId(), parsed.thingName())) {
      answer(parsed, payload, start);
    }
  }

  private void answer(Topic parsed, byte[] payload, long start) {
    DeviceApi.Response response = api.handle(parsed, payload);
    if (response != null) {
      RequestMeters meters = requestMeters.computeIfAbsent(parsed.kind(), this::requestMeters);
      meters.answered().increment();
      if (response.payload().has("code")) {
        Counter.builder("iotjobs_device_rejections").description("Device requests rejected, by rejection code")
            .tag("code", response.payload().get("code").asText()).register(metrics).increment();
      }
      gateway.publish(response.topic(), response.payload());
      LOG.debug("answered operation={} code={}", meters.operation(), response.payload().path("code").asText("accepted"));
      meters.duration().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** An operation's meters, registered once: looked up by name and tags on every request they were 1% of the CPU. */
  private record RequestMeters(String operation, Counter answered, Timer duration) {}

  private final java.util.Map<Topic.Kind, RequestMeters> requestMeters = new java.util.concurrent.ConcurrentHashMap<>();

  private RequestMeters requestMeters(Topic.Kind kind) {
    String operation = kind.name().toLowerCase(java.util.Locale.ROOT);
    return new RequestMeters(operation,
        Counter.builder("iotjobs_device_requests").description("Device requests answered, by operation")
            .tag("operation", operation).register(metrics),
        Timer.builder("iotjobs_device_request_duration").description("Time from a device request's arrival (before it waits for a worker) to its answer")
            .tag("operation", operation).publishPercentileHistogram().register(metrics));
  }

  public boolean isReady() {
    return store.hasSynced() && gateway.isConnected() && (ring == null || ring.isReady());
  }

  /** The MQTT version spoken with the broker: V5 or V3_1_1. */
  public dev.iotjobs.bridge.mqtt.MqttProtocol mqttProtocol() {
    return gateway.protocol();
  }

  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  @Override
  public void close() {
    try {
      standardMeters.close();
    } catch (Exception e) {
      LOG.debug("closing meters: {}", e.toString());
    }
    if (health != null) {
      health.close();
    }
    if (ring != null) {
      ring.close(); // hands its shards over while the MQTT connection is still up to carry the marker
    }
    gateway.close();
    notifier.close();
    store.close();
  }
}
