package dev.iotjobs.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.RolloutConfig.ExponentialRate;
import dev.iotjobs.api.model.RolloutConfig.RateIncreaseCriteria;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutRateTest {

  private static RolloutConfig exponential(int base, double factor, Integer notified, Integer succeeded, Integer cap) {
    RateIncreaseCriteria criteria = new RateIncreaseCriteria();
    criteria.setNumberOfNotifiedThings(notified == null ? null : notified.longValue());
    criteria.setNumberOfSucceededThings(succeeded == null ? null : succeeded.longValue());
    ExponentialRate rate = new ExponentialRate();
    rate.setBaseRatePerMinute((long) base);
    rate.setIncrementFactor(factor);
    rate.setRateIncreaseCriteria(criteria);
    RolloutConfig config = new RolloutConfig();
    config.setExponentialRate(rate);
    config.setMaximumPerMinute(cap == null ? null : cap.longValue());
    return config;
  }

  /** The reference's table: base 50, factor 2, every 1000 notified things. */
  @ParameterizedTest
  @CsvSource({"0, 50, 0", "999, 50, 0", "1000, 100, 1", "1999, 100, 1", "2000, 200, 2", "3000, 400, 3", "3999, 400, 3"})
  void stepsUpByNotifiedThings(long notified, int rate, int step) {
    RolloutRate r = RolloutRate.of(exponential(50, 2.0, 1000, null, null), notified, 0);
    assertThat(r.perMinute()).isEqualTo(rate);
    assertThat(r.step()).isEqualTo(step);
  }

  @Test
  void stepsUpBySucceededThingsOnly() {
    RolloutConfig config = exponential(10, 1.5, null, 100, null);
    assertThat(RolloutRate.of(config, 5000, 99).perMinute()).isEqualTo(10);
    assertThat(RolloutRate.of(config, 5000, 100).perMinute()).isEqualTo(15);
    assertThat(RolloutRate.of(config, 5000, 200).perMinute()).isEqualTo(22);
  }

  @Test
  void whicheverCriterionIsFurtherWins() {
    RolloutConfig config = exponential(10, 2.0, 100, 10, null);
    assertThat(RolloutRate.of(config, 150, 35).step()).isEqualTo(3);
    assertThat(RolloutRate.of(config, 450, 5).step()).isEqualTo(4);
  }

  @Test
  void maximumPerMinuteCapsTheExponentialRate() {
    RolloutConfig config = exponential(50, 2.0, 1000, null, 150);
    assertThat(RolloutRate.of(config, 1000, 0).perMinute()).isEqualTo(100);
    assertThat(RolloutRate.of(config, 2000, 0).perMinute()).isEqualTo(150);
    assertThat(RolloutRate.of(config, 90_000, 0).perMinute()).isEqualTo(150);
  }

  @Test
  void constantAndUnlimited() {
    RolloutConfig constant = new RolloutConfig();
    constant.setMaximumPerMinute(5000L);
    assertThat(RolloutRate.of(constant, 10, 10).perMinute()).as("no AWS cap of 1000").isEqualTo(5000);
    assertThat(RolloutRate.of(null, 0, 0).isLimited()).isFalse();
    assertThat(RolloutRate.of(new RolloutConfig(), 0, 0).isLimited()).isFalse();
  }

  @Test
  void pacerSpacesExecutionsEvenlyAndNeverBursts() {
    RolloutRate rate = new RolloutRate(1200, 0);
    Instant start = Instant.parse("2026-11-27T12:00:00Z");
    List<Instant> queued = new ArrayList<>();
    Instant now = start;
    Instant last = null;
    // a reconciler that wakes when asked, 0-2 ms late, and sometimes early (another event woke it)
    int tick = 0;
    while (now.isBefore(start.plusSeconds(30))) {
      RolloutPacer.Decision d = RolloutPacer.decide(rate, last, now);
      assertThat(d.allowed()).isLessThanOrEqualTo(1);
      if (d.allowed() == 1) {
        queued.add(now);
        last = now;
      }
      tick++;
      now = tick % 5 == 0 ? now.plusMillis(13) : d.nextSlot().plusMillis(tick % 3);
    }
    for (int i = 1; i < queued.size(); i++) {
      assertThat(Duration.between(queued.get(i - 1), queued.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
    for (Instant sliceStart = start; sliceStart.isBefore(start.plusSeconds(25)); sliceStart = sliceStart.plusMillis(250)) {
      Instant from = sliceStart;
      long inSlice = queued.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(5))).count();
      assertThat(inSlice).isLessThanOrEqualTo(100);
    }
    assertThat(queued.size()).as("close to 1200/min over 30 s").isBetween(570, 601);
  }

  @Test
  void pacerResumesFromTheLastQueuedExecution() {
    RolloutRate rate = new RolloutRate(60, 0);
    Instant last = Instant.parse("2026-11-27T12:00:00Z");
    RolloutPacer.Decision early = RolloutPacer.decide(rate, last, last.plusMillis(400));
    assertThat(early.allowed()).isZero();
    assertThat(early.nextSlot()).isEqualTo(last.plusSeconds(1));
    assertThat(RolloutPacer.decide(rate, last, last.plusSeconds(1)).allowed()).isEqualTo(1);
    assertThat(RolloutPacer.decide(RolloutRate.unlimited(), last, last).allowed()).isEqualTo(Integer.MAX_VALUE);
  }
}
