package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages a device can send that once stopped the bridge's receive loop: each is published with the real
 * {@code mosquitto_pub}, as an attacker or a broken agent would, and a good device must still be answered, by this
 * bridge and by one started afterwards (the broker redelivers an unacknowledged QoS 1 message after a restart).
 */
class HostileMessagesIT {
  private final BridgeHarness h = new BridgeHarness(null);

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aTopicWithACharacterAboveTheBasicPlaneDoesNotStopTheBridge() throws Exception {
    h.thing("good");
    h.thing("fz-0001");
    h.job("job1", "good");
    h.queue("job1", "good");
    h.startBridge();
    mosquittoPub("$aws/things/fz-0001/jobs/\uD83D\uDE00/get", "{}");
    mosquittoPub("$aws/things/\uD83D\uDE00\uD834\uDD1E/jobs/get", "{}");

    JobsClient device = h.device("good");
    assertServed(device);
    assertThat(ready()).isEqualTo(200);

    h.stopBridge();
    h.startBridge();
    assertServed(device);
    assertThat(ready()).isEqualTo(200);
  }

  private static void assertServed(JobsClient device) {
    eventually().untilAsserted(() -> {
      JobsResponse response = device.getPending().get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.accepted()).isTrue();
      assertThat(response.body().get("queuedJobs").get(0).get("jobId").asText()).isEqualTo("job1");
    });
  }

  private int ready() throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + h.bridge().healthPort() + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private void mosquittoPub(String topic, String payload) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mosquitto_pub", "-p", String.valueOf(h.broker.uri().getPort()), "-h", "127.0.0.1",
        "-q", "1", "-t", topic, "-m", payload).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }

  /** Executions their job does not own (made by hand, or for a job that does not exist) are never served. */
  @Test
  void executionsNotOwnedByTheirJobAreNotServed() {
    h.thing("t1");
    h.job("real", "t1");
    for (String job : new String[] {"real", "ghost"}) {
      dev.iotjobs.api.model.JobExecution execution = new dev.iotjobs.api.model.JobExecution();
      execution.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
          .withName(dev.iotjobs.api.execution.Executions.name(job, "t1")).withNamespace(BridgeHarness.NS).build());
      dev.iotjobs.api.model.JobExecutionSpec spec = new dev.iotjobs.api.model.JobExecutionSpec();
      spec.setJobId(job);
      spec.setThingName("t1");
      execution.setSpec(spec);
      h.client.resource(execution).create();
    }
    h.startBridge();
    JobsClient device = h.device("t1");
    JobsResponse pending = device.getPending().join();
    assertThat(pending.accepted()).isTrue();
    assertThat(pending.body().get("queuedJobs")).isEmpty();
    assertThat(device.startNext(null, null).join().body().has("execution")).isFalse();
    assertThat(device.update("ghost", "IN_PROGRESS", null, null).join().code()).isEqualTo("ResourceNotFound");
    assertThat(device.update("real", "IN_PROGRESS", null, null).join().code()).isEqualTo("ResourceNotFound");
    assertThat(h.execution("ghost", "t1").getStatus().getVersionNumber()).isEqualTo(1);
  }

  /** A Thing named like another in a second namespace gets none of its jobs onto the real device's topics. */
  @Test
  void aThingOfTheSameNameInAnotherNamespaceIsNotServed() {
    h.thing("t1");
    h.job("real", "t1");
    h.queue("real", "t1");
    dev.iotjobs.api.model.Thing twin = new dev.iotjobs.api.model.Thing();
    twin.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("t1").withNamespace("visitors").build());
    h.client.resource(twin).create();
    dev.iotjobs.api.model.IoTJob evil = h.newJob("evil", "t1");
    evil.getMetadata().setNamespace("visitors");
    evil = h.client.resource(evil).create();
    dev.iotjobs.api.model.JobExecution execution = new dev.iotjobs.api.model.JobExecution();
    execution.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName(dev.iotjobs.api.execution.Executions.name("evil", "t1")).withNamespace("visitors")
        .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion(evil.getApiVersion())
            .withKind(evil.getKind()).withName("evil").withUid(evil.getMetadata().getUid()).withController(true).build())
        .build());
    dev.iotjobs.api.model.JobExecutionSpec spec = new dev.iotjobs.api.model.JobExecutionSpec();
    spec.setJobId("evil");
    spec.setThingName("t1");
    execution.setSpec(spec);
    h.client.resource(execution).create();
    h.startBridge();

    JobsResponse pending = h.device("t1").getPending().join();
    assertThat(pending.body().get("queuedJobs")).extracting(j -> j.get("jobId").asText()).containsExactly("real");
    assertThat(h.device("t1").update("evil", "IN_PROGRESS", null, null).join().code()).isEqualTo("ResourceNotFound");
  }
}
