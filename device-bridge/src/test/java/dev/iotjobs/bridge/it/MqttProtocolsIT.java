package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.mqtt.MqttProtocol;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.device.JobsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge speaks MQTT 5 where the broker does, and then gets none of its own answers back; MQTT 3.1.1 where the
 * broker has no MQTT 5 (or where it is asked to), and then drops its own answers as they come back.
 */
class MqttProtocolsIT {
  private final BridgeHarness h = new BridgeHarness(null);

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void withMqtt5TheBrokerSendsTheBridgeNoneOfItsOwnAnswers() throws Exception {
    JobsClient device = h.deviceWithJob1Queued();

    assertThat(h.bridge().mqttProtocol()).isEqualTo(MqttProtocol.V5);
    assertAnsweredTwice(device);
    assertThat(answersReturned()).isZero();
  }

  @Test
  void aBrokerWithoutMqtt5IsSpokenToInMqtt311() throws Exception {
    try (Mqtt311OnlyBroker old = new Mqtt311OnlyBroker(h.broker)) {
      h.settings(s -> BridgeSettings.defaults(old.url()).withClientId(s.clientId()).withHealthPort(0));
      JobsClient device = h.deviceWithJob1Queued();

      assertThat(h.bridge().mqttProtocol()).isEqualTo(MqttProtocol.V3_1_1);
      assertThat(old.refusedMqtt5()).isEqualTo(1);
      assertAnsweredTwice(device);
      assertThat(answersReturned()).as("the first answer came back before the second request").isPositive();
    }
  }

  @Test
  void mqtt311AskedForIsSpokenToABrokerWithMqtt5() throws Exception {
    h.settings(s -> s.withProtocol(MqttProtocol.V3_1_1));
    JobsClient device = h.deviceWithJob1Queued();

    assertThat(h.bridge().mqttProtocol()).isEqualTo(MqttProtocol.V3_1_1);
    assertAnsweredTwice(device);
  }

  @Test
  void mqtt5AskedForIsNotGivenUpForMqtt311() throws Exception {
    try (Mqtt311OnlyBroker old = new Mqtt311OnlyBroker(h.broker)) {
      h.settings(s -> BridgeSettings.defaults(old.url()).withClientId(s.clientId()).withHealthPort(0)
          .withProtocol(MqttProtocol.V5));

      assertThatThrownBy(h::startBridge).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot connect to MQTT broker");
      assertThat(old.refusedMqtt5()).isEqualTo(1);
    }
  }

  /**
   * Two requests one after the other: the broker sends each answer to the device and (in MQTT 3.1.1) back to the
   * bridge at once, so the bridge has had the first back before the second request reaches it.
   */
  private static void assertAnsweredTwice(JobsClient device) {
    for (int i = 0; i < 2; i++) {
      eventually().untilAsserted(() -> {
        JobsResponse response = device.getPending().get(5, TimeUnit.SECONDS);
        assertThat(response.accepted()).isTrue();
        assertThat(response.body().get("queuedJobs").get(0).get("jobId").asText()).isEqualTo("job1");
      });
    }
  }

  private double answersReturned() throws Exception {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + h.bridge().healthPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(line -> line.startsWith("iotjobs_mqtt_answers_returned_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no iotjobs_mqtt_answers_returned_total in\n" + metrics));
  }
}
