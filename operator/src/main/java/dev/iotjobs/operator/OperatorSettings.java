package dev.iotjobs.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs: which namespaces it watches (none listed = all), whether and how it elects a leader on a
 * Lease so that only one replica reconciles at a time, and how long a SNAPSHOT job lets its fleet settle.
 */
public record OperatorSettings(Set<String> namespaces, boolean leaderElection, Lease lease, Duration shutdownGrace,
    boolean exitOnLostLeadership, Duration snapshotSettle) {

  public static final String DEFAULT_LEASE = "iot-jobs-operator-leader";
  /**
   * How long the fleet of a namespace must have been quiet (no Thing or ThingGroup added, deleted or changed) before
   * a SNAPSHOT job fixes its targets: one kubectl apply or Argo CD sync of a folder lands well inside it.
   */
  public static final Duration DEFAULT_SNAPSHOT_SETTLE = Duration.ofSeconds(2);

  /**
   * The Lease: a follower takes over at most {@code duration + retryPeriod} after the leader last renewed, so a
   * killed leader is replaced within about 12 s with the defaults (10 s, renew within 7 s, retry every 2 s).
   *
   * @param identity this replica's name in the Lease (the pod name); null lets the operator SDK choose
   */
  public record Lease(String name, String namespace, String identity, Duration duration, Duration renewDeadline,
      Duration retryPeriod) {
    public static Lease defaults(String namespace) {
      return new Lease(DEFAULT_LEASE, namespace, null, Duration.ofSeconds(10), Duration.ofSeconds(7),
          Duration.ofSeconds(2));
    }
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), false, Lease.defaults(null), Duration.ofSeconds(10), false,
        DEFAULT_SNAPSHOT_SETTLE);
  }

  /**
   * From environment variables: WATCH_NAMESPACES (comma separated; empty watches all), LEADER_ELECTION (true/false,
   * default true), LEASE_NAME, LEASE_NAMESPACE (default POD_NAMESPACE), LEASE_IDENTITY (default POD_NAME, then
   * HOSTNAME), LEASE_DURATION_SECONDS, LEASE_RENEW_DEADLINE_SECONDS, LEASE_RETRY_PERIOD_SECONDS,
   * SHUTDOWN_GRACE_SECONDS, SNAPSHOT_SETTLE_MILLIS.
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    boolean leaderElection = Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true"));
    Lease defaults = Lease.defaults(env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE")));
    Lease lease = new Lease(env.getOrDefault("LEASE_NAME", DEFAULT_LEASE), defaults.namespace(),
        env.getOrDefault("LEASE_IDENTITY", env.getOrDefault("POD_NAME", env.get("HOSTNAME"))),
        seconds(env, "LEASE_DURATION_SECONDS", defaults.duration()),
        seconds(env, "LEASE_RENEW_DEADLINE_SECONDS", defaults.renewDeadline()),
        seconds(env, "LEASE_RETRY_PERIOD_SECONDS", defaults.retryPeriod()));
    Duration grace = seconds(env, "SHUTDOWN_GRACE_SECONDS", Duration.ofSeconds(10));
    Duration settle = Duration.ofMillis(Long.parseLong(env.getOrDefault("SNAPSHOT_SETTLE_MILLIS",
        String.valueOf(DEFAULT_SNAPSHOT_SETTLE.toMillis()))));
    // a replica that loses its Lease exits, so Kubernetes restarts it as a follower
    return new OperatorSettings(namespaces, leaderElection, lease, grace, true, settle);
  }

  private static Duration seconds(Map<String, String> env, String name, Duration otherwise) {
    String value = env.get(name);
    return value == null || value.isBlank() ? otherwise : Duration.ofSeconds(Long.parseLong(value.trim()));
  }

  public String leaseName() {
    return lease.name();
  }

  public String leaseNamespace() {
    return lease.namespace();
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(watched, leaderElection, lease, shutdownGrace, exitOnLostLeadership, snapshotSettle);
  }

  public OperatorSettings withLeaderElection(boolean enabled, String namespace) {
    return new OperatorSettings(namespaces, enabled, new Lease(lease.name(), namespace, lease.identity(),
        lease.duration(), lease.renewDeadline(), lease.retryPeriod()), shutdownGrace, exitOnLostLeadership,
        snapshotSettle);
  }

  public OperatorSettings withSnapshotSettle(Duration settle) {
    return new OperatorSettings(namespaces, leaderElection, lease, shutdownGrace, exitOnLostLeadership, settle);
  }
}
