package dev.iotjobs.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeDebounceTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void theFirstChangeWakesAtOnceTheNextInTheWindowOnceAtItsEndAndTheRestRideOnThat() {
    ChangeDebounce<String> debounce = new ChangeDebounce<>(Duration.ofMillis(250));

    assertThat(debounce.changed("fw", at(0))).isEqualTo(ChangeDebounce.Decision.NOW);
    assertThat(debounce.changed("fw", at(10)).at()).contains(at(250));
    assertThat(debounce.changed("fw", at(20))).isEqualTo(ChangeDebounce.Decision.COVERED);
    assertThat(debounce.changed("fw", at(300))).as("still due: the wake-up has not happened")
        .isEqualTo(ChangeDebounce.Decision.COVERED);

    debounce.woke("fw", at(310));
    assertThat(debounce.changed("fw", at(400)).at()).contains(at(560));
    debounce.woke("fw", at(560));
    assertThat(debounce.changed("fw", at(900))).isEqualTo(ChangeDebounce.Decision.NOW);
  }

  @Test
  void jobsAreDebouncedEachOnItsOwn() {
    ChangeDebounce<String> debounce = new ChangeDebounce<>(Duration.ofMillis(250));
    assertThat(debounce.changed("a", at(0)).now()).isTrue();
    assertThat(debounce.changed("b", at(1)).now()).isTrue();
    assertThat(debounce.changed("a", at(2)).at()).contains(at(250));
    assertThat(debounce.changed("b", at(3)).at()).contains(at(251));
  }

  @Test
  void aForgottenJobStartsAfresh() {
    ChangeDebounce<String> debounce = new ChangeDebounce<>(Duration.ofMillis(250));
    debounce.changed("fw", at(0));
    debounce.changed("fw", at(1));
    debounce.forget("fw");
    assertThat(debounce.changed("fw", at(2))).isEqualTo(ChangeDebounce.Decision.NOW);
    assertThat(debounce.changed("fw", at(3)).at()).isEqualTo(Optional.of(at(252)));
  }
}
