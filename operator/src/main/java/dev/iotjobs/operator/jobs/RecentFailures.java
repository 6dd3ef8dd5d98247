package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJobStatus.RecentFailure;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The latest failing things of a job for its status (FAILED, TIMED_OUT, REJECTED; newest first, then by name), so
 * that kubectl and Argo CD show what went wrong without listing executions. One pass keeping the newest few: no
 * sorting of the fleet. Pure.
 */
public final class RecentFailures {
  private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(Candidate::at).reversed()
      .thenComparing(Candidate::thing);

  private record Candidate(Instant at, String thing, JobExecution execution) {}

  private RecentFailures() {}

  /** The newest {@link RecentFailure#KEPT} failing executions, newest first; empty when none fails. */
  public static List<RecentFailure> of(List<JobExecution> executions) {
    Newest newest = new Newest();
    executions.forEach(newest::offer);
    return newest.list();
  }

  /** Keeps the newest failing executions of those offered: for a walk over a job's executions that does more. */
  static final class Newest {
    // the queue's head is the one to drop first: the oldest of those kept
    private final PriorityQueue<Candidate> kept = new PriorityQueue<>(NEWEST_FIRST.reversed());

    void offer(JobExecution execution) {
      if (!RecentFailure.STATUSES.contains(Executions.statusOf(execution))) {
        return;
      }
      kept.add(new Candidate(lastUpdated(execution), execution.thingName(), execution));
      if (kept.size() > RecentFailure.KEPT) {
        kept.poll();
      }
    }

    /** Those kept, newest first. */
    List<RecentFailure> list() {
      List<Candidate> newest = new ArrayList<>(kept);
      newest.sort(NEWEST_FIRST);
      return newest.stream().map(c -> failure(c.execution())).toList();
    }
  }

  private static Instant lastUpdated(JobExecution execution) {
    Instant at = Times.parse(execution.getStatus().getLastUpdatedAt());
    return at != null ? at : Executions.firstQueuedAt(execution);
  }

  private static RecentFailure failure(JobExecution execution) {
    JobExecutionStatus status = execution.getStatus();
    RecentFailure failure = new RecentFailure();
    failure.setThingName(execution.getSpec().getThingName());
    failure.setStatus(status.getStatus());
    failure.setLastUpdatedAt(status.getLastUpdatedAt());
    failure.setExecutionNumber(status.getExecutionNumber() == null ? 1L : status.getExecutionNumber());
    failure.setStatusDetails(status.getStatusDetails() == null || status.getStatusDetails().isEmpty() ? null
        : status.getStatusDetails());
    return failure;
  }
}
