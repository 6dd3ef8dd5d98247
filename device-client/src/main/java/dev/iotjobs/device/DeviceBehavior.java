package dev.iotjobs.device;

import java.time.Duration;

/**
 * How a simulated device handles a job: the share that fails, rejects or hangs (never answers), how many progress
 * steps it reports and how long each takes. The choice for one execution is a hash of thing, job and execution
 * number, so a run is reproducible and a retry may turn out differently.
 */
public record DeviceBehavior(double failRate, double rejectRate, double hangRate, int steps, Duration stepDelay) {
  /** A job document's field that sets the fail rate of simulated devices for that job (0..1). */
  public static final String DOCUMENT_FAIL_RATE = "simulatedFailRate";

  public static DeviceBehavior succeeding() {
    return new DeviceBehavior(0, 0, 0, 1, Duration.ZERO);
  }

  public enum Outcome { SUCCEED, FAIL, REJECT, HANG }

  public Outcome outcomeFor(String thing, String jobId, long executionNumber) {
    double roll = Math.floorMod((thing + "/" + jobId + "/" + executionNumber).hashCode() * 2654435761L, 1_000_000L)
        / 1_000_000.0;
    if (roll < rejectRate) {
      return Outcome.REJECT;
    }
    if (roll < rejectRate + failRate) {
      return Outcome.FAIL;
    }
    if (roll < rejectRate + failRate + hangRate) {
      return Outcome.HANG;
    }
    return Outcome.SUCCEED;
  }

  public DeviceBehavior withFailRate(double rate) {
    return new DeviceBehavior(rate, rejectRate, hangRate, steps, stepDelay);
  }

  public DeviceBehavior withRejectRate(double rate) {
    return new DeviceBehavior(failRate, rate, hangRate, steps, stepDelay);
  }

  public DeviceBehavior withHangRate(double rate) {
    return new DeviceBehavior(failRate, rejectRate, rate, steps, stepDelay);
  }

  public DeviceBehavior withSteps(int count, Duration delay) {
    return new DeviceBehavior(failRate, rejectRate, hangRate, count, delay);
  }
}
