package dev.iotjobs.api.rollout;

import static dev.iotjobs.api.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.RolloutConfig.ExponentialRate;
import dev.iotjobs.api.model.RolloutConfig.RateIncreaseCriteria;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.rollout.RolloutTimeline.Plan;
import dev.iotjobs.api.rollout.RolloutTimeline.Segment;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutTimelineTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static RolloutConfig perMinute(long rate) {
    RolloutConfig config = new RolloutConfig();
    config.setMaximumPerMinute(rate);
    return config;
  }

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  @Test
  void withoutARateEveryTargetIsQueuedAtOnce() {
    Plan plan = RolloutTimeline.plan(5_000, null, null, NOW);
    assertThat(plan.segments()).containsExactly(new Segment(NOW, NOW, null, 5_000, 5_000));
    assertThat(plan.allQueuedAt()).isEqualTo(NOW);
    assertThat(plan.notQueued()).isZero();
    assertThat(plan.stoppedBecause()).isNull();
  }

  @Test
  void aStaticRateSpacesExecutionsEvenly() {
    Plan plan = RolloutTimeline.plan(120, perMinute(60), null, NOW);
    assertThat(plan.segments()).containsExactly(new Segment(NOW, NOW.plusSeconds(119), 60, 120, 120));
    assertThat(plan.allQueuedAt()).isEqualTo(NOW.plusSeconds(119));
  }

  @Test
  void anExponentialRateRisesAtEachThresholdUpToItsCap() {
    RateIncreaseCriteria every20 = new RateIncreaseCriteria();
    every20.setNumberOfNotifiedThings(20L);
    ExponentialRate exponential = new ExponentialRate();
    exponential.setBaseRatePerMinute(10L);
    exponential.setIncrementFactor(2.0);
    exponential.setRateIncreaseCriteria(every20);
    RolloutConfig rollout = perMinute(40);
    rollout.setExponentialRate(exponential);

    Plan plan = RolloutTimeline.plan(100, rollout, null, NOW);

    // 10/min: 6 s apart; 20/min: 3 s; then 40/min (80 capped) for the rest: one stretch, 1.5 s apart
    assertThat(plan.segments()).containsExactly(
        new Segment(NOW, NOW.plusSeconds(114), 10, 20, 20),
        new Segment(NOW.plusSeconds(117), NOW.plusSeconds(174), 20, 20, 40),
        new Segment(NOW.plusMillis(175_500), NOW.plusSeconds(264), 40, 60, 100));
    assertThat(plan.allQueuedAt()).isEqualTo(NOW.plusSeconds(264));
  }

  @Test
  void maintenanceWindowsHoldQueueingUntilTheyOpenAndStopItWhenTheyClose() {
    Plan plan = RolloutTimeline.plan(100, perMinute(1), window(null, "0 1 * * *", 60), NOW);
    assertThat(plan.segments()).containsExactly(
        new Segment(at("2026-12-02T01:00:00Z"), at("2026-12-02T01:59:00Z"), 1, 60, 60),
        new Segment(at("2026-12-03T01:00:00Z"), at("2026-12-03T01:39:00Z"), 1, 40, 100));
    assertThat(plan.allQueuedAt()).isEqualTo(at("2026-12-03T01:39:00Z"));
  }

  @Test
  void windowsFollowTheJobsTimeZone() {
    SchedulingConfig berlinNights = window(null, "0 1 * * *", 60);
    berlinNights.setTimeZone("Europe/Berlin");
    Plan plan = RolloutTimeline.plan(10, null, berlinNights, NOW);
    assertThat(plan.allQueuedAt()).as("01:00 in Berlin in winter").isEqualTo(at("2026-1202T00:00:00Z".replace("12", "12-")));
  }

  @Test
  void whatTheEndTimeLeavesIsCountedAndSaid() {
    SchedulingConfig schedule = new SchedulingConfig();
    schedule.setStartTime("2026-12-01T13:00:00Z");
    schedule.setEndTime("2026-12-01T14:00:00Z");
    Plan plan = RolloutTimeline.plan(100, perMinute(1), schedule, NOW);
    assertThat(plan.segments()).containsExactly(
        new Segment(at("2026-12-01T13:00:00Z"), at("2026-12-01T13:59:00Z"), 1, 60, 60));
    assertThat(plan.allQueuedAt()).isNull();
    assertThat(plan.notQueued()).isEqualTo(40);
    assertThat(plan.stoppedBecause()).isEqualTo("the schedule's endTime 2026-12-01T14:00:00Z passes");
  }

  @Test
  void noTargetsQueueNothing() {
    Plan plan = RolloutTimeline.plan(0, perMinute(10), null, NOW);
    assertThat(plan.segments()).isEmpty();
    assertThat(plan.notQueued()).isZero();
    assertThat(plan.stoppedBecause()).isNull();
  }

  @Test
  void aMillionThingsOverNightlyWindowsTakeOneStepPerWindow() {
    Plan plan = RolloutTimeline.plan(1_000_000, perMinute(1_000), window(null, "0 22 * * *", 480), NOW);
    // 480 minutes at 1,000/min: 480,000 a night, so three nights
    assertThat(plan.segments()).extracting(Segment::queued).containsExactly(480_000L, 480_000L, 40_000L);
    assertThat(plan.segments()).extracting(Segment::from).containsExactly(at("2026-12-01T22:00:00Z"),
        at("2026-12-02T22:00:00Z"), at("2026-12-03T22:00:00Z"));
    assertThat(plan.allQueuedAt()).isEqualTo(at("2026-12-03T22:40:00Z").minusMillis(60));
  }
}
