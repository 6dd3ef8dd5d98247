package dev.iotjobs.api.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsAndConditionsTest {
  @Test
  void durationsReadAsKubernetesUsersWriteThem() {
    assertThat(Durations.parse("30s", null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1h30m", null)).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse(null, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> Durations.parse("30 minutes", null)).hasMessageContaining("30 minutes");
  }

  @Test
  void successConditionsCompareTheResult() {
    assertThat(SuccessCondition.parse("result < 0.05").holds(0.01)).isTrue();
    assertThat(SuccessCondition.parse("result < 0.05").holds(0.05)).isFalse();
    assertThat(SuccessCondition.parse(" result>=-1 ").holds(-1)).isTrue();
    assertThat(SuccessCondition.parse("result == 0").holds(0)).isTrue();
    assertThat(SuccessCondition.parse("result != 0").holds(0)).isFalse();
    assertThat(SuccessCondition.parse("result <= 2").holds(2.5)).isFalse();
    assertThat(SuccessCondition.parse("result > 2").holds(2.5)).isTrue();
    assertThatThrownBy(() -> SuccessCondition.parse("result is fine")).hasMessageContaining("result is fine");
  }
}
