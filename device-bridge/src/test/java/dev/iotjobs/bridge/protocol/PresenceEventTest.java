package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresenceEventTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static Optional<PresenceEvent> parse(String topic, String payload) {
    return PresenceEvent.parse(topic, payload.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void awsLifecycleEventsWithTheirTimestamp() {
    assertThat(parse("$aws/events/presence/connected/sensor-1",
        "{\"clientId\":\"sensor-1\",\"timestamp\":1764669600123,\"eventType\":\"connected\"}"))
        .contains(new PresenceEvent("sensor-1", true, Instant.ofEpochMilli(1764669600123L)));
    assertThat(parse("$aws/events/presence/disconnected/sensor-1", "{\"disconnectReason\":\"CLIENT_INITIATED\"}"))
        .as("no timestamp: when it was heard").contains(new PresenceEvent("sensor-1", false, NOW));
    assertThat(parse("$aws/events/presence/disconnected/sensor-1", "not json")).map(PresenceEvent::connected)
        .contains(false);
  }

  @Test
  void otherAwsEventsAreNotPresence() {
    assertThat(parse("$aws/events/presence/subscribed/sensor-1", "{}")).isEmpty();
    assertThat(parse("$aws/events/presence/connected/", "{}")).isEmpty();
    assertThat(parse("$aws/events/presence/connected", "{}")).isEmpty();
  }

  @Test
  void mosquittosNoticeLinesAsItPublishesThemWithAndWithoutItsTimestamp() {
    // as mosquitto 2.0 logs them (log_dest topic, log_type notice)
    assertThat(parse("$SYS/broker/log/N", "New client connected from 127.0.0.1:37516 as sim-0042 (p2, c1, k60)."))
        .contains(new PresenceEvent("sim-0042", true, NOW));
    assertThat(parse("$SYS/broker/log/N",
        "1764669600: New client connected from 10.0.0.7:5000 as pump-3 (p2, c0, k30, u'device')."))
        .contains(new PresenceEvent("pump-3", true, Instant.ofEpochSecond(1764669600L)));
    assertThat(parse("$SYS/broker/log/N", "Client sim-0042 disconnected.")).map(PresenceEvent::connected)
        .contains(false);
    assertThat(parse("$SYS/broker/log/N", "Client sim-0042 closed its connection.")).map(PresenceEvent::clientId)
        .contains("sim-0042");
    assertThat(parse("$SYS/broker/log/N", "Client sim-0042 has exceeded timeout, disconnecting."))
        .map(PresenceEvent::connected).contains(false);
  }

  @Test
  void otherLogLinesAndTopicsAreNotPresence() {
    assertThat(parse("$SYS/broker/log/N", "New connection from 127.0.0.1:37516 on port 1883.")).isEmpty();
    assertThat(parse("$SYS/broker/log/N", "Client sim-0042 already connected, closing old connection.")).isEmpty();
    assertThat(parse("$SYS/broker/log/I", "New client connected from 1.2.3.4:5 as x (p2, c1, k60).")).isEmpty();
    assertThat(parse("$aws/things/sim-1/jobs/get", "{}")).isEmpty();
    assertThat(PresenceEvent.isPresenceTopic("$aws/things/sim-1/jobs/get")).isFalse();
    assertThat(PresenceEvent.isPresenceTopic("$SYS/broker/log/N")).isTrue();
  }

  @Test
  void sourcesByNameWithAClearErrorForAnUnknownOne() {
    assertThat(PresenceEvent.Source.parse(" AWS")).isEqualTo(PresenceEvent.Source.AWS);
    assertThat(PresenceEvent.Source.parse("mosquitto").topicFilter).isEqualTo("$SYS/broker/log/N");
    assertThatThrownBy(() -> PresenceEvent.Source.parse("emqx")).hasMessageContaining("use aws, mosquitto");
  }
}
