package dev.iotjobs.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs: which namespaces it watches (none listed = all) and whether it elects a leader on a Lease
 * so that only one replica reconciles at a time.
 */
public record OperatorSettings(Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
    Duration shutdownGrace, boolean exitOnLostLeadership, Duration snapshotSettle) {

  public static final String DEFAULT_LEASE = "iot-jobs-operator-leader";
  /**
   * How long the fleet of a namespace must have been quiet (no Thing or ThingGroup added, deleted or changed) before
   * a SNAPSHOT job fixes its targets: one kubectl apply or Argo CD sync of a folder lands well inside it.
   */
  public static final Duration DEFAULT_SNAPSHOT_SETTLE = Duration.ofSeconds(2);

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), false, DEFAULT_LEASE, null, Duration.ofSeconds(10), false,
        DEFAULT_SNAPSHOT_SETTLE);
  }

  /**
   * From environment variables: WATCH_NAMESPACES (comma separated; empty watches all), LEADER_ELECTION (true/false,
   * default true), LEASE_NAME, LEASE_NAMESPACE (default POD_NAMESPACE), SHUTDOWN_GRACE_SECONDS,
   * SNAPSHOT_SETTLE_MILLIS.
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    boolean leaderElection = Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true"));
    String leaseNamespace = env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE"));
    Duration grace = Duration.ofSeconds(Long.parseLong(env.getOrDefault("SHUTDOWN_GRACE_SECONDS", "10")));
    // a replica that loses its Lease exits, so Kubernetes restarts it as a follower
    return new OperatorSettings(namespaces, leaderElection, env.getOrDefault("LEASE_NAME", DEFAULT_LEASE),
        leaseNamespace, grace, true, Duration.ofMillis(Long.parseLong(env.getOrDefault("SNAPSHOT_SETTLE_MILLIS",
        String.valueOf(DEFAULT_SNAPSHOT_SETTLE.toMillis())))));
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(watched, leaderElection, leaseName, leaseNamespace, shutdownGrace, exitOnLostLeadership,
        snapshotSettle);
  }

  public OperatorSettings withLeaderElection(boolean enabled, String namespace) {
    return new OperatorSettings(namespaces, enabled, leaseName, namespace, shutdownGrace, exitOnLostLeadership,
        snapshotSettle);
  }

  public OperatorSettings withSnapshotSettle(Duration settle) {
    return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, shutdownGrace,
        exitOnLostLeadership, settle);
  }
}
