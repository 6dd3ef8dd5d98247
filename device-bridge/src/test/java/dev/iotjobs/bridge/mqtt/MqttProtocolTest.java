package dev.iotjobs.bridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.bridge.BridgeSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttProtocolTest {
  @Test
  void theSettingNamesAVersionOrAuto() {
    assertThat(BridgeSettings.fromEnvironment(Map.of()).protocol()).isEqualTo(MqttProtocol.AUTO);
    assertThat(BridgeSettings.fromEnvironment(Map.of("MQTT_PROTOCOL", "3.1.1")).protocol())
        .isEqualTo(MqttProtocol.V3_1_1);
    assertThat(BridgeSettings.fromEnvironment(Map.of("MQTT_PROTOCOL", " 5")).protocol()).isEqualTo(MqttProtocol.V5);
    assertThatThrownBy(() -> MqttProtocol.parse("3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MQTT_PROTOCOL must be one of auto, 5, 3.1.1, not 3");
  }
}
