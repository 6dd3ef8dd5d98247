package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.device.JobsClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Devices that behave like real agents (ask once on connect, then wait for notify-next) are told about executions
 * queued while the bridge or the broker was down: nothing is left QUEUED with its device waiting. After a broker
 * restart, whichever of bridge and device is back first, one of the device's question and the bridge's re-announcement
 * reaches the other.
 */
class NotificationsAcrossRestartsIT {
  private static final int DEVICES = 50;
  private final BridgeHarness h = new BridgeHarness(null);
  private final List<String> things = IntStream.range(0, DEVICES).mapToObj(i -> "dev-" + i).toList();
  private final Map<String, String> nextJobOf = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    h.close();
  }

  private void connectDevices() {
    for (String thing : things) {
      h.thing(thing);
      JobsClient device = h.device(thing);
      device.onNotifyNext(payload -> remember(thing, payload));
      // a real agent asks once when it connects again (the answer may be lost if the bridge is not back yet)
      device.onReconnect(() -> device.describe("$next", false).thenAccept(r -> remember(thing, r.body())));
    }
  }

  private void remember(String thing, com.fasterxml.jackson.databind.JsonNode payload) {
    if (payload.has("execution")) {
      nextJobOf.put(thing, payload.get("execution").get("jobId").asText());
    }
  }

  private void queueForAll(String jobId) {
    h.job(jobId, things.toArray(new String[0]));
    things.forEach(thing -> h.queue(jobId, thing));
  }

  private void everyDeviceIsToldOf(String jobId) {
    eventually().untilAsserted(() -> assertThat(things).allSatisfy(thing ->
        assertThat(nextJobOf).containsEntry(thing, jobId)));
  }

  @Test
  void executionsQueuedWhileTheBridgeWasDownAreAnnouncedWhenItStarts() {
    connectDevices();
    h.startBridge();
    h.stopBridge();
    queueForAll("while-bridge-down");
    h.startBridge();
    everyDeviceIsToldOf("while-bridge-down");
  }

  @Test
  void executionsQueuedWhileTheBrokerWasDownAreAnnouncedAfterItIsBack() {
    connectDevices();
    h.startBridge();
    h.broker.kill();
    eventually().until(() -> !h.bridge().isReady());
    queueForAll("while-broker-down");
    h.broker.restart();
    everyDeviceIsToldOf("while-broker-down");
    eventually().until(() -> h.bridge().isReady());
  }
}
