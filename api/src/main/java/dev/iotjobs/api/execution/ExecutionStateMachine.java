package dev.iotjobs.api.execution;

import static dev.iotjobs.api.execution.RejectionCode.InvalidRequest;
import static dev.iotjobs.api.execution.RejectionCode.InvalidStateTransition;
import static dev.iotjobs.api.execution.RejectionCode.VersionMismatch;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus.ExecutionAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Every transition of a job execution (reference §3.3, T1–T15), in one place, as pure functions of the current status
 * and the time. Device transitions (T2–T5, T11, T12) are what the bridge applies; service transitions (T1, T6–T10,
 * T13–T15) are what the operator applies. Every accepted change bumps versionNumber and lastUpdatedAt, so
 * versionNumber only grows within an attempt; a retry (T10) starts a new attempt at versionNumber 1.
 */
public final class ExecutionStateMachine {
  public static final long MAX_STEP_TIMEOUT_MINUTES = 10080;
  public static final long CLEAR_STEP_TIMER = -1;
  /** The current attempt plus at most 10 retries. */
  public static final int MAX_ATTEMPTS_KEPT = 11;

  private ExecutionStateMachine() {}

  /** T1: a new execution, QUEUED, executionNumber 1, versionNumber 1. */
  public static JobExecutionStatus queued(Instant now) {
    JobExecutionStatus status = new JobExecutionStatus();
    status.setStatus(ExecutionStatus.QUEUED);
    status.setExecutionNumber(1L);
    status.setVersionNumber(1L);
    status.setRetryAttempt(0);
    status.setQueuedAt(Times.formatPrecise(now));
    status.setLastUpdatedAt(Times.format(now));
    return status;
  }

  /**
   * T2–T5, T11, T12: UpdateJobExecution from the device.
   *
   * @param inProgressTimeout the job's in-progress timeout, or null when it has none; it starts when the execution
   *     moves to IN_PROGRESS and is never changed afterwards
   */
  public static Transition deviceUpdate(JobExecutionStatus current, DeviceUpdate update, Duration inProgressTimeout,
      Instant now) {
    Transition malformed = validate(update);
    if (malformed != null) {
      return malformed;
    }
    if (current.getStatus().isTerminal()) {
      return Transition.rejected(InvalidStateTransition, "the execution is already " + current.getStatus()
          + " and cannot change to " + update.status());
    }
    if (update.expectedVersion() != null && !update.expectedVersion().equals(current.getVersionNumber())) {
      return Transition.rejected(VersionMismatch, "expectedVersion " + update.expectedVersion()
          + " does not match the current versionNumber " + current.getVersionNumber());
    }
    JobExecutionStatus next = bumped(current, now);
    if (update.statusDetails() != null) {
      next.setStatusDetails(new LinkedHashMap<>(update.statusDetails()));
    }
    next.setStatus(update.status());
    if (current.getStatus() == ExecutionStatus.QUEUED && update.status() == ExecutionStatus.IN_PROGRESS) {
      start(next, inProgressTimeout, now);
    }
    if (update.status() == ExecutionStatus.IN_PROGRESS) {
      applyStepTimeout(next, update.stepTimeoutInMinutes(), now);
    } else {
      clearTimers(next);
    }
    return Transition.accepted(next);
  }

  /** The rejection of an update that is wrong whatever the execution's state (InvalidRequest), or null. */
  public static Transition validate(DeviceUpdate update) {
    if (update.status() == null) {
      return Transition.rejected(InvalidRequest, "status is required on every update");
    }
    if (!ExecutionStatus.DEVICE_REPORTABLE.contains(update.status())) {
      return Transition.rejected(InvalidRequest, "a device may report only IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, not "
          + update.status());
    }
    String detailsProblem = StatusDetailsRules.violation(update.statusDetails());
    if (detailsProblem != null) {
      return Transition.rejected(InvalidRequest, detailsProblem);
    }
    String stepProblem = stepTimeoutViolation(update.stepTimeoutInMinutes(), true);
    if (stepProblem != null) {
      return Transition.rejected(InvalidRequest, stepProblem);
    }
    return null;
  }

  /**
   * StartNextPendingJobExecution on the execution that is next: a QUEUED one moves to IN_PROGRESS with the request's
   * statusDetails and step timer; an IN_PROGRESS one is returned as it is.
   */
  public static Transition startNext(JobExecutionStatus current, java.util.Map<String, ?> statusDetails,
      Long stepTimeoutInMinutes, Duration inProgressTimeout, Instant now) {
    String detailsProblem = StatusDetailsRules.violation(statusDetails);
    if (detailsProblem != null) {
      return Transition.rejected(InvalidRequest, detailsProblem);
    }
    String stepProblem = stepTimeoutViolation(stepTimeoutInMinutes, false);
    if (stepProblem != null) {
      return Transition.rejected(InvalidRequest, stepProblem);
    }
    if (current.getStatus() == ExecutionStatus.IN_PROGRESS) {
      return Transition.unchanged(current);
    }
    if (current.getStatus() != ExecutionStatus.QUEUED) {
      return Transition.rejected(InvalidStateTransition, "the execution is " + current.getStatus() + ", not pending");
    }
    JobExecutionStatus next = bumped(current, now);
    next.setStatus(ExecutionStatus.IN_PROGRESS);
    if (statusDetails != null) {
      LinkedHashMap<String, String> details = new LinkedHashMap<>();
      statusDetails.forEach((k, v) -> details.put(k, (String) v));
      next.setStatusDetails(details);
    }
    start(next, inProgressTimeout, now);
    applyStepTimeout(next, stepTimeoutInMinutes, now);
    return Transition.accepted(next);
  }

  /**
   * T7, T8, T14, T15: CancelJob, CancelJobExecution, abort and end-of-schedule. QUEUED is always canceled;
   * IN_PROGRESS only with force (and marked forceCanceled); a terminal execution cannot be canceled.
   */
  public static Transition cancel(JobExecutionStatus current, boolean force, Long expectedVersion, Instant now) {
    if (current.getStatus().isTerminal()) {
      return Transition.rejected(InvalidStateTransition, "the execution is already " + current.getStatus());
    }
    if (expectedVersion != null && !expectedVersion.equals(current.getVersionNumber())) {
      return Transition.rejected(VersionMismatch, "expectedVersion " + expectedVersion
          + " does not match the current versionNumber " + current.getVersionNumber());
    }
    if (current.getStatus() == ExecutionStatus.IN_PROGRESS && !force) {
      return Transition.rejected(InvalidStateTransition, "the execution is IN_PROGRESS; canceling it needs force");
    }
    JobExecutionStatus next = bumped(current, now);
    if (force) {
      next.setForceCanceled(true);
    }
    next.setStatus(ExecutionStatus.CANCELED);
    clearTimers(next);
    return Transition.accepted(next);
  }

  /** T6: the in-progress or step deadline passed while the execution was IN_PROGRESS. */
  public static Transition timeOut(JobExecutionStatus current, Instant now) {
    if (current.getStatus() != ExecutionStatus.IN_PROGRESS) {
      return Transition.rejected(InvalidStateTransition, "only an IN_PROGRESS execution can time out, not "
          + current.getStatus());
    }
    Instant deadline = Times.parse(current.getTimeoutAt());
    if (deadline == null || now.isBefore(deadline)) {
      return Transition.rejected(InvalidStateTransition, "the execution's deadline has not passed");
    }
    JobExecutionStatus next = bumped(current, now);
    next.setStatus(ExecutionStatus.TIMED_OUT);
    clearTimers(next);
    return Transition.accepted(next);
  }

  /** T9: the thing is no longer a valid target (deleted, or left the group of a continuous job). */
  public static Transition remove(JobExecutionStatus current, Instant now) {
    if (current.getStatus() != ExecutionStatus.QUEUED) {
      return Transition.rejected(InvalidStateTransition, "only a QUEUED execution can be removed, not "
          + current.getStatus());
    }
    JobExecutionStatus next = bumped(current, now);
    next.setStatus(ExecutionStatus.REMOVED);
    return Transition.accepted(next);
  }

  /**
   * T10: a FAILED or TIMED_OUT attempt is re-queued as the next attempt: executionNumber+1, versionNumber 1, empty
   * statusDetails, retryAttempt+1, the finished attempt kept in {@code attempts}.
   */
  public static Transition retry(JobExecutionStatus current, Instant now) {
    if (current.getStatus() != ExecutionStatus.FAILED && current.getStatus() != ExecutionStatus.TIMED_OUT) {
      return Transition.rejected(InvalidStateTransition, "only FAILED or TIMED_OUT executions are retried, not "
          + current.getStatus());
    }
    JobExecutionStatus next = queued(now);
    next.setExecutionNumber(current.getExecutionNumber() + 1);
    next.setRetryAttempt((current.getRetryAttempt() == null ? 0 : current.getRetryAttempt()) + 1);
    List<ExecutionAttempt> attempts = new ArrayList<>(current.getAttempts() == null ? List.of() : current.getAttempts());
    attempts.add(attemptOf(current));
    while (attempts.size() > MAX_ATTEMPTS_KEPT) {
      attempts.remove(0);
    }
    next.setAttempts(attempts);
    return Transition.accepted(next);
  }

  /**
   * A thing that left a CONTINUOUS job's targets (its execution REMOVED) and joined again: a new attempt with the next
   * executionNumber and the retry counter reset to 0 (reference §2.5).
   */
  public static Transition rejoin(JobExecutionStatus current, Instant now) {
    if (current.getStatus() != ExecutionStatus.REMOVED) {
      return Transition.rejected(InvalidStateTransition, "only a REMOVED execution is queued again on rejoining, not "
          + current.getStatus());
    }
    Transition requeued = retry(withStatus(current, ExecutionStatus.FAILED), now);
    JobExecutionStatus next = requeued.next();
    next.getAttempts().get(next.getAttempts().size() - 1).setStatus(ExecutionStatus.REMOVED);
    next.setRetryAttempt(0);
    return Transition.accepted(next);
  }

  private static JobExecutionStatus withStatus(JobExecutionStatus current, ExecutionStatus status) {
    JobExecutionStatus copy = copy(current);
    copy.setStatus(status);
    return copy;
  }

  /** T13: DeleteJobExecution is allowed for terminal executions, and with force for pending ones too. */
  public static boolean mayDelete(JobExecutionStatus current, boolean force) {
    return force || current.getStatus().isTerminal();
  }

  /** Seconds until the execution times out, or null when no timer runs (reported as approximateSecondsBeforeTimedOut). */
  public static Long secondsBeforeTimedOut(JobExecutionStatus current, Instant now) {
    Instant deadline = Times.parse(current.getTimeoutAt());
    if (deadline == null || current.getStatus().isTerminal()) {
      return null;
    }
    return Math.max(0, Duration.between(now, deadline).getSeconds());
  }

  private static String stepTimeoutViolation(Long minutes, boolean mayClear) {
    if (minutes == null) {
      return null;
    }
    if (minutes == CLEAR_STEP_TIMER) {
      return mayClear ? null : "stepTimeoutInMinutes -1 is allowed only on update";
    }
    if (minutes < 1 || minutes > MAX_STEP_TIMEOUT_MINUTES) {
      return "stepTimeoutInMinutes must be between 1 and " + MAX_STEP_TIMEOUT_MINUTES + (mayClear ? ", or -1" : "");
    }
    return null;
  }

  private static void start(JobExecutionStatus next, Duration inProgressTimeout, Instant now) {
    next.setStartedAt(Times.format(now));
    next.setInProgressDeadline(inProgressTimeout == null ? null : Times.formatPrecise(now.plus(inProgressTimeout)));
    next.setTimeoutAt(next.getInProgressDeadline());
  }

  /** A new step timer replaces the old one; -1 clears it; it never reaches past the in-progress deadline. */
  private static void applyStepTimeout(JobExecutionStatus next, Long minutes, Instant now) {
    if (minutes != null) {
      next.setStepDeadline(minutes == CLEAR_STEP_TIMER ? null : Times.formatPrecise(now.plus(Duration.ofMinutes(minutes))));
    }
    Instant inProgress = Times.parse(next.getInProgressDeadline());
    Instant step = Times.parse(next.getStepDeadline());
    next.setTimeoutAt(Times.formatPrecise(Times.earliest(inProgress, step)));
  }

  private static void clearTimers(JobExecutionStatus next) {
    next.setTimeoutAt(null);
    next.setStepDeadline(null);
    next.setInProgressDeadline(null);
  }

  private static JobExecutionStatus bumped(JobExecutionStatus current, Instant now) {
    JobExecutionStatus next = copy(current);
    next.setVersionNumber(Objects.requireNonNullElse(current.getVersionNumber(), 1L) + 1);
    next.setLastUpdatedAt(Times.format(now));
    return next;
  }

  private static ExecutionAttempt attemptOf(JobExecutionStatus finished) {
    ExecutionAttempt attempt = new ExecutionAttempt();
    attempt.setExecutionNumber(finished.getExecutionNumber());
    attempt.setVersionNumber(finished.getVersionNumber());
    attempt.setStatus(finished.getStatus());
    attempt.setQueuedAt(finished.getQueuedAt());
    attempt.setStartedAt(finished.getStartedAt());
    attempt.setFinishedAt(finished.getLastUpdatedAt());
    attempt.setStatusDetails(finished.getStatusDetails());
    return attempt;
  }

  /** A copy deep enough that the caller's status is never changed. */
  public static JobExecutionStatus copy(JobExecutionStatus source) {
    JobExecutionStatus copy = new JobExecutionStatus();
    copy.setStatus(source.getStatus());
    copy.setStatusDetails(source.getStatusDetails() == null ? null : new LinkedHashMap<>(source.getStatusDetails()));
    copy.setExecutionNumber(source.getExecutionNumber());
    copy.setVersionNumber(source.getVersionNumber());
    copy.setRetryAttempt(source.getRetryAttempt());
    copy.setQueuedAt(source.getQueuedAt());
    copy.setStartedAt(source.getStartedAt());
    copy.setLastUpdatedAt(source.getLastUpdatedAt());
    copy.setTimeoutAt(source.getTimeoutAt());
    copy.setInProgressDeadline(source.getInProgressDeadline());
    copy.setStepDeadline(source.getStepDeadline());
    copy.setForceCanceled(source.getForceCanceled());
    copy.setAttempts(source.getAttempts() == null ? null : new ArrayList<>(source.getAttempts()));
    copy.setAnsweredRequests(source.getAnsweredRequests() == null ? null : new ArrayList<>(source.getAnsweredRequests()));
    return copy;
  }
}
