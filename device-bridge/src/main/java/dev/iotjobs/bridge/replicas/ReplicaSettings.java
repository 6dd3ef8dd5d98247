package dev.iotjobs.bridge.replicas;

import java.time.Duration;
import java.util.Map;

/**
 * How a bridge replica takes part in a ring of replicas, from REPLICA_IDENTITY (set: the ring is on; in the chart,
 * the pod's name), LEASE_NAMESPACE, RING_NAME, SHARDS, LEASE_DURATION_SECONDS and LEASE_RENEW_MILLIS.
 */
public record ReplicaSettings(String identity, String namespace, String ringName, int shards, Duration leaseDuration,
    Duration renewPeriod) {

  public ReplicaSettings {
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("SHARDS must be between 1 and 1024, not " + shards);
    }
    if (leaseDuration.compareTo(renewPeriod.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException("the lease (" + leaseDuration + ") must last at least three renewals ("
          + renewPeriod + " each): a replica stops answering two renewals before its lease could expire");
    }
  }

  /** Null when REPLICA_IDENTITY is not set: one bridge, answering every thing. */
  public static ReplicaSettings fromEnvironment(Map<String, String> env) {
    String identity = env.get("REPLICA_IDENTITY");
    if (identity == null || identity.isBlank()) {
      return null;
    }
    return new ReplicaSettings(identity, env.getOrDefault("LEASE_NAMESPACE", "default"),
        env.getOrDefault("RING_NAME", "iot-jobs-bridge"), Integer.parseInt(env.getOrDefault("SHARDS", "32")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("LEASE_DURATION_SECONDS", "10"))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("LEASE_RENEW_MILLIS", "2000"))));
  }

  /** A replica stops answering when its lease was last renewed this long ago: before anyone else can take over. */
  public Duration fenceAfter() {
    return leaseDuration.minus(renewPeriod.multipliedBy(2));
  }
}
