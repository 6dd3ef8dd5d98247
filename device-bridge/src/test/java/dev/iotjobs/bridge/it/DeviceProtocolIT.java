package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The device protocol through a real Mosquitto: notifications, every rejection code, and the bridge's health. */
class DeviceProtocolIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BridgeHarness h = new BridgeHarness(null);

  @AfterEach
  void stop() {
    h.close();
  }

  private static String describe(String kind, JsonNode payload) {
    if (kind.equals("notify")) {
      List<String> parts = new ArrayList<>();
      payload.get("jobs").fields().forEachRemaining(e -> {
        List<String> ids = new ArrayList<>();
        e.getValue().forEach(j -> ids.add(j.get("jobId").asText()));
        parts.add(e.getKey() + "=" + ids);
      });
      return ("notify " + String.join(" ", parts)).trim();
    }
    JsonNode execution = payload.get("execution");
    return execution == null ? "notify-next none"
        : "notify-next " + execution.get("jobId").asText() + " " + execution.get("status").asText();
  }

  private static void accepted(JobsResponse response) {
    assertThat(response.accepted()).as(response.body().toString()).isTrue();
  }

  @Test
  void workedNotificationSequenceMessageForMessage() {
    h.thing("t1");
    h.startBridge();
    JobsClient device = h.device("t1");
    List<String> seen = new CopyOnWriteArrayList<>();
    device.onNotify(p -> seen.add(describe("notify", p)));
    device.onNotifyNext(p -> seen.add(describe("notify-next", p)));
    for (String job : List.of("job1", "job2", "job3")) {
      h.job(job, "t1");
    }

    h.queue("job1", "t1");
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify QUEUED=[job1]", "notify-next job1 QUEUED"));
    seen.clear();
    h.queue("job2", "t1");
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify QUEUED=[job1, job2]"));
    seen.clear();
    accepted(device.update("job1", "IN_PROGRESS", null, null).join());
    h.queue("job3", "t1");
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify IN_PROGRESS=[job1] QUEUED=[job2, job3]"));
    seen.clear();
    accepted(device.update("job1", "SUCCEEDED", null, null).join());
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify QUEUED=[job2, job3]",
        "notify-next job2 QUEUED"));
    seen.clear();
    accepted(device.update("job3", "IN_PROGRESS", null, null).join());
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify-next job3 IN_PROGRESS"));
    seen.clear();
    accepted(device.update("job2", "REJECTED", null, null).join());
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify IN_PROGRESS=[job3]"));
    seen.clear();
    h.client.resource(h.execution("job3", "t1")).delete();
    eventually().untilAsserted(() -> assertThat(seen).containsExactly("notify", "notify-next none"));
  }

  @Test
  void aDeviceThatReportsRightAfterStartingCostsNoConflictAndNoReread() {
    List<String> things = List.of("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
    things.forEach(h::thing);
    h.job("job1", things.toArray(String[]::new));
    things.forEach(t -> h.queue("job1", t));
    h.startBridge();
    List<JobsClient> devices = things.stream().map(h::device).toList();
    h.api.writes().reset();

    for (JobsClient device : devices) {
      for (int step = 0; step < 3; step++) {
        accepted(device.update("job1", "IN_PROGRESS", Map.of("step", String.valueOf(step)), null).join());
      }
      accepted(device.update("job1", "SUCCEEDED", null, null).join());
    }

    assertThat(h.api.writes().of("jobexecutions/status")).isEqualTo(4L * things.size());
    assertThat(h.api.writes().readsAndRefusals()).as("each write is based on the bridge's own last write").isEmpty();
  }

  @Test
  void aDevicesRequestsRecordWhenItWasLastSeenAtMostOnceAMinute() {
    JobsClient device = h.deviceWithJob1Queued();
    h.api.writes().reset();

    accepted(device.getPending().join());
    eventually().untilAsserted(() -> assertThat(h.client.resources(dev.iotjobs.api.model.Thing.class).inNamespace(
        BridgeHarness.NS).withName("t1").get().getStatus().getLastSeenAt()).isNotNull());
    for (int i = 0; i < 5; i++) {
      accepted(device.getPending().join());
    }
    accepted(device.update("job1", "SUCCEEDED", null, null).join());
    assertThat(h.api.writes().of("things/status")).as("one presence write for seven requests").isEqualTo(1);
  }

  @Test
  void aBurstOfDevicesAllGetTheirLastSeenAtThoughPresenceWritesAreCapped() {
    int count = 100;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("burst-" + i);
      h.thing(names.get(i));
    }
    h.startBridge();
    List<JobsClient> devices = names.stream().map(h::device).toList();
    h.api.writes().reset();

    // every device asks once, all at the same moment: far more than the 20 presence writes a second allowed
    devices.stream().map(JobsClient::getPending).toList().forEach(r -> accepted(r.join()));

    eventually().untilAsserted(() -> assertThat(h.client.resources(dev.iotjobs.api.model.Thing.class).inNamespace(NS)
        .list().getItems().stream().filter(t -> t.getStatus() != null && t.getStatus().getLastSeenAt() != null)
        .count()).as("things with lastSeenAt").isEqualTo(count));
    assertThat(h.api.writes().of("things/status")).as("one presence write per thing").isEqualTo(count);
  }

  @Test
  void aDeviceConnectingAndLeavingShowsInItsThingsStatusAsMosquittoTellsIt() {
    try (BridgeHarness presence = BridgeHarness.on(MosquittoBroker.publishingPresence())) {
      presence.thing("pump-1");
      presence.settings(s -> s.withPresenceEvents(java.util.Set.of(dev.iotjobs.bridge.protocol.PresenceEvent.Source.MOSQUITTO)));
      presence.startBridge();
      eventually().until(() -> presence.bridge().isReady());

      JobsClient device = presence.device("pump-1");
      eventually().untilAsserted(() -> assertThat(thingStatus(presence, "pump-1").getConnected()).isTrue());
      assertThat(thingStatus(presence, "pump-1").getLastSeenAt()).as("seen when it connected").isNotNull();

      device.close();
      eventually().untilAsserted(() -> assertThat(thingStatus(presence, "pump-1").getConnected()).isFalse());

      JobsClient back = presence.device("pump-1");
      eventually().untilAsserted(() -> assertThat(thingStatus(presence, "pump-1").getConnected()).isTrue());
      back.close();
    }
  }

  private static dev.iotjobs.api.model.ThingStatus thingStatus(BridgeHarness harness, String thing) {
    dev.iotjobs.api.model.ThingStatus status = harness.client.resources(dev.iotjobs.api.model.Thing.class)
        .inNamespace(NS).withName(thing).get().getStatus();
    return status == null ? new dev.iotjobs.api.model.ThingStatus() : status;
  }

  @Test
  void everyRejectionCodeFromARealRequest() {
    h.thing("t1");
    h.job("job1", "t1");
    h.queue("job1", "t1");
    h.settings(s -> s.withThrottle(1, 12));
    h.startBridge();
    JobsClient device = h.device("t1");

    ObjectNode noStatus = JSON.createObjectNode();
    assertThat(device.request("$aws/things/t1/jobs/job1/update", noStatus).join().code()).isEqualTo("InvalidRequest");
    assertThat(device.update("nope", "IN_PROGRESS", null, null).join().code()).isEqualTo("ResourceNotFound");
    accepted(device.update("job1", "IN_PROGRESS", null, 1L).join());
    JobsResponse mismatch = device.update("job1", "SUCCEEDED", null, 1L).join();
    assertThat(mismatch.code()).isEqualTo("VersionMismatch");
    assertThat(mismatch.body().get("executionState").get("versionNumber").asLong()).isEqualTo(2);
    accepted(device.update("job1", "SUCCEEDED", null, 2L).join());
    JobsResponse terminal = device.update("job1", "FAILED", null, null).join();
    assertThat(terminal.code()).isEqualTo("InvalidStateTransition");
    assertThat(terminal.body().get("executionState").get("status").asText()).isEqualTo("SUCCEEDED");

    IoTJob job = h.client.resources(IoTJob.class).inNamespace(NS).withName("job1").get();
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(JobStatus.COMPLETED);
    job.setStatus(status);
    h.client.resource(job).updateStatus();
    eventually().untilAsserted(() ->
        assertThat(device.describe("job1", false).join().code()).isEqualTo("TerminalStateReached"));

    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      codes.add(String.valueOf(device.getPending().join().code()));
    }
    assertThat(codes).contains("RequestThrottled");
  }

  @Test
  void malformedPayloadsAndTopicsAreRejectedOnTheRequestsRejectedTopic() {
    h.thing("t1");
    h.startBridge();
    List<JsonNode> rejected = new CopyOnWriteArrayList<>();
    var raw = com.hivemq.client.mqtt.mqtt3.Mqtt3Client.builder().identifier("raw").serverHost("127.0.0.1")
        .serverPort(h.broker.uri().getPort()).buildBlocking();
    raw.connect();
    raw.toAsync().subscribeWith().topicFilter("$aws/things/t1/jobs/+/rejected")
        .callback(p -> rejected.add(readJson(p.getPayloadAsBytes()))).send().join();
    raw.toAsync().subscribeWith().topicFilter("$aws/things/t1/jobs/+/+/rejected")
        .callback(p -> rejected.add(readJson(p.getPayloadAsBytes()))).send().join();
    publish(raw, "$aws/things/t1/jobs/get", "not json");
    eventually().untilAsserted(() -> assertThat(rejected).singleElement().satisfies(r -> {
      assertThat(r.get("code").asText()).isEqualTo("InvalidJson");
      assertThat(r.get("message").asText()).isNotBlank();
      assertThat(r.get("timestamp").asLong()).isPositive();
    }));
    rejected.clear();
    publish(raw, "$aws/things/t1/jobs/job1/delete", "{\"clientToken\":\"tok\"}");
    eventually().untilAsserted(() -> assertThat(rejected).singleElement().satisfies(r -> {
      assertThat(r.get("code").asText()).isEqualTo("InvalidTopic");
      assertThat(r.get("clientToken").asText()).isEqualTo("tok");
    }));
    rejected.clear();
    // other shapes under jobs/ are answered too, each on its own rejected topic, exactly once
    List<String> rejectedTopics = new CopyOnWriteArrayList<>();
    raw.toAsync().subscribeWith().topicFilter("$aws/things/t1/jobs/#")
        .callback(p -> {
          if (p.getTopic().toString().endsWith("/rejected")) {
            rejectedTopics.add(p.getTopic().toString());
          }
        }).send().join();
    publish(raw, "$aws/things/t1/jobs/foo", "{\"clientToken\":\"a\"}");
    publish(raw, "$aws/things/t1/jobs/job1/get/extra", "{\"clientToken\":\"b\"}");
    publish(raw, "$aws/things/t1/jobs/a/b/c/d", "{\"clientToken\":\"c\"}");
    eventually().untilAsserted(() -> assertThat(rejectedTopics).contains("$aws/things/t1/jobs/foo/rejected",
        "$aws/things/t1/jobs/job1/get/extra/rejected", "$aws/things/t1/jobs/a/b/c/d/rejected"));
    org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(rejectedTopics).hasSize(3));
    rejected.clear();
    rejected.clear();
    publish(raw, "$aws/things/t1/jobs/get", "{\"clientToken\":\"" + "x".repeat(100) + "\"}");
    eventually().untilAsserted(() -> assertThat(rejected).singleElement()
        .satisfies(r -> assertThat(r.get("code").asText()).isEqualTo("InvalidRequest")));
    raw.disconnect();
  }

  private static void publish(com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient client, String topic, String payload) {
    client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE).send();
  }

  private static JsonNode readJson(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void internalErrorWhenTheApiCannotStoreTheUpdate() {
    JobsClient device = h.deviceWithJob1Queued();
    accepted(device.getPending().join());
    h.api.close();
    JobsResponse response = device.update("job1", "IN_PROGRESS", null, null).join();
    assertThat(response.code()).isEqualTo("InternalError");
  }

  @Test
  void deviceUpdateRacingACancelEndsConsistentWithMonotonicVersions() {
    JobsClient device = h.deviceWithJob1Queued();
    accepted(device.update("job1", "IN_PROGRESS", null, null).join());

    List<Long> versions = new CopyOnWriteArrayList<>();
    try (var watch = h.client.resources(JobExecution.class).inNamespace(NS).watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, JobExecution e) {
        versions.add(e.getStatus().getVersionNumber());
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
      }
    })) {
      var progress = new ArrayList<java.util.concurrent.CompletableFuture<JobsResponse>>();
      for (int i = 0; i < 20; i++) {
        progress.add(device.update("job1", "IN_PROGRESS", Map.of("step", String.valueOf(i)), null));
      }
      var finish = device.update("job1", "SUCCEEDED", null, null);
      cancelByOperator();
      progress.forEach(java.util.concurrent.CompletableFuture::join);
      JobsResponse outcome = finish.join();
      JobExecution stored = h.execution("job1", "t1");
      if (outcome.accepted()) {
        assertThat(stored.getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
      } else {
        assertThat(outcome.code()).isIn("InvalidStateTransition", "VersionMismatch");
        assertThat(stored.getStatus().getStatus()).isEqualTo(ExecutionStatus.CANCELED);
      }
      eventually().untilAsserted(() -> assertThat(versions).last().isEqualTo(stored.getStatus().getVersionNumber()));
      assertThat(versions).isSorted();
      assertThat(versions).doesNotHaveDuplicates();
    }
  }

  /** The operator's force cancel, with its own optimistic retry loop. */
  private void cancelByOperator() {
    for (int attempt = 0; attempt < 20; attempt++) {
      JobExecution current = h.execution("job1", "t1");
      var t = ExecutionStateMachine.cancel(Executions.effectiveStatus(current), true, null, Clock.systemUTC().instant());
      if (!t.isAccepted()) {
        return;
      }
      current.setStatus(t.next());
      try {
        h.client.resource(current).updateStatus();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        assertThat(e.getCode()).isEqualTo(409);
      }
    }
  }

  @Test
  void anUpdateNoDeviceMaySendIsInvalidEvenForAnUnknownJobAndEarlierAttemptsKeepTheirVersion() {
    JobsClient device = h.deviceWithJob1Queued();
    assertThat(device.update("no-such-job", "QUEUED", null, null).join().code()).isEqualTo("InvalidRequest");
    assertThat(device.update("no-such-job", "CANCELED", null, null).join().code()).isEqualTo("InvalidRequest");
    assertThat(device.update("no-such-job", "IN_PROGRESS", null, null).join().code()).isEqualTo("ResourceNotFound");

    accepted(device.update("job1", "IN_PROGRESS", Map.of("step", "1"), null).join());
    accepted(device.update("job1", "FAILED", null, null).join());
    JobExecution failed = h.execution("job1", "t1");
    failed.setStatus(ExecutionStateMachine.retry(failed.getStatus(), Clock.systemUTC().instant()).next());
    h.client.resource(failed).updateStatus();
    JobsResponse earlier = device.request("$aws/things/t1/jobs/job1/get",
        JSON.createObjectNode().put("executionNumber", 1)).join();
    accepted(earlier);
    assertThat(earlier.body().get("execution").get("versionNumber").asLong()).isEqualTo(3);
    assertThat(earlier.body().get("execution").get("status").asText()).isEqualTo("FAILED");
  }

  /** What the broker does after a bridge crash between a write and its acknowledgement: the same request again. */
  @Test
  void aRequestDeliveredTwiceIsAppliedOnceAndAnsweredTwice() {
    JobsClient device = h.deviceWithJob1Queued();
    byte[] payload = "{\"status\":\"SUCCEEDED\",\"expectedVersion\":1,\"clientToken\":\"replayed\"}"
        .getBytes(StandardCharsets.UTF_8);
    accepted(device.send("$aws/things/t1/jobs/job1/update", payload, "replayed").join());
    accepted(device.send("$aws/things/t1/jobs/job1/update", payload, "replayed").join());
    assertThat(h.execution("job1", "t1").getStatus().getVersionNumber()).isEqualTo(2);
    assertThat(h.execution("job1", "t1").getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void healthAndReadiness() throws Exception {
    h.thing("t1");
    h.startBridge();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + h.bridge().healthPort();
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    JobsClient device = h.device("t1");
    device.getPending().join();
    device.update("nope", "IN_PROGRESS", null, null).join();
    HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain; version=0.0.4"));
    String metrics = scrape.body();
    assertThat(metrics).contains("iotjobs_device_requests_total{operation=\"get_pending\"} 1.0")
        .contains("iotjobs_device_rejections_total{code=\"ResourceNotFound\"} 1.0")
        .contains("iotjobs_mqtt_connected 1.0")
        .contains("# HELP iotjobs_device_requests_total Device requests answered")
        .contains("iotjobs_device_request_duration_seconds_bucket{operation=\"get_pending\",le=")
        .contains("jvm_memory_used_bytes").contains("process_cpu_usage").contains("process_uptime_seconds");
    assertThat(metrics.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList())
        .allSatisfy(name -> assertThat(metrics).contains("# HELP " + name + " "));
    HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
        .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(openMetrics.body()).endsWith("# EOF\n");
    h.broker.close();
    eventually().untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503));
  }
}
