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
    Duration shutdownGrace, boolean exitOnLostLeadership) {

  public static final String DEFAULT_LEASE = "iot-jobs-operator-leader";

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), false, DEFAULT_LEASE, null, Duration.ofSeconds(10), false);
  }

  /**
   * From environment variables: WATCH_NAMESPACES (comma separated; empty watches all), LEADER_ELECTION (true/false,
   * default true), LEASE_NAME, LEASE_NAMESPACE (default POD_NAMESPACE), SHUTDOWN_GRACE_SECONDS.
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    boolean leaderElection = Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true"));
    String leaseNamespace = env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE"));
    Duration grace = Duration.ofSeconds(Long.parseLong(env.getOrDefault("SHUTDOWN_GRACE_SECONDS", "10")));
    // a replica that loses its Lease exits, so Kubernetes restarts it as a follower
    return new OperatorSettings(namespaces, leaderElection, env.getOrDefault("LEASE_NAME", DEFAULT_LEASE),
        leaseNamespace, grace, true);
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(watched, leaderElection, leaseName, leaseNamespace, shutdownGrace, exitOnLostLeadership);
  }

  public OperatorSettings withLeaderElection(boolean enabled, String namespace) {
    return new OperatorSettings(namespaces, enabled, leaseName, namespace, shutdownGrace, exitOnLostLeadership);
  }
}
