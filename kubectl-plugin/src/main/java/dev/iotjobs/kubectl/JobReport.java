package dev.iotjobs.kubectl;

import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code kubectl iotjobs get JOB} shows: status and why, a progress bar, the counters, rates and time to done,
 * the rollout step and next window, the conditions, and the latest failing things with their statusDetails. Pure:
 * built from the job, its executions and the time.
 */
record JobReport(String name, String status, String waitingReason, int targets, int terminal, JobProcessDetails counters,
    Integer queueRatePerMinute, Double finishRatePerMinute, Duration timeToDone, Integer rolloutStep, String nextWindow,
    List<Condition> conditions, List<Failure> failing, int failingTotal, List<WaveStatus> waves, String currentWave,
    String rollbackJob) {

  static final int FAILURES_SHOWN = 5;
  private static final Set<ExecutionStatus> FAILED = Set.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT,
      ExecutionStatus.REJECTED);
  private static final int BAR = 30;

  /** A thing whose current execution failed, timed out or was rejected. */
  record Failure(String thing, String status, String lastUpdatedAt, long attempt, Map<String, String> statusDetails) {}

  static JobReport of(IoTJob job, List<JobExecution> executions, Instant now) {
    IoTJobStatus status = IoTJobStatus.of(job);
    JobProcessDetails counters = status.counters();
    int targets = status.targets();
    int terminal = counters.terminal();
    Condition progressing = condition(status, "Progressing");
    String waiting = progressing == null || "RollingOut".equals(progressing.getReason()) ? null : progressing.getReason();
    Double finishRate = null;
    Duration toDone = null;
    Instant started = Times.parse(status.getStartedAt());
    if (started != null && terminal > 0 && status.getCompletedAt() == null) {
      double minutes = Math.max(Duration.between(started, now).toMillis(), 1) / 60_000.0;
      finishRate = terminal / minutes;
      toDone = Duration.ofSeconds(Math.round((targets - terminal) / finishRate * 60));
    }
    List<Failure> failing = new ArrayList<>();
    for (JobExecution execution : executions) {
      JobExecutionStatus s = Executions.effectiveStatus(execution);
      if (FAILED.contains(s.getStatus())) {
        failing.add(new Failure(execution.getSpec().getThingName(), s.getStatus().name(), s.getLastUpdatedAt(),
            s.getExecutionNumber() == null ? 1 : s.getExecutionNumber(),
            s.getStatusDetails() == null ? Map.of() : s.getStatusDetails()));
      }
    }
    failing.sort(Comparator.comparing((Failure f) -> f.lastUpdatedAt() == null ? "" : f.lastUpdatedAt()).reversed()
        .thenComparing(Failure::thing));
    return new JobReport(job.getMetadata().getName(), status.getStatus() == null ? "PENDING" : status.getStatus().name(),
        waiting, targets, terminal, counters,
        status.getRollout() == null ? null : status.getRollout().getCurrentRatePerMinute(), finishRate, toDone,
        status.getRollout() == null ? null : status.getRollout().getStep(),
        status.getScheduledJobRollouts() == null || status.getScheduledJobRollouts().isEmpty() ? null
            : status.getScheduledJobRollouts().get(0).getStartTime(),
        status.getConditions() == null ? List.of() : status.getConditions(),
        failing.subList(0, Math.min(FAILURES_SHOWN, failing.size())), failing.size(),
        status.getWaves() == null ? List.of() : status.getWaves(), status.getCurrentWave(), status.getRollbackJob());
  }

  private static Condition condition(IoTJobStatus status, String type) {
    return status.getConditions() == null ? null
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  boolean finished() {
    return "COMPLETED".equals(status) || "CANCELED".equals(status);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(name).append("  ").append(status);
    if (waitingReason != null) {
      out.append(" (").append(waitingReason).append(')');
    }
    out.append('\n');
    int filled = targets == 0 ? 0 : (int) Math.round((double) BAR * terminal / targets);
    out.append(String.format("  [%s%s] %d/%d%s%n", "#".repeat(filled), "-".repeat(BAR - filled), terminal, targets,
        targets == 0 ? "" : String.format("  %d%%", Math.round(100.0 * terminal / targets))));
    out.append(String.format("  succeeded %d, failed %d, rejected %d, timed out %d, canceled %d, removed %d;"
            + " in progress %d, queued %d%n", counters.getNumberOfSucceededThings(), counters.getNumberOfFailedThings(),
        counters.getNumberOfRejectedThings(), counters.getNumberOfTimedOutThings(), counters.getNumberOfCanceledThings(),
        counters.getNumberOfRemovedThings(), counters.getNumberOfInProgressThings(), counters.getNumberOfQueuedThings()));
    List<String> pace = new ArrayList<>();
    if (queueRatePerMinute != null) {
      pace.add("queueing up to " + queueRatePerMinute + "/min");
    }
    if (finishRatePerMinute != null) {
      pace.add(String.format("finishing %.0f/min", finishRatePerMinute));
    }
    if (timeToDone != null) {
      pace.add("done in about " + human(timeToDone));
    }
    if (rolloutStep != null) {
      pace.add("rollout step " + rolloutStep);
    }
    if (nextWindow != null) {
      pace.add("next window " + nextWindow);
    }
    if (!pace.isEmpty()) {
      out.append("  ").append(String.join("; ", pace)).append('\n');
    }
    if (!waves.isEmpty()) {
      out.append(String.format("  waves (current %s, %d of %d):%n", currentWave,
          waves.stream().map(WaveStatus::getName).toList().indexOf(currentWave) + 1, waves.size()));
      for (WaveStatus wave : waves) {
        JobProcessDetails c = wave.getJobProcessDetails() == null ? new JobProcessDetails() : wave.getJobProcessDetails();
        out.append(String.format("    %s %-16s %-19s %4d/%-4d succeeded %d, failed %d  %s%n",
            wave.getName().equals(currentWave) ? ">" : " ", wave.getName(),
            wave.getGate() == null ? "" : wave.getGate().getPhase(), c.terminal(),
            wave.getTargetCount() == null ? 0 : wave.getTargetCount(), c.getNumberOfSucceededThings(),
            c.getNumberOfFailedThings(), wave.getGate() == null || wave.getGate().getMessage() == null ? ""
                : wave.getGate().getMessage()));
      }
    }
    if (rollbackJob != null) {
      out.append("  rollback job: ").append(rollbackJob).append('\n');
    }
    if (!conditions.isEmpty()) {
      out.append("  conditions:\n");
      for (Condition c : conditions) {
        out.append(String.format("    %-16s %-5s %-22s %s%n", c.getType(), c.getStatus(), c.getReason(),
            c.getMessage() == null ? "" : c.getMessage()));
      }
    }
    if (failingTotal > 0) {
      out.append(String.format("  failing things (latest %d of %d):%n", failing.size(), failingTotal));
      for (Failure f : failing) {
        out.append(String.format("    %-24s %-9s attempt %d  %s  %s%n", f.thing(), f.status(), f.attempt(),
            f.lastUpdatedAt() == null ? "" : f.lastUpdatedAt(), f.statusDetails().isEmpty() ? "" : f.statusDetails()));
      }
    }
    return out.toString();
  }

  /** The report as data, for -o json and -o yaml. */
  Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("status", status);
    data.put("waitingReason", waitingReason);
    data.put("targets", targets);
    data.put("terminal", terminal);
    data.put("counters", counters);
    data.put("queueRatePerMinute", queueRatePerMinute);
    data.put("finishRatePerMinute", finishRatePerMinute == null ? null : Math.round(finishRatePerMinute * 10) / 10.0);
    data.put("secondsToDone", timeToDone == null ? null : timeToDone.getSeconds());
    data.put("rolloutStep", rolloutStep);
    data.put("nextWindow", nextWindow);
    data.put("conditions", conditions);
    data.put("failing", failing);
    data.put("failingTotal", failingTotal);
    data.put("currentWave", currentWave);
    data.put("waves", waves);
    data.put("rollbackJob", rollbackJob);
    return data;
  }

  /** A duration as a person says it roughly: 90s, 25m, 5h, 3d. */
  static String human(Duration duration) {
    long seconds = duration.getSeconds();
    return seconds < 120 ? seconds + "s" : seconds < 7200 ? seconds / 60 + "m" : seconds < 172_800 ? seconds / 3600 + "h"
        : seconds / 86_400 + "d";
  }
}
