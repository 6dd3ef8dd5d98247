package dev.iotjobs.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.AbortConfig.AbortFailureType;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.RolloutConfig;
import org.junit.jupiter.api.Test;

class BlastRadiusTest {
  private static IoTJobSpec spec(AbortConfig abort, RolloutConfig rollout) {
    IoTJobSpec spec = new IoTJobSpec();
    spec.setAbortConfig(abort);
    spec.setJobExecutionsRolloutConfig(rollout);
    return spec;
  }

  @Test
  void abortCriteriaWithoutARateAreWarnedAbout() {
    AbortConfig abort = AbortConfig.cancelWhen(AbortFailureType.FAILED, 10, 10);
    assertThat(BlastRadius.warning(spec(abort, null))).hasValueSatisfying(message -> assertThat(message)
        .contains("every target is queued at once", "jobExecutionsRolloutConfig.maximumPerMinute"));
    assertThat(BlastRadius.warning(spec(abort, new RolloutConfig()))).as("a rollout config that sets no rate").isPresent();
  }

  @Test
  void aRateOrNoAbortCriteriaNeedNoWarning() {
    RolloutConfig rate = new RolloutConfig();
    rate.setMaximumPerMinute(600L);
    RolloutConfig exponential = new RolloutConfig();
    exponential.setExponentialRate(new RolloutConfig.ExponentialRate());
    AbortConfig abort = AbortConfig.cancelWhen(AbortFailureType.FAILED, 10, 10);
    assertThat(BlastRadius.warning(spec(abort, rate))).isEmpty();
    assertThat(BlastRadius.warning(spec(abort, exponential))).isEmpty();
    assertThat(BlastRadius.warning(spec(null, null))).isEmpty();
    assertThat(BlastRadius.warning(spec(new AbortConfig(), null))).as("no criteria").isEmpty();
  }
}
