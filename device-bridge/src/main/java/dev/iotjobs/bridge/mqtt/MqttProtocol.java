package dev.iotjobs.bridge.mqtt;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which MQTT version the bridge speaks to its broker ({@code MQTT_PROTOCOL}). AUTO, the default, asks for MQTT 5 and
 * falls back to MQTT 3.1.1 when the broker refuses it on the first connect; MQTT 5 lets a lone bridge leave its own
 * answers out of its subscription.
 */
public enum MqttProtocol {
  AUTO("auto"), V5("5"), V3_1_1("3.1.1");

  private final String text;

  MqttProtocol(String text) {
    this.text = text;
  }

  public static MqttProtocol parse(String text) {
    return Arrays.stream(values()).filter(p -> p.text.equals(text.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("MQTT_PROTOCOL must be one of "
            + Arrays.stream(values()).map(p -> p.text).collect(Collectors.joining(", ")) + ", not " + text));
  }

  @Override
  public String toString() {
    return text;
  }
}
