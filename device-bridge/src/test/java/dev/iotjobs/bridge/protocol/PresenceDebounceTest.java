package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceDebounceTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aThingIsRecordedFirstThenAtMostOncePerInterval() {
    PresenceDebounce debounce = new PresenceDebounce(Duration.ofMinutes(1));
    assertThat(debounce.seen("a", T0)).isTrue();
    assertThat(debounce.seen("a", T0.plusSeconds(1))).isFalse();
    assertThat(debounce.seen("a", T0.plusSeconds(59))).isFalse();
    assertThat(debounce.seen("b", T0.plusSeconds(59))).as("each thing on its own").isTrue();
    assertThat(debounce.seen("a", T0.plusSeconds(60))).isTrue();
    assertThat(debounce.seen("a", T0.plusSeconds(61))).isFalse();
  }

  @Test
  void thingsNotSeenForAnIntervalAreForgotten() {
    PresenceDebounce debounce = new PresenceDebounce(Duration.ofMinutes(1));
    for (int i = 0; i < 1000; i++) {
      debounce.seen("thing-" + i, T0);
    }
    assertThat(debounce.remembered()).isEqualTo(1000);
    debounce.seen("late", T0.plusSeconds(120));
    assertThat(debounce.remembered()).isEqualTo(1);
  }
}
