package dev.iotjobs.bridge;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the bridge connects and behaves, from environment variables: MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD,
 * MQTT_CLIENT_ID, MQTT_TOPIC_ROOT, MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE (PEM), WATCH_NAMESPACES, HEALTH_PORT,
 * THROTTLE_PER_SECOND, THROTTLE_BURST, WORKERS and NOTIFY_ON_STATUS_CHANGE.
 */
public record BridgeSettings(String brokerUrl, String username, String password, String clientId, String topicRoot,
    String caFile, String certFile, String keyFile, Set<String> namespaces, int healthPort, double throttlePerSecond,
    double throttleBurst, int workers, boolean notifyOnStatusChange) {

  public static final String DEFAULT_TOPIC_ROOT = "$aws/things/";

  public static BridgeSettings defaults(String brokerUrl) {
    return new BridgeSettings(brokerUrl, null, null, "iot-jobs-bridge", DEFAULT_TOPIC_ROOT, null, null, null, Set.of(),
        -1, 50, 100, 8, false);
  }

  public static BridgeSettings fromEnvironment(Map<String, String> env) {
    String root = env.getOrDefault("MQTT_TOPIC_ROOT", DEFAULT_TOPIC_ROOT);
    return new BridgeSettings(env.getOrDefault("MQTT_URL", "tcp://localhost:1883"), env.get("MQTT_USERNAME"),
        env.get("MQTT_PASSWORD"), env.getOrDefault("MQTT_CLIENT_ID", "iot-jobs-bridge"), root.endsWith("/") ? root : root + "/",
        env.get("MQTT_CA_FILE"), env.get("MQTT_CERT_FILE"), env.get("MQTT_KEY_FILE"),
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new)),
        Integer.parseInt(env.getOrDefault("HEALTH_PORT", "8081")),
        Double.parseDouble(env.getOrDefault("THROTTLE_PER_SECOND", "50")),
        Double.parseDouble(env.getOrDefault("THROTTLE_BURST", "100")),
        Integer.parseInt(env.getOrDefault("WORKERS", "8")),
        Boolean.parseBoolean(env.getOrDefault("NOTIFY_ON_STATUS_CHANGE", "false")));
  }

  public BridgeSettings withClientId(String id) {
    return new BridgeSettings(brokerUrl, username, password, id, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange);
  }

  public BridgeSettings withCredentials(String user, String secret) {
    return new BridgeSettings(brokerUrl, user, secret, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange);
  }

  public BridgeSettings withThrottle(double perSecond, double burst) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, perSecond, burst, workers, notifyOnStatusChange);
  }

  public BridgeSettings withHealthPort(int port) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        port, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange);
  }
}
