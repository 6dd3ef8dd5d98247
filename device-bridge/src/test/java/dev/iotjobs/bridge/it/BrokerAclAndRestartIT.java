package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.bridge.mqtt.MqttProtocol;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BrokerAclAndRestartIT {

  @Test
  void aDevicePublishingOnAnotherThingsTopicsChangesNothing() throws Exception {
    try (BridgeHarness h = new BridgeHarness(List.of("t1", "t2"))) {
      h.thing("t1");
      h.thing("t2");
      h.job("job1", "t1", "t2");
      h.queue("job1", "t1");
      h.queue("job1", "t2");
      h.startBridge();

      var intruder = Mqtt3Client.builder().identifier("t1-raw").serverHost("127.0.0.1")
          .serverPort(h.broker.uri().getPort()).simpleAuth().username("t1")
          .password(MosquittoBroker.PASSWORD.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
      intruder.connect();
      intruder.publishWith().topic("$aws/things/t2/jobs/job1/update")
          .payload("{\"status\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
      intruder.disconnect();

      JobsClient t1 = h.deviceWithPassword("t1", MosquittoBroker.PASSWORD);
      assertThat(t1.update("job1", "SUCCEEDED", null, null).join().accepted()).isTrue();
      eventually().untilAsserted(() -> assertThat(h.broker.log()).contains("Denied PUBLISH from t1"));
      assertThat(h.execution("job1", "t2").getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(h.execution("job1", "t2").getStatus().getVersionNumber()).isEqualTo(1);
      assertThat(h.execution("job1", "t1").getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  /** In either MQTT version, and across an upgrade that moves the bridge's kept session from 3.1.1 to MQTT 5. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} then {1}")
  @org.junit.jupiter.params.provider.CsvSource({"V3_1_1,V3_1_1", "V5,V5", "V3_1_1,V5"})
  void updatesSentWhileTheBridgeRestartsAreNotLost(MqttProtocol before, MqttProtocol after) {
    try (BridgeHarness h = new BridgeHarness(null)) {
      h.settings(s -> s.withProtocol(before));
      List<String> things = List.of("a", "b", "c", "d", "e");
      h.job("job1", things.toArray(new String[0]));
      for (String thing : things) {
        h.thing(thing);
        h.queue("job1", thing);
      }
      h.startBridge();
      List<JobsClient> devices = things.stream().map(h::device).toList();
      for (JobsClient device : devices) {
        assertThat(device.update("job1", "IN_PROGRESS", Map.of("step", "download"), null).join().accepted()).isTrue();
      }
      h.stopBridge();

      List<CompletableFuture<JobsResponse>> whileAway = new ArrayList<>();
      for (JobsClient device : devices) {
        whileAway.add(device.update("job1", "SUCCEEDED", Map.of("step", "done"), 2L));
      }
      h.settings(s -> s.withProtocol(after)).startBridge();
      assertThat(h.bridge().mqttProtocol()).isEqualTo(after);

      whileAway.forEach(f -> assertThat(f.join().accepted()).isTrue());
      for (String thing : things) {
        eventually().untilAsserted(() -> {
          var status = h.execution("job1", thing).getStatus();
          assertThat(status.getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
          assertThat(status.getStatusDetails()).containsEntry("step", "done");
          assertThat(status.getVersionNumber()).isEqualTo(3);
        });
      }
    }
  }

  /** With client ids tied to user names, a device using the bridge's client id cannot take over its session. */
  @Test
  void aDeviceCannotTakeOverTheBridgesSession() throws Exception {
    try (BridgeHarness h = new BridgeHarness(List.of("t1"))) {
      h.thing("t1");
      h.job("job1", "t1");
      h.queue("job1", "t1");
      h.settings(s -> s.withClientId(MosquittoBroker.BRIDGE_USER)).startBridge();
      var impostor = Mqtt3Client.builder().identifier(MosquittoBroker.BRIDGE_USER).serverHost("127.0.0.1")
          .serverPort(h.broker.uri().getPort()).simpleAuth().username("t1")
          .password(MosquittoBroker.PASSWORD.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
      impostor.connect();
      JobsClient t1 = h.deviceWithPassword("t1", MosquittoBroker.PASSWORD);
      assertThat(t1.update("job1", "SUCCEEDED", null, null).join().accepted()).isTrue();
      assertThat(h.bridge().isReady()).isTrue();
      assertThat(h.broker.log()).doesNotContain("Client " + MosquittoBroker.BRIDGE_USER + " already connected");
    }
  }
}
