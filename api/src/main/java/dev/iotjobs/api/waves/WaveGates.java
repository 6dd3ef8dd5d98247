package dev.iotjobs.api.waves;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.AbortConfig.AbortFailureType;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate;
import dev.iotjobs.api.model.WaveGate.FailureLimit;
import dev.iotjobs.api.model.WaveGate.PrometheusCheck;
import dev.iotjobs.api.model.WaveStatus.GatePhase;
import dev.iotjobs.api.model.WaveStatus.GateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Judges the gate of the wave being rolled out. Failure limits and Prometheus measurements can fail it while the wave
 * runs; once every thing of the wave has its execution and every execution is terminal, the minimum executed and the
 * success percentage are judged, the soak time runs from the last outcome, a Prometheus check needs a passing
 * measurement taken after the soak, and a Manual wave then waits to be promoted. Pure: the caller measures.
 */
public final class WaveGates {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private WaveGates() {}

  /**
   * What the gate is judged on.
   *
   * @param wave the wave's spec
   * @param counts the wave's things by the status of their current execution (attempts waiting for a retry count as
   *     queued)
   * @param filled every thing of the wave has been given its execution
   * @param lastFinishedAt when the wave's last execution reached its terminal status, or null
   * @param previous the gate as last recorded, with the Prometheus measurements so far; may be null
   * @param promoted a user promoted the wave
   */
  public record Input(Wave wave, JobProcessDetails counts, boolean filled, Instant lastFinishedAt, GateStatus previous,
      boolean promoted, Instant now) {}

  /**
   * The gate's new state, when to look again (null: when executions change), and whether a Prometheus measurement is
   * due now (the caller measures, records it with {@link #record}, and judges again).
   */
  public record Decision(GateStatus gate, Instant nextCheck, boolean measure) {
    public GatePhase phase() {
      return gate.getPhase();
    }
  }

  public static Decision judge(Input in) {
    WaveGate spec = in.wave().getGate() == null ? new WaveGate() : in.wave().getGate();
    GateStatus gate = copy(in.previous());
    JobProcessDetails c = in.counts();
    long executed = executed(c);
    long minimum = spec.getMinimumExecuted() == null ? 1 : spec.getMinimumExecuted();

    String failure = failedLimit(spec, c, executed, minimum);
    PrometheusCheck prometheus = spec.getPrometheus();
    if (failure == null && prometheus != null) {
      failure = failedMeasurements(prometheus, gate);
    }
    if (failure != null) {
      return decided(gate, GatePhase.Failed, failure);
    }
    Instant nextMeasurement = prometheus == null ? null : nextMeasurement(prometheus, gate, in.now());
    boolean measureNow = nextMeasurement != null && !in.now().isBefore(nextMeasurement);
    boolean done = in.filled() && c.terminal() == c.total();
    if (!done) {
      gate.setPhase(GatePhase.Running);
      gate.setMessage(executed + " of " + c.total() + " things have an outcome"
          + (in.filled() ? "" : ", more are still to be queued") + ".");
      return new Decision(gate, nextMeasurement, measureNow);
    }
    if (c.total() > 0) {
      if (executed < minimum) {
        return decided(gate, GatePhase.Failed, "only " + executed + " of the wave's things have an outcome; the gate"
            + " needs " + minimum + ".");
      }
      if (spec.getMinimumSuccessPercentage() != null) {
        double success = c.getNumberOfSucceededThings() * 100.0 / executed;
        if (success < spec.getMinimumSuccessPercentage() - 1e-9) {
          return decided(gate, GatePhase.Failed, String.format(Locale.ROOT, "SUCCEEDED %s%% < %s%% of %d executed",
              percent(success), percent(spec.getMinimumSuccessPercentage()), executed));
        }
      }
    }
    // as stored (whole seconds), so that the soak ends at the same moment after a restart
    Instant doneAt = Times.parse(gate.getDoneAt() != null ? gate.getDoneAt()
        : Times.format(in.lastFinishedAt() != null ? in.lastFinishedAt() : in.now()));
    gate.setDoneAt(Times.format(doneAt));
    Instant opensAt = doneAt.plus(Durations.parse(spec.getSoakTime(), Duration.ZERO));
    if (spec.getSoakTime() != null) {
      gate.setOpensAt(Times.format(opensAt));
    }
    if (in.now().isBefore(opensAt)) {
      gate.setPhase(GatePhase.Soaking);
      gate.setMessage("every execution is terminal and the criteria hold; soaking until " + Times.format(opensAt) + ".");
      return new Decision(gate, Times.earliest(opensAt, nextMeasurement), measureNow);
    }
    if (prometheus != null) {
      boolean measuredSinceOpen = gate.getLastMeasuredAt() != null && !Times.parse(gate.getLastMeasuredAt()).isBefore(opensAt);
      if (!measuredSinceOpen || !Boolean.TRUE.equals(gate.getLastMeasurementPassed())) {
        gate.setPhase(GatePhase.Soaking);
        gate.setMessage("waiting for a passing Prometheus measurement (" + prometheus.getSuccessCondition() + ").");
        // measure now when nothing was measured since the gate could open; otherwise at the next interval
        return new Decision(gate, measuredSinceOpen ? nextMeasurement : in.now(), !measuredSinceOpen || measureNow);
      }
    }
    if (in.wave().effectivePromotion() == Wave.Promotion.Manual && !in.promoted()) {
      gate.setPhase(GatePhase.WaitingForPromotion);
      gate.setMessage("the gate passed; waiting for promotion: kubectl iotjobs promote, or annotate the job "
          + "iotjobs.dev/promote=" + in.wave().getName() + ".");
      return new Decision(gate, null, false);
    }
    return decided(gate, GatePhase.Passed, c.total() == 0 ? "the wave holds no thing." : "the gate passed.");
  }

  /** Records a Prometheus measurement: its value (null when there was none) or the problem, and whether it passed. */
  public static GateStatus record(GateStatus previous, PrometheusCheck check, Double value, String problem, Instant at) {
    GateStatus gate = copy(previous);
    boolean passed = value != null && SuccessCondition.parse(check.getSuccessCondition()).holds(value);
    gate.setMeasurements(count(gate.getMeasurements()) + 1);
    gate.setFailedMeasurements(count(gate.getFailedMeasurements()) + (passed ? 0 : 1));
    gate.setLastMeasuredAt(Times.format(at));
    gate.setLastMeasurementPassed(passed);
    gate.setLastMeasurement(value != null ? format(value) : problem);
    return gate;
  }

  /** Outcomes: SUCCEEDED, FAILED, REJECTED and TIMED_OUT (canceled and removed things executed nothing). */
  public static long executed(JobProcessDetails c) {
    return (long) c.getNumberOfSucceededThings() + c.getNumberOfFailedThings() + c.getNumberOfRejectedThings()
        + c.getNumberOfTimedOutThings();
  }

  private static String failedLimit(WaveGate spec, JobProcessDetails c, long executed, long minimum) {
    if (spec.getMaximumFailures() == null) {
      return null;
    }
    for (FailureLimit limit : spec.getMaximumFailures()) {
      long failures = failures(limit.getFailureType(), c);
      if (limit.getMaximumCount() != null && failures > limit.getMaximumCount()) {
        return limit.getFailureType() + " " + failures + " > " + limit.getMaximumCount();
      }
      if (limit.getMaximumPercentage() != null && executed >= minimum && executed > 0) {
        double share = failures * 100.0 / executed;
        if (share > limit.getMaximumPercentage() + 1e-9) {
          return String.format(Locale.ROOT, "%s %s%% > %s%% of %d executed", limit.getFailureType(), percent(share),
              percent(limit.getMaximumPercentage()), executed);
        }
      }
    }
    return null;
  }

  private static long failures(AbortFailureType type, JobProcessDetails c) {
    return switch (type) {
      case FAILED -> c.getNumberOfFailedThings();
      case REJECTED -> c.getNumberOfRejectedThings();
      case TIMED_OUT -> c.getNumberOfTimedOutThings();
      case ALL -> (long) c.getNumberOfFailedThings() + c.getNumberOfRejectedThings() + c.getNumberOfTimedOutThings();
    };
  }

  private static String failedMeasurements(PrometheusCheck check, GateStatus gate) {
    int limit = check.getFailureLimit() == null ? 0 : check.getFailureLimit();
    int failed = count(gate.getFailedMeasurements());
    if (failed <= limit) {
      return null;
    }
    return "Prometheus: " + failed + " of " + count(gate.getMeasurements()) + " measurements failed " + check.getSuccessCondition()
        + " (failureLimit " + limit + "); last: " + gate.getLastMeasurement();
  }

  private static Instant nextMeasurement(PrometheusCheck check, GateStatus gate, Instant now) {
    if (gate.getLastMeasuredAt() == null) {
      return now;
    }
    return Times.parse(gate.getLastMeasuredAt()).plus(Durations.parse(check.getInterval(), DEFAULT_INTERVAL));
  }

  private static Decision decided(GateStatus gate, GatePhase phase, String message) {
    gate.setPhase(phase);
    gate.setMessage(message);
    return new Decision(gate, null, false);
  }

  private static GateStatus copy(GateStatus source) {
    GateStatus copy = new GateStatus();
    if (source != null) {
      copy.setPhase(source.getPhase());
      copy.setMessage(source.getMessage());
      copy.setDoneAt(source.getDoneAt());
      copy.setOpensAt(source.getOpensAt());
      copy.setMeasurements(source.getMeasurements());
      copy.setFailedMeasurements(source.getFailedMeasurements());
      copy.setLastMeasuredAt(source.getLastMeasuredAt());
      copy.setLastMeasurement(source.getLastMeasurement());
      copy.setLastMeasurementPassed(source.getLastMeasurementPassed());
    }
    return copy;
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+(e|$)", "$1");
  }

  static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
  }
}
