package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.bridge.BridgeMain;
import dev.iotjobs.bridge.replicas.ReplicaRing;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several bridge replicas serving one fleet through one Mosquitto, each a real process: a replica joining, one
 * killed with SIGKILL and one stopped with SIGTERM, each in the middle of a rollout; two of them on MQTT 3.1.1. Devices work from notify-next
 * (start-next, a pause, update SUCCEEDED, again until nothing is left) and, all along, ask for their pending list
 * again as soon as each answer comes, so requests are in flight at every handover; a listener beside them counts the
 * answers to every clientToken. Nothing may be lost (every execution succeeds, every request is answered, none
 * rejected) and nothing answered twice.
 */
class BridgeReplicasIT {
  private static final int THINGS = 48;
  private static final int SHARDS = 16;
  private static final Executor PAUSE = CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS);
  private static final Executor POLL = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);
  private final AtomicBoolean polling = new AtomicBoolean(true);
  private final BridgeHarness h = new BridgeHarness(null);
  private final Map<String, ChildJvm> replicas = new HashMap<>();
  private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path kubeconfig;
  private Mqtt3AsyncClient listener;

  @AfterEach
  void stop() {
    replicas.values().forEach(ChildJvm::close);
    if (listener != null) {
      listener.disconnect();
    }
    h.close();
  }

  @Test
  void replicasShareTheFleetAndHandOverWithoutLosingOrRepeatingAnAnswer() throws Exception {
    kubeconfig = Files.writeString(Files.createTempFile("kubeconfig", ".yaml"), h.api.kubeconfig());
    listenToAnswers();
    List<String> things = IntStream.range(0, THINGS).mapToObj(i -> String.format("dev-%03d", i)).toList();
    things.forEach(h::thing);
    // the ring on MQTT 3.1.1, as on any broker, with one replica on MQTT 5 beside the others
    start("r0", "3.1.1");
    start("r1", "5");
    awaitRing(Set.of("r0", "r1"));
    things.forEach(this::device);

    // a replica joins while job1 rolls out: the others hand shards over to it
    h.job("job1", things.toArray(String[]::new));
    things.forEach(t -> h.queue("job1", t));
    awaitSucceeded("job1", THINGS / 4);
    start("r2", "3.1.1");
    awaitRing(Set.of("r0", "r1", "r2"));
    // one is killed: its shards wait for its lease to expire, then the others answer what it left unanswered
    awaitSucceeded("job1", THINGS / 2);
    replicas.get("r0").kill();
    awaitSucceeded("job1", THINGS);
    awaitRing(Set.of("r1", "r2"));

    // one stops as Kubernetes stops a pod: it hands everything over at once
    h.job("job2", things.toArray(String[]::new));
    things.forEach(t -> h.queue("job2", t));
    awaitSucceeded("job2", THINGS / 3);
    assertThat(replicas.get("r1").terminate(Duration.ofSeconds(20))).as("r1 exits on SIGTERM").isNotNull();
    awaitSucceeded("job2", THINGS);
    assertThat(ring()).as("r2 holds every shard").containsOnlyKeys("r2").containsEntry("r2", SHARDS);
    polling.set(false);

    // every request answered exactly once, and none rejected
    Awaitility.await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(inFlight).hasValue(0));
    Awaitility.await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(2)).untilAsserted(() -> {
      assertThat(failures).isEmpty();
      assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(answers.entrySet().stream().filter(e -> e.getValue().get() != 1).map(Map.Entry::getKey).toList())
          .as("requests answered more than once").isEmpty();
    });
    assertThat(sent).hasSizeGreaterThan(THINGS * 20);
  }

  private void start(String identity, String mqttProtocol) {
    Map<String, String> env = new HashMap<>(Map.of("KUBECONFIG", kubeconfig.toString(), "MQTT_URL", h.broker.url(),
        "HEALTH_PORT", "-1", "REPLICA_IDENTITY", identity, "LEASE_NAMESPACE", NS, "SHARDS", String.valueOf(SHARDS),
        "LEASE_DURATION_SECONDS", "3", "LEASE_RENEW_MILLIS", "500", "LOG_LEVEL", "debug"));
    env.put("MQTT_PROTOCOL", mqttProtocol);
    replicas.put(identity, new ChildJvm("replica-" + identity, BridgeMain.class, env).start());
  }

  /** Shards held per replica, from the shard leases. */
  private Map<String, Integer> ring() {
    Map<String, Integer> held = new HashMap<>();
    for (Lease lease : h.client.leases().inNamespace(NS).withLabel(ReplicaRing.ROLE_LABEL, "shard").list().getItems()) {
      String holder = lease.getSpec().getHolderIdentity();
      held.merge(holder == null ? "(none)" : holder, 1, Integer::sum);
    }
    return held;
  }

  /** Every shard held, by exactly these replicas, in shares that differ by at most one. */
  private void awaitRing(Set<String> members) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      Map<String, Integer> held = ring();
      assertThat(held.keySet()).as("holders in %s", replicas.values().stream().map(ChildJvm::log).toList())
          .isEqualTo(members);
      assertThat(held.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SHARDS);
      int share = SHARDS / members.size();
      assertThat(held.values()).allSatisfy(n -> assertThat(n).isBetween(share, share + 1));
    });
  }

  private void awaitSucceeded(String job, int atLeast) {
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      assertThat(failures).isEmpty();
      long succeeded = h.client.resources(JobExecution.class).inNamespace(NS).list().getItems().stream()
          .filter(e -> job.equals(e.getSpec().getJobId()) && e.getStatus() != null
              && e.getStatus().getStatus() == ExecutionStatus.SUCCEEDED).count();
      assertThat(succeeded).isGreaterThanOrEqualTo(atLeast);
    });
  }

  private void listenToAnswers() {
    ObjectMapper json = new ObjectMapper();
    listener = Mqtt3Client.builder().identifier("answer-listener").serverHost(h.broker.uri().getHost())
        .serverPort(h.broker.uri().getPort()).buildAsync();
    listener.publishes(MqttGlobalPublishFilter.ALL, publish -> {
      String topic = publish.getTopic().toString();
      if (topic.endsWith("/accepted") || topic.endsWith("/rejected")) {
        try {
          JsonNode token = json.readTree(publish.getPayloadAsBytes()).get("clientToken");
          if (token != null) {
            answers.computeIfAbsent(token.asText(), t -> new AtomicInteger()).incrementAndGet();
          }
        } catch (java.io.IOException e) {
          failures.add("unreadable answer on " + topic);
        }
      }
    });
    listener.connectWith().cleanSession(true).send().join();
    listener.subscribeWith().topicFilter("$aws/things/+/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
  }

  /** A device agent: on notify-next it works through its pending executions, one at a time, with a pause in each. */
  private void device(String thing) {
    JobsClient device = h.device(thing);
    poll(device);
    AtomicBoolean working = new AtomicBoolean();
    AtomicBoolean again = new AtomicBoolean();
    device.onNotifyNext(message -> {
      again.set(true);
      if (working.compareAndSet(false, true)) {
        work(device, working, again);
      }
    });
  }

  private void poll(JobsClient device) {
    if (polling.get()) {
      CompletableFuture.runAsync(() -> ask(device, "/get", JSON.createObjectNode()).whenComplete((answer, error) -> {
        if (error != null) {
          failures.add(device.thingName() + " get: " + error);
        } else {
          poll(device);
        }
      }), POLL);
    }
  }

  private void work(JobsClient device, AtomicBoolean working, AtomicBoolean again) {
    again.set(false);
    ask(device, "/start-next", JSON.createObjectNode()).thenCompose(started -> {
      JsonNode execution = started.body().get("execution");
      if (execution == null) {
        return CompletableFuture.completedFuture(false);
      }
      String job = execution.get("jobId").asText();
      return CompletableFuture.supplyAsync(() -> job, PAUSE)
          .thenCompose(j -> ask(device, "/" + j + "/update", JSON.createObjectNode().put("status", "SUCCEEDED")))
          .thenApply(updated -> true);
    }).whenComplete((more, error) -> {
      if (error != null) {
        failures.add(device.thingName() + ": " + error);
      }
      if (error == null && more) {
        work(device, working, again);
      } else {
        working.set(false);
        if (again.get() && working.compareAndSet(false, true)) {
          work(device, working, again);
        }
      }
    });
  }

  /** Sends a request, noting its clientToken as it goes out; a rejection fails the test. */
  private CompletableFuture<JobsResponse> ask(JobsClient device, String suffix, ObjectNode body) {
    inFlight.incrementAndGet();
    CompletableFuture<JobsResponse> answer = device.request("$aws/things/" + device.thingName() + "/jobs" + suffix, body);
    sent.add(body.get("clientToken").asText()); // the client puts its token into the body it sends
    return answer.whenComplete((response, error) -> inFlight.decrementAndGet()).thenApply(response -> {
      if (!response.accepted()) {
        failures.add("rejected: " + response.body());
      }
      return response;
    });
  }
}
