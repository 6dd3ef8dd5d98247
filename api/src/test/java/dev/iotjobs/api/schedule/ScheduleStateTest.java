package dev.iotjobs.api.schedule;

import static dev.iotjobs.api.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.api.model.SchedulingConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleStateTest {

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  @Test
  void noScheduleRollsOutAtOnce() {
    ScheduleState state = ScheduleState.at(null, at("2026-11-27T12:00:00Z"));
    assertThat(state.phase()).isEqualTo(ScheduleState.Phase.OPEN);
    assertThat(state.nextChange()).isNull();
  }

  @Test
  void startTimeInTheFutureWaitsAndPastStartsAtOnce() {
    SchedulingConfig config = new SchedulingConfig();
    config.setStartTime("2026-12-01T02:00:00Z");
    ScheduleState before = ScheduleState.at(config, at("2026-11-30T02:00:00Z"));
    assertThat(before.phase()).isEqualTo(ScheduleState.Phase.NOT_STARTED);
    assertThat(before.nextChange()).isEqualTo(at("2026-12-01T02:00:00Z"));
    assertThat(ScheduleState.at(config, at("2026-12-01T02:00:00Z")).phase()).isEqualTo(ScheduleState.Phase.OPEN);
  }

  @Test
  void endTimeEndsTheSchedule() {
    SchedulingConfig config = new SchedulingConfig();
    config.setEndTime("2026-12-01T02:00:00Z");
    ScheduleState open = ScheduleState.at(config, at("2026-12-01T01:00:00Z"));
    assertThat(open.nextChange()).isEqualTo(at("2026-12-01T02:00:00Z"));
    assertThat(ScheduleState.at(config, at("2026-12-01T02:00:00Z")).phase()).isEqualTo(ScheduleState.Phase.ENDED);
  }

  @Test
  void windowsOpenAndCloseAtTheirEdgesInTheirTimeZone() {
    SchedulingConfig config = window("Europe/Berlin", "0 2 * * *", 120);
    // 02:00 Berlin in winter is 01:00 UTC
    ScheduleState before = ScheduleState.at(config, at("2026-11-27T00:59:59Z"));
    assertThat(before.phase()).isEqualTo(ScheduleState.Phase.BETWEEN_WINDOWS);
    assertThat(before.nextChange()).isEqualTo(at("2026-11-27T01:00:00Z"));
    ScheduleState opening = ScheduleState.at(config, at("2026-11-27T01:00:00Z"));
    assertThat(opening.phase()).isEqualTo(ScheduleState.Phase.OPEN);
    assertThat(opening.nextChange()).isEqualTo(at("2026-11-27T03:00:00Z"));
    assertThat(ScheduleState.at(config, at("2026-11-27T03:00:00Z")).phase()).isEqualTo(ScheduleState.Phase.BETWEEN_WINDOWS);
    assertThat(opening.nextWindowStarts()).hasSize(7).first().isEqualTo(at("2026-11-28T01:00:00Z"));
  }

  @Test
  void windowsAcrossMidnight() {
    SchedulingConfig config = window("UTC", "30 23 * * *", 60);
    assertThat(ScheduleState.at(config, at("2026-11-28T00:15:00Z")).phase()).isEqualTo(ScheduleState.Phase.OPEN);
    assertThat(ScheduleState.at(config, at("2026-11-28T00:15:00Z")).nextChange()).isEqualTo(at("2026-11-28T00:30:00Z"));
    assertThat(ScheduleState.at(config, at("2026-11-28T00:30:00Z")).phase()).isEqualTo(ScheduleState.Phase.BETWEEN_WINDOWS);
  }

  @Test
  void windowsFollowDaylightSavingTime() {
    SchedulingConfig config = window("Europe/Berlin", "0 4 * * *", 60);
    // before the change on 2026-10-25, 04:00 Berlin is 02:00 UTC; after it, 03:00 UTC
    assertThat(ScheduleState.at(config, at("2026-10-24T02:30:00Z")).phase()).isEqualTo(ScheduleState.Phase.OPEN);
    assertThat(ScheduleState.at(config, at("2026-10-25T02:30:00Z")).phase()).isEqualTo(ScheduleState.Phase.BETWEEN_WINDOWS);
    assertThat(ScheduleState.at(config, at("2026-10-25T03:30:00Z")).phase()).isEqualTo(ScheduleState.Phase.OPEN);
    ScheduleState spring = ScheduleState.at(config, at("2026-03-28T12:00:00Z"));
    assertThat(spring.nextChange()).as("04:00 CEST on 29 March is 02:00 UTC").isEqualTo(at("2026-03-29T02:00:00Z"));
  }

  @Test
  void awsCronFormIsAccepted() {
    SchedulingConfig config = window("UTC", "cron(0 2 ? * * *)", 60);
    assertThat(ScheduleState.at(config, at("2026-11-27T02:10:00Z")).phase()).isEqualTo(ScheduleState.Phase.OPEN);
  }

  @Test
  void invalidCronOrTimeZoneIsAClearError() {
    assertThatThrownBy(() -> ScheduleState.at(window("UTC", "every day", 60), at("2026-11-27T02:10:00Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every day");
    assertThatThrownBy(() -> ScheduleState.at(window("Mars/Olympus", "0 2 * * *", 60), at("2026-11-27T02:10:00Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mars/Olympus");
  }
}
