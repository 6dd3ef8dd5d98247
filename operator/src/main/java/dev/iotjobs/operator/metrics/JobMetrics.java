package dev.iotjobs.operator.metrics;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.rollout.RolloutRate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-job gauges for Prometheus: {@code iotjobs_executions{namespace,job,status}} and
 * {@code iotjobs_rollout_rate_executions_per_second{namespace,job}} (absent while the rate is unlimited), and the
 * histogram {@code iotjobs_execution_duration_seconds{status}} of the time from queueing to a terminal status. A
 * job's meters go when the job does.
 */
public class JobMetrics {
  private final MeterRegistry registry;
  private static final String RATE = "iotjobs_rollout_rate_executions_per_second";
  private final Map<String, AtomicInteger> values = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicReference<Double>> rates = new ConcurrentHashMap<>();

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(IoTJob job, JobProcessDetails counters, RolloutRate rate, boolean aborted) {
    gauge("iotjobs_job_aborted", job, Tags.empty(), "1 when the job was canceled because its abort criteria were met, else 0")
        .set(aborted ? 1 : 0);
    for (ExecutionStatus status : ExecutionStatus.values()) {
      gauge("iotjobs_executions", job, Tags.of("status", status.name()), "Things by the status of their current execution")
          .set(count(counters, status));
    }
    String rateKey = key(job, RATE);
    if (rate.isLimited()) {
      rates.computeIfAbsent(rateKey, k -> {
        java.util.concurrent.atomic.AtomicReference<Double> value = new java.util.concurrent.atomic.AtomicReference<>(0.0);
        Gauge.builder(RATE, value, java.util.concurrent.atomic.AtomicReference::get)
            .description("Executions per second the rollout may queue now; absent while unlimited")
            .tags(Tags.of("namespace", job.getMetadata().getNamespace(), "job", job.getMetadata().getName()))
            .register(registry);
        return value;
      }).set(rate.perMinute() / 60.0);
    } else if (rates.remove(rateKey) != null) {
      registry.find(RATE).tags("namespace", job.getMetadata().getNamespace(), "job", job.getMetadata().getName())
          .meters().forEach(registry::remove);
    }
  }

  /**
   * A staged rollout's waves: {@code iotjobs_job_current_wave} (the current wave's number, from 1) and
   * {@code iotjobs_wave_gate{wave,phase}}, 1 for the phase each wave's gate is in and 0 for the others, so that
   * {@code iotjobs_wave_gate{phase="WaitingForPromotion"} == 1} finds the waves waiting for a person.
   */
  public void recordWaves(IoTJob job, java.util.List<dev.iotjobs.api.model.WaveStatus> waves, String current) {
    if (waves == null) {
      return;
    }
    int number = waves.stream().map(dev.iotjobs.api.model.WaveStatus::getName).toList().indexOf(current) + 1;
    gauge("iotjobs_job_current_wave", job, Tags.empty(), "The number of the wave a staged rollout is in, from 1")
        .set(number);
    for (dev.iotjobs.api.model.WaveStatus wave : waves) {
      var phase = wave.getGate() == null ? null : wave.getGate().getPhase();
      for (var each : dev.iotjobs.api.model.WaveStatus.GatePhase.values()) {
        gauge("iotjobs_wave_gate", job, Tags.of("wave", wave.getName(), "phase", each.name()),
            "1 for the phase a wave's gate is in, else 0").set(each == phase ? 1 : 0);
      }
    }
  }

  /**
   * Feeds the queue-to-terminal histogram when an execution reaches a terminal status. Both the informer and the
   * operator's own writes report transitions, so each attempt (uid and executionNumber) is recorded once: the last
   * attempts recorded are remembered, a bounded number.
   */
  public void executionChanged(dev.iotjobs.api.model.JobExecution old, dev.iotjobs.api.model.JobExecution current) {
    var after = dev.iotjobs.api.execution.Executions.effectiveStatus(current);
    if (!after.getStatus().isTerminal()
        || dev.iotjobs.api.execution.Executions.effectiveStatus(old).getStatus().isTerminal()) {
      return;
    }
    Long attempt = attemptKey(current.getMetadata().getUid(), after.getExecutionNumber());
    synchronized (recordedAttempts) {
      if (recordedAttempts.put(attempt, Boolean.TRUE) != null) {
        return;
      }
    }
    java.time.Instant queued = after.getQueuedAt() != null ? dev.iotjobs.api.Times.parse(after.getQueuedAt())
        : dev.iotjobs.api.execution.Executions.firstQueuedAt(current);
    java.time.Instant finished = dev.iotjobs.api.Times.parse(after.getLastUpdatedAt());
    if (queued != null && finished != null && !finished.isBefore(queued)) {
      executionFinished(after.getStatus(), java.time.Duration.between(queued, finished));
    }
  }

  /** Attempts whose terminal transition was recorded, oldest first, at most {@value #REMEMBERED_ATTEMPTS}. */
  private static final int REMEMBERED_ATTEMPTS = 100_000;
  private final java.util.Map<Long, Boolean> recordedAttempts = new java.util.LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<Long, Boolean> eldest) {
      return size() > REMEMBERED_ATTEMPTS;
    }
  };

  /**
   * An attempt as 64 bits (FNV-1a over its uid and executionNumber) rather than a string of them: 56 bytes a
   * remembered attempt instead of 120. Two attempts of 100,000 remembered share a key with a chance of about 1 in 3
   * billion, which would leave one duration out of the histogram.
   */
  static long attemptKey(String uid, Long executionNumber) {
    long hash = 0xcbf29ce484222325L;
    String text = uid + "/" + executionNumber;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return hash;
  }

  /** An execution reached a terminal status this long after it was queued. */
  private void executionFinished(ExecutionStatus status, java.time.Duration sinceQueued) {
    io.micrometer.core.instrument.Timer.builder("iotjobs_execution_duration")
        .description("Time from an execution's queueing to its terminal status, by that status")
        .tag("status", status.name()).publishPercentileHistogram()
        .minimumExpectedValue(java.time.Duration.ofMillis(100)).maximumExpectedValue(java.time.Duration.ofDays(1))
        .register(registry).record(sinceQueued);
  }

  public void forget(IoTJob job) {
    String prefix = key(job, "");
    values.keySet().removeIf(k -> k.startsWith(prefix));
    rates.keySet().removeIf(k -> k.startsWith(prefix));
    registry.getMeters().stream()
        .filter(m -> job.getMetadata().getName().equals(m.getId().getTag("job"))
            && job.getMetadata().getNamespace().equals(m.getId().getTag("namespace")))
        .forEach(registry::remove);
  }

  private AtomicInteger gauge(String name, IoTJob job, Tags extra, String description) {
    return values.computeIfAbsent(key(job, name + extra), k -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder(name, value, AtomicInteger::get).description(description)
          .tags(Tags.of("namespace", job.getMetadata().getNamespace(), "job", job.getMetadata().getName()).and(extra))
          .register(registry);
      return value;
    });
  }

  private static String key(IoTJob job, String meter) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName() + "/" + meter;
  }

  private static int count(JobProcessDetails c, ExecutionStatus status) {
    return switch (status) {
      case QUEUED -> c.getNumberOfQueuedThings();
      case IN_PROGRESS -> c.getNumberOfInProgressThings();
      case SUCCEEDED -> c.getNumberOfSucceededThings();
      case FAILED -> c.getNumberOfFailedThings();
      case REJECTED -> c.getNumberOfRejectedThings();
      case TIMED_OUT -> c.getNumberOfTimedOutThings();
      case CANCELED -> c.getNumberOfCanceledThings();
      case REMOVED -> c.getNumberOfRemovedThings();
    };
  }
}
