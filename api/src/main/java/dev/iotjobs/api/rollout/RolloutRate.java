package dev.iotjobs.api.rollout;

import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.RolloutConfig.ExponentialRate;
import dev.iotjobs.api.model.RolloutConfig.RateIncreaseCriteria;

/**
 * The rate in force (reference §2.6): a constant maximumPerMinute, or an exponential rate at step k running at
 * {@code floor(base × factor^k)}, where k counts how many multiples of a criterion's threshold the cumulative
 * notified or succeeded things have reached (whichever is further), capped by maximumPerMinute. A pure function of
 * counts, so it is the same after an operator restart. No config: unlimited (we do not copy AWS's 1,000 cap).
 */
public record RolloutRate(Integer perMinute, int step) {

  public static RolloutRate unlimited() {
    return new RolloutRate(null, 0);
  }

  public boolean isLimited() {
    return perMinute != null;
  }

  public static RolloutRate of(RolloutConfig config, long notified, long succeeded) {
    if (config == null || (config.getMaximumPerMinute() == null && config.getExponentialRate() == null)) {
      return unlimited();
    }
    Long cap = config.getMaximumPerMinute();
    ExponentialRate exponential = config.getExponentialRate();
    if (exponential == null || exponential.getBaseRatePerMinute() == null) {
      return new RolloutRate(cap == null ? null : (int) Math.min(cap, Integer.MAX_VALUE), 0);
    }
    int step = step(exponential.getRateIncreaseCriteria(), notified, succeeded);
    double factor = exponential.getIncrementFactor() == null ? 1 : exponential.getIncrementFactor();
    double rate = exponential.getBaseRatePerMinute() * Math.pow(factor, step);
    long floored = Math.max(1, (long) Math.floor(rate + 1e-9));
    if (cap != null) {
      floored = Math.min(floored, cap);
    }
    return new RolloutRate((int) Math.min(floored, Integer.MAX_VALUE), step);
  }

  static int step(RateIncreaseCriteria criteria, long notified, long succeeded) {
    if (criteria == null) {
      return 0;
    }
    long byNotified = criteria.getNumberOfNotifiedThings() == null ? 0 : notified / criteria.getNumberOfNotifiedThings();
    long bySucceeded = criteria.getNumberOfSucceededThings() == null ? 0 : succeeded / criteria.getNumberOfSucceededThings();
    return (int) Math.min(Math.max(byNotified, bySucceeded), 1000);
  }
}
