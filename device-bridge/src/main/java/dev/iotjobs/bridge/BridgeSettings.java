package dev.iotjobs.bridge;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import dev.iotjobs.bridge.protocol.PresenceEvent;
import dev.iotjobs.bridge.replicas.ReplicaSettings;

/**
 * How the bridge connects and behaves, from environment variables: MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD,
 * MQTT_CLIENT_ID, MQTT_TOPIC_ROOT, MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE (PEM), WATCH_NAMESPACES, HEALTH_PORT,
 * THROTTLE_PER_SECOND, THROTTLE_BURST, WORKERS, NOTIFY_ON_STATUS_CHANGE and PRESENCE_EVENTS (aws, mosquitto: see
 * {@link PresenceEvent.Source}); with REPLICA_IDENTITY, one of several
 * replicas (see {@link ReplicaSettings}), whose MQTT client id is MQTT_CLIENT_ID and the identity joined by a dash.
 */
public record BridgeSettings(String brokerUrl, String username, String password, String clientId, String topicRoot,
    String caFile, String certFile, String keyFile, Set<String> namespaces, int healthPort, double throttlePerSecond,
    double throttleBurst, int workers, boolean notifyOnStatusChange, ReplicaSettings replicas,
    Set<PresenceEvent.Source> presenceEvents, dev.iotjobs.bridge.mqtt.MqttProtocol protocol) {

  public static final String DEFAULT_TOPIC_ROOT = "$aws/things/";

  public static BridgeSettings defaults(String brokerUrl) {
    return new BridgeSettings(brokerUrl, null, null, "iot-jobs-bridge", DEFAULT_TOPIC_ROOT, null, null, null, Set.of(),
        -1, 50, 100, 8, false, null, Set.of(), dev.iotjobs.bridge.mqtt.MqttProtocol.AUTO);
  }

  public static BridgeSettings fromEnvironment(Map<String, String> env) {
    String root = env.getOrDefault("MQTT_TOPIC_ROOT", DEFAULT_TOPIC_ROOT);
    ReplicaSettings replicas = ReplicaSettings.fromEnvironment(env);
    String clientId = env.getOrDefault("MQTT_CLIENT_ID", "iot-jobs-bridge");
    return new BridgeSettings(env.getOrDefault("MQTT_URL", "tcp://localhost:1883"), env.get("MQTT_USERNAME"),
        env.get("MQTT_PASSWORD"), replicas == null ? clientId : clientId + "-" + replicas.identity(),
        root.endsWith("/") ? root : root + "/",
        env.get("MQTT_CA_FILE"), env.get("MQTT_CERT_FILE"), env.get("MQTT_KEY_FILE"),
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new)),
        Integer.parseInt(env.getOrDefault("HEALTH_PORT", "8081")),
        Double.parseDouble(env.getOrDefault("THROTTLE_PER_SECOND", "50")),
        Double.parseDouble(env.getOrDefault("THROTTLE_BURST", "100")),
        Integer.parseInt(env.getOrDefault("WORKERS", "8")),
        Boolean.parseBoolean(env.getOrDefault("NOTIFY_ON_STATUS_CHANGE", "false")), replicas,
        Arrays.stream(env.getOrDefault("PRESENCE_EVENTS", "").split(",")).filter(s -> !s.isBlank())
            .map(PresenceEvent.Source::parse).collect(Collectors.toUnmodifiableSet()),
        dev.iotjobs.bridge.mqtt.MqttProtocol.parse(env.getOrDefault("MQTT_PROTOCOL", "auto")));
  }

  public BridgeSettings withClientId(String id) {
    return new BridgeSettings(brokerUrl, username, password, id, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange, replicas, presenceEvents, protocol);
  }

  public BridgeSettings withCredentials(String user, String secret) {
    return new BridgeSettings(brokerUrl, user, secret, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange, replicas, presenceEvents, protocol);
  }

  public BridgeSettings withThrottle(double perSecond, double burst) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, perSecond, burst, workers, notifyOnStatusChange, replicas, presenceEvents, protocol);
  }

  public BridgeSettings withHealthPort(int port) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        port, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange, replicas, presenceEvents, protocol);
  }

  /** Also listens for devices connecting and leaving, as these sources tell (Thing.status.connected). */
  public BridgeSettings withPresenceEvents(Set<PresenceEvent.Source> sources) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange, replicas, Set.copyOf(sources), protocol);
  }

  public BridgeSettings withProtocol(dev.iotjobs.bridge.mqtt.MqttProtocol version) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange, replicas, presenceEvents, version);
  }

  public BridgeSettings withReplicas(ReplicaSettings ring) {
    return new BridgeSettings(brokerUrl, username, password, clientId, topicRoot, caFile, certFile, keyFile, namespaces,
        healthPort, throttlePerSecond, throttleBurst, workers, notifyOnStatusChange, ring, presenceEvents, protocol);
  }
}
