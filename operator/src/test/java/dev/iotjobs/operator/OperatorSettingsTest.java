package dev.iotjobs.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void readsTheEnvironment() {
    OperatorSettings s = OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", " a, b ,,", "LEADER_ELECTION", "false",
        "POD_NAMESPACE", "ops", "SHUTDOWN_GRACE_SECONDS", "3"));
    assertThat(s.namespaces()).containsExactly("a", "b");
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.leaseNamespace()).isEqualTo("ops");
    assertThat(s.leaseName()).isEqualTo(OperatorSettings.DEFAULT_LEASE);
    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void leaseTimingAndIdentityComeFromTheEnvironmentAndDefaultToATakeoverWithinFifteenSeconds() {
    OperatorSettings.Lease lease = OperatorSettings.fromEnvironment(Map.of("POD_NAME", "op-1",
        "LEASE_DURATION_SECONDS", "6", "LEASE_RENEW_DEADLINE_SECONDS", "4", "LEASE_RETRY_PERIOD_SECONDS", "1")).lease();
    assertThat(lease.identity()).isEqualTo("op-1");
    assertThat(lease.duration()).isEqualTo(Duration.ofSeconds(6));
    assertThat(lease.renewDeadline()).isEqualTo(Duration.ofSeconds(4));
    assertThat(lease.retryPeriod()).isEqualTo(Duration.ofSeconds(1));
    OperatorSettings.Lease defaults = OperatorSettings.fromEnvironment(Map.of("LEASE_IDENTITY", "x")).lease();
    assertThat(defaults.identity()).isEqualTo("x");
    assertThat(defaults.duration().plus(defaults.retryPeriod())).isLessThanOrEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void defaultsWatchAllNamespacesWithLeaderElection() {
    OperatorSettings s = OperatorSettings.fromEnvironment(Map.of());
    assertThat(s.namespaces()).isEmpty();
    assertThat(s.leaderElection()).isTrue();
  }
}
