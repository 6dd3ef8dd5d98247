package dev.iotjobs.api.retention;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which of a job's executions retention deletes now: terminal for good (no retry coming) for at least the retention
 * time, and allowed by the caller (a wave still judged keeps its executions); at most a batch per round, so a large job
 * is pruned at a steady pace instead of a burst of deletes. Pure: the time is passed in.
 */
public final class RetentionPolicy {
  private RetentionPolicy() {}

  /** The executions due now (at most {@code batch}), and when the next one falls due (null: none waits). */
  public record Due(List<JobExecution> executions, Instant next) {}

  public static Due due(List<JobExecution> executions, Duration keep, Instant now, int batch,
      Predicate<JobExecutionStatus> retrying, Predicate<JobExecution> mayPrune) {
    List<JobExecution> due = new ArrayList<>();
    Instant next = null;
    for (JobExecution execution : executions) {
      JobExecutionStatus status = Executions.effectiveStatus(execution);
      if (!status.getStatus().isTerminal() || retrying.test(status) || !mayPrune.test(execution)
          || execution.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Instant finished = Times.parse(status.getLastUpdatedAt());
      Instant at = finished == null ? now : finished.plus(keep);
      if (at.isAfter(now)) {
        next = Times.earliest(next, at);
      } else if (due.size() < batch) {
        due.add(execution);
      } else {
        next = now;
      }
    }
    return new Due(due, next);
  }
}
