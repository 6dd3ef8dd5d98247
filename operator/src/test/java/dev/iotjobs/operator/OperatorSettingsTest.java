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
  void defaultsWatchAllNamespacesWithLeaderElection() {
    OperatorSettings s = OperatorSettings.fromEnvironment(Map.of());
    assertThat(s.namespaces()).isEmpty();
    assertThat(s.leaderElection()).isTrue();
  }
}
