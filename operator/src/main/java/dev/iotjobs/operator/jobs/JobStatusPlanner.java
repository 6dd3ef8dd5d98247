package dev.iotjobs.operator.jobs;

import static dev.iotjobs.operator.jobs.JobConditions.CANCELED;
import static dev.iotjobs.operator.jobs.JobConditions.COMPLETE;
import static dev.iotjobs.operator.jobs.JobConditions.PROGRESSING;
import static dev.iotjobs.operator.jobs.JobConditions.SUSPENDED;
import static dev.iotjobs.operator.jobs.JobConditions.TARGETS_RESOLVED;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobCancel;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.operator.jobs.TargetResolver.Resolution;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides an IoTJob's next status from what was observed: its previous status, its spec, the counters of its
 * executions and, when targets were resolved in this round, the resolution. Pure: no I/O, the time is passed in.
 */
public final class JobStatusPlanner {
  private JobStatusPlanner() {}

  /**
   * @param previous the job's last known status, or null for a new job
   * @param resolution the targets resolved in this round, or null when they were not resolved again
   * @param counters the job's executions counted by status
   */
  public static IoTJobStatus next(IoTJob job, IoTJobStatus previous, Resolution resolution, JobProcessDetails counters,
      Instant now) {
    IoTJobSpec spec = job.getSpec();
    Long generation = job.getMetadata().getGeneration();
    IoTJobStatus next = previous == null ? new IoTJobStatus() : copy(previous);
    next.setObservedGeneration(generation);
    next.setJobProcessDetails(counters);
    List<Condition> conditions = next.getConditions();

    if (resolution != null) {
      if (resolution.isComplete()) {
        next.setTargetCount(Math.max(resolution.things().size(), next.getTargetCount() == null ? 0 : next.getTargetCount()));
        Conditions.set(conditions, TARGETS_RESOLVED, true, "Resolved", next.getTargetCount() + " things targeted.",
            generation, now);
      } else {
        Conditions.set(conditions, TARGETS_RESOLVED, false, "TargetsNotFound", resolution.missingMessage(), generation, now);
      }
    }
    boolean started = next.getStartedAt() != null;
    if (!started && resolution != null && resolution.isComplete() && spec.getCancel() == null) {
      next.setStartedAt(Times.format(now));
      started = true;
    }

    JobStatus status = previous == null || previous.getStatus() == null ? JobStatus.SCHEDULED : previous.getStatus();
    if (status == JobStatus.COMPLETED) {
      // terminal: a cancel after completion changes nothing
    } else if (spec.getCancel() != null) {
      status = JobStatus.CANCELED;
      applyCancel(next, spec.getCancel(), counters, generation, now);
    } else if (!started) {
      status = JobStatus.SCHEDULED;
    } else if (isComplete(spec, next, counters)) {
      status = JobStatus.COMPLETED;
      if (next.getCompletedAt() == null) {
        next.setCompletedAt(Times.format(now));
      }
    } else {
      status = JobStatus.IN_PROGRESS;
    }
    next.setStatus(status);
    setLifecycleConditions(next, spec, status, generation, now);
    return next;
  }

  /** SNAPSHOT: every target has an execution and every execution is terminal. CONTINUOUS jobs never complete here. */
  private static boolean isComplete(IoTJobSpec spec, IoTJobStatus status, JobProcessDetails counters) {
    int targets = status.getTargetCount() == null ? 0 : status.getTargetCount();
    return spec.effectiveTargetSelection() == TargetSelection.SNAPSHOT
        && counters.total() >= targets
        && counters.terminal() == counters.total();
  }

  private static void applyCancel(IoTJobStatus next, JobCancel cancel, JobProcessDetails counters, Long generation,
      Instant now) {
    boolean force = cancel.isForced() || Boolean.TRUE.equals(next.getForceCanceled());
    next.setForceCanceled(force);
    if (!JobConditions.REASON_ABORT_CRITERIA_MET.equals(canceledReason(next))
        && !JobConditions.REASON_END_TIME_REACHED.equals(canceledReason(next))) {
      next.setReasonCode(cancel.getReasonCode());
      next.setComment(cancel.getComment());
    }
    boolean cancellationDone = counters.getNumberOfQueuedThings() == 0
        && (!force || counters.getNumberOfInProgressThings() == 0);
    if (cancellationDone && next.getCompletedAt() == null) {
      next.setCompletedAt(Times.format(now));
    }
  }

  private static String canceledReason(IoTJobStatus status) {
    return Conditions.find(status.getConditions(), CANCELED).filter(c -> "True".equals(c.getStatus()))
        .map(Condition::getReason).orElse(null);
  }

  private static void setLifecycleConditions(IoTJobStatus next, IoTJobSpec spec, JobStatus status, Long generation,
      Instant now) {
    List<Condition> conditions = next.getConditions();
    switch (status) {
      case SCHEDULED -> Conditions.set(conditions, PROGRESSING, true,
          Conditions.isTrue(conditions, TARGETS_RESOLVED) || !Conditions.find(conditions, TARGETS_RESOLVED).isPresent()
              ? "Scheduled" : "WaitingForTargets",
          "The job has not started rolling out yet.", generation, now);
      case IN_PROGRESS -> Conditions.set(conditions, PROGRESSING, true, "RollingOut",
          progressMessage(next), generation, now);
      case COMPLETED -> Conditions.set(conditions, PROGRESSING, false, "Completed",
          "Every execution reached a terminal status.", generation, now);
      case CANCELED -> Conditions.set(conditions, PROGRESSING, false, "Canceled", "The job was canceled.", generation, now);
      default -> { }
    }
    Conditions.set(conditions, COMPLETE, status == JobStatus.COMPLETED,
        status == JobStatus.COMPLETED ? "AllExecutionsTerminal" : "NotComplete",
        status == JobStatus.COMPLETED ? progressMessage(next) : "", generation, now);
    if (status == JobStatus.CANCELED) {
      String reason = canceledReason(next) == null ? JobConditions.REASON_USER_REQUESTED : canceledReason(next);
      Conditions.set(conditions, CANCELED, true, reason, cancelMessage(next), generation, now);
    } else {
      Conditions.set(conditions, CANCELED, false, "NotCanceled", "", generation, now);
    }
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend()) && !status.isTerminal();
    Conditions.set(conditions, SUSPENDED, suspended, suspended ? "SuspendedByUser" : "NotSuspended",
        suspended ? "spec.suspend is true: nothing new is queued until it is false." : "", generation, now);
  }

  private static String cancelMessage(IoTJobStatus status) {
    StringBuilder message = new StringBuilder(Boolean.TRUE.equals(status.getForceCanceled())
        ? "Canceled with force: queued and in-progress executions are canceled."
        : "Canceled: queued executions are canceled, in-progress ones may finish.");
    if (status.getReasonCode() != null) {
      message.append(" Reason: ").append(status.getReasonCode()).append('.');
    }
    if (status.getComment() != null) {
      message.append(" ").append(status.getComment());
    }
    return message.toString();
  }

  private static String progressMessage(IoTJobStatus status) {
    JobProcessDetails c = status.getJobProcessDetails();
    return String.format("%d of %d things terminal: %d succeeded, %d failed, %d rejected, %d timed out, %d canceled,"
            + " %d removed; %d queued, %d in progress.",
        c.terminal(), status.getTargetCount() == null ? 0 : status.getTargetCount(), c.getNumberOfSucceededThings(),
        c.getNumberOfFailedThings(), c.getNumberOfRejectedThings(), c.getNumberOfTimedOutThings(),
        c.getNumberOfCanceledThings(), c.getNumberOfRemovedThings(), c.getNumberOfQueuedThings(),
        c.getNumberOfInProgressThings());
  }

  /** A copy whose lists can be changed without touching the original. */
  public static IoTJobStatus copy(IoTJobStatus source) {
    IoTJobStatus copy = new IoTJobStatus();
    copy.setStatus(source.getStatus());
    copy.setTargetCount(source.getTargetCount());
    copy.setJobProcessDetails(source.getJobProcessDetails());
    copy.setRollout(source.getRollout());
    copy.setForceCanceled(source.getForceCanceled());
    copy.setReasonCode(source.getReasonCode());
    copy.setComment(source.getComment());
    copy.setStartedAt(source.getStartedAt());
    copy.setCompletedAt(source.getCompletedAt());
    copy.setDocumentDigest(source.getDocumentDigest());
    copy.setScheduledJobRollouts(source.getScheduledJobRollouts());
    copy.setObservedGeneration(source.getObservedGeneration());
    List<Condition> conditions = new ArrayList<>();
    if (source.getConditions() != null) {
      source.getConditions().forEach(c -> conditions.add(new io.fabric8.kubernetes.api.model.ConditionBuilder(c).build()));
    }
    copy.setConditions(conditions);
    return copy;
  }
}
