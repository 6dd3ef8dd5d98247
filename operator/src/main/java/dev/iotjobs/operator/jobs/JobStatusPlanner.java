package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.schedule.ScheduleState;
import dev.iotjobs.api.targets.TargetResolver;
import static dev.iotjobs.operator.jobs.JobConditions.CANCELED;
import static dev.iotjobs.operator.jobs.JobConditions.COMPLETE;
import static dev.iotjobs.operator.jobs.JobConditions.PROGRESSING;
import static dev.iotjobs.operator.jobs.JobConditions.SUSPENDED;
import static dev.iotjobs.operator.jobs.JobConditions.TARGETS_RESOLVED;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.IoTJobStatus.RolloutStatus;
import dev.iotjobs.api.model.IoTJobStatus.ScheduledRollout;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.operator.jobs.JobFacts.Cancellation;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import dev.iotjobs.operator.k8s.Conditions;
import dev.iotjobs.api.schedule.ScheduleState.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides an IoTJob's next status from its previous status, its spec and what was observed (see {@link JobFacts}).
 * Pure: no I/O, the time is passed in.
 */
public final class JobStatusPlanner {
  private JobStatusPlanner() {}

  public static IoTJobStatus next(IoTJob job, IoTJobStatus previous, JobFacts facts, Instant now) {
    IoTJobSpec spec = job.getSpec();
    Long generation = job.getMetadata().getGeneration();
    IoTJobStatus next = previous == null ? new IoTJobStatus() : copy(previous);
    JobProcessDetails counters = facts.counters();
    next.setObservedGeneration(generation);
    next.setJobProcessDetails(counters);
    if (facts.recentFailures() != null) {
      next.setRecentFailures(facts.recentFailures().isEmpty() ? null : facts.recentFailures());
    }
    List<Condition> conditions = next.getConditions();

    Resolution resolution = facts.resolution();
    boolean snapshot = spec.effectiveTargetSelection() == TargetSelection.SNAPSHOT;
    boolean noTargets = resolution != null && resolution.isComplete() && resolution.things().isEmpty() && snapshot
        && (previous == null || previous.getStartedAt() == null);
    if (resolution != null) {
      if (noTargets) {
        Conditions.set(conditions, TARGETS_RESOLVED, false, JobConditions.REASON_NO_TARGETS, NO_TARGETS_MESSAGE,
            generation, now);
      } else if (resolution.isComplete()) {
        next.setTargetCount(Math.max(resolution.things().size(), next.targets()));
        Conditions.set(conditions, TARGETS_RESOLVED, true, "Resolved", next.getTargetCount() + " things targeted.",
            generation, now);
      } else {
        Conditions.set(conditions, TARGETS_RESOLVED, false, "TargetsNotFound", previous != null
            && previous.getStartedAt() != null ? resolution.missingWhileRunning() : resolution.missingMessage(), generation,
            now);
      }
    }
    boolean started = next.getStartedAt() != null;
    if (facts.document() != null && facts.document().isOk() && next.getDocumentDigest() == null && !started) {
      next.setDocumentDigest(facts.document().digest());
      // pinned unless it is the job's own inline document: read from a source, or the template's with its parameters
      if (spec.getDocument() == null || spec.getJobTemplateRef() != null) {
        next.setDocument(facts.document().document());
      }
      next.setTemplate(facts.template());
    }
    if (!started && resolution != null && resolution.isComplete() && !noTargets && facts.cancel() == null
        && facts.schedule().rollsOut() && facts.documentProblem() == null && facts.specProblem() == null) {
      next.setStartedAt(Times.format(now));
      started = true;
    }
    next.setRollout(rollout(facts, counters, previous, resolution));
    if (facts.waves() != null) {
      next.setWaves(facts.waves().waves());
      next.setCurrentWave(facts.waves().currentWave().getName());
    }
    if (facts.rollbackJob() != null) {
      next.setRollbackJob(facts.rollbackJob());
    }
    next.setScheduledJobRollouts(facts.schedule().nextWindowStarts().isEmpty() ? null
        : facts.schedule().nextWindowStarts().stream().map(JobStatusPlanner::rolloutAt).toList());

    JobStatus status;
    if (previous != null && previous.getStatus() == JobStatus.COMPLETED) {
      status = JobStatus.COMPLETED;
    } else if (facts.cancel() != null) {
      status = JobStatus.CANCELED;
      applyCancel(next, facts.cancel(), counters, now);
    } else if (isComplete(spec, next, counters, facts.schedule().phase(), started)) {
      status = JobStatus.COMPLETED;
    } else if (!started || facts.schedule().phase() == Phase.BETWEEN_WINDOWS && !rolloutFinished(next, counters)) {
      status = JobStatus.SCHEDULED;
    } else {
      status = JobStatus.IN_PROGRESS;
    }
    if (status == JobStatus.COMPLETED && next.getCompletedAt() == null) {
      next.setCompletedAt(Times.format(now));
    }
    next.setStatus(status);
    next.setProgress(progress(next));
    setLifecycleConditions(next, spec, facts, status, generation, now);
    return next;
  }

  /** Terminal of targets, {@code 294/300}: what {@code kubectl get ij -o wide} shows as PROGRESS. */
  public static String progress(IoTJobStatus status) {
    return status.counters().terminal() + "/" + status.targets();
  }

  private static ScheduledRollout rolloutAt(Instant start) {
    ScheduledRollout rollout = new ScheduledRollout();
    rollout.setStartTime(Times.format(start));
    return rollout;
  }

  private static RolloutStatus rollout(JobFacts facts, JobProcessDetails counters, IoTJobStatus previous,
      Resolution resolution) {
    RolloutStatus rollout = new RolloutStatus();
    Integer queuedBefore = previous == null || previous.getRollout() == null ? null : previous.getRollout().getQueuedThings();
    // a deleted execution leaves its thing counted as queued: the rollout never gives it another
    int queued = Math.max(queuedBefore == null ? 0 : queuedBefore, counters.total() + facts.knownDeleted());
    rollout.setQueuedThings(queued);
    counters.setNumberOfDeletedThings(queued - counters.total());
    Integer initial = previous == null || previous.getRollout() == null ? null : previous.getRollout().getInitialTargets();
    if (initial == null && resolution != null && resolution.isComplete() && facts.schedule().rollsOut()
        && facts.cancel() == null) {
      initial = resolution.things().size();
    }
    rollout.setInitialTargets(initial);
    rollout.setNotifiedThings(counters.total());
    rollout.setCurrentRatePerMinute(facts.rate().perMinute());
    rollout.setStep(facts.rate().isLimited() ? facts.rate().step() : null);
    return rollout;
  }

  private static boolean rolloutFinished(IoTJobStatus status, JobProcessDetails counters) {
    Integer queued = status.getRollout() == null ? null : status.getRollout().getQueuedThings();
    return (queued == null ? counters.total() : queued) >= status.targets();
  }

  /**
   * SNAPSHOT: every target has an execution (or the schedule ended the rollout) and every execution is terminal.
   * CONTINUOUS: only once the schedule has ended and every execution is terminal.
   */
  private static boolean isComplete(IoTJobSpec spec, IoTJobStatus status, JobProcessDetails counters, Phase phase,
      boolean started) {
    boolean allTerminal = counters.terminal() == counters.total();
    if (phase == Phase.ENDED) {
      return allTerminal;
    }
    return started && spec.effectiveTargetSelection() == TargetSelection.SNAPSHOT
        && rolloutFinished(status, counters) && allTerminal && lastWavePassed(spec, status);
  }

  /** A staged rollout completes once its last wave passed its gate (its soak and checks included). */
  private static boolean lastWavePassed(IoTJobSpec spec, IoTJobStatus status) {
    if (spec.getWaves() == null) {
      return true;
    }
    List<WaveStatus> waves = status.getWaves();
    return waves != null && waves.size() == spec.getWaves().size() && waves.get(waves.size() - 1).getGate() != null
        && waves.get(waves.size() - 1).getGate().getPhase() == WaveStatus.GatePhase.Passed;
  }

  /** The gate of the wave being rolled out, or null without waves. */
  private static WaveStatus currentWave(IoTJobStatus status) {
    if (status.getWaves() == null || status.getCurrentWave() == null) {
      return null;
    }
    return status.getWaves().stream().filter(w -> status.getCurrentWave().equals(w.getName())).findFirst().orElse(null);
  }

  private static void applyCancel(IoTJobStatus next, Cancellation cancel, JobProcessDetails counters, Instant now) {
    boolean force = cancel.force() || Boolean.TRUE.equals(next.getForceCanceled());
    next.setForceCanceled(force);
    next.setReasonCode(cancel.reasonCode());
    next.setComment(cancel.comment());
    boolean cancellationDone = counters.getNumberOfQueuedThings() == 0
        && (!force || counters.getNumberOfInProgressThings() == 0);
    if (cancellationDone && next.getCompletedAt() == null) {
      next.setCompletedAt(Times.format(now));
    }
  }

  /** The cancellation recorded in a previous status (abort or end of schedule), which spec.cancel does not show. */
  public static Optional<Cancellation> recordedCancellation(IoTJobStatus status) {
    if (status == null || status.getStatus() != JobStatus.CANCELED) {
      return Optional.empty();
    }
    String reason = Conditions.find(status.getConditions(), CANCELED).filter(c -> "True".equals(c.getStatus()))
        .map(Condition::getReason).orElse(null);
    for (Cancellation.Source source : Cancellation.Source.values()) {
      if (source != Cancellation.Source.USER && source.conditionReason.equals(reason)) {
        return Optional.of(new Cancellation(source, Boolean.TRUE.equals(status.getForceCanceled()), status.getReasonCode(),
            status.getComment()));
      }
    }
    return Optional.empty();
  }

  public static final String NO_TARGETS_MESSAGE = "The job's targets hold no thing, so there is nothing to run: the job"
      + " waits until they do. Add things to its groups, or cancel it.";

  /** The reason of a job held because numbers in its spec are out of bounds. */
  public static final String INVALID_SPEC = "InvalidSpec";

  private static void setLifecycleConditions(IoTJobStatus next, IoTJobSpec spec, JobFacts facts, JobStatus status,
      Long generation, Instant now) {
    List<Condition> conditions = next.getConditions();
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend()) && !status.isTerminal();
    switch (status) {
      case SCHEDULED -> {
        String reason;
        String message;
        if (facts.specProblem() != null) {
          reason = INVALID_SPEC;
          message = facts.specProblem();
        } else if (facts.scheduleProblem() != null) {
          reason = "InvalidSchedule";
          message = facts.scheduleProblem() + ". The job waits until schedulingConfig is fixed.";
        } else if (facts.documentProblem() != null) {
          reason = facts.document().reason();
          message = facts.documentProblem();
        } else if (Conditions.find(conditions, TARGETS_RESOLVED).filter(c -> "False".equals(c.getStatus())).isPresent()) {
          reason = "WaitingForTargets";
          message = Conditions.find(conditions, TARGETS_RESOLVED).get().getMessage();
        } else if (facts.schedule().phase() == Phase.BETWEEN_WINDOWS) {
          reason = "WaitingForWindow";
          message = "Between maintenance windows; the next starts at " + Times.format(facts.schedule().nextChange()) + ".";
        } else {
          reason = "Scheduled";
          message = facts.schedule().nextChange() == null ? "The job has not started rolling out yet."
              : "The rollout starts at " + Times.format(facts.schedule().nextChange()) + ".";
        }
        Conditions.set(conditions, PROGRESSING, facts.scheduleProblem() == null && facts.documentProblem() == null
            && facts.specProblem() == null, reason, message, generation, now);
      }
      case IN_PROGRESS -> {
        if (facts.specProblem() != null) {
          Conditions.set(conditions, PROGRESSING, false, INVALID_SPEC, facts.specProblem(), generation, now);
        } else {
          WaveStatus wave = currentWave(next);
          WaveStatus.GatePhase gate = wave == null || wave.getGate() == null ? null : wave.getGate().getPhase();
          String reason = suspended ? "Suspended" : gate == WaveStatus.GatePhase.WaitingForPromotion
              ? JobConditions.REASON_WAITING_FOR_PROMOTION : gate == WaveStatus.GatePhase.Soaking
              ? JobConditions.REASON_SOAKING : "RollingOut";
          String waveMessage = wave == null ? "" : " Wave " + wave.getName() + " (" + (next.getWaves().indexOf(wave) + 1)
              + " of " + next.getWaves().size() + "): " + wave.getGate().getMessage();
          Conditions.set(conditions, PROGRESSING, true, reason, progressMessage(next) + waveMessage, generation, now);
        }
      }
      case COMPLETED -> Conditions.set(conditions, PROGRESSING, false, "Completed",
          "Every execution reached a terminal status.", generation, now);
      case CANCELED -> Conditions.set(conditions, PROGRESSING, false, "Canceled", "The job was canceled.", generation, now);
      default -> { }
    }
    Conditions.set(conditions, COMPLETE, status == JobStatus.COMPLETED,
        status == JobStatus.COMPLETED ? "AllExecutionsTerminal" : "NotComplete",
        status == JobStatus.COMPLETED ? progressMessage(next) : "", generation, now);
    if (status == JobStatus.CANCELED) {
      Conditions.set(conditions, CANCELED, true, facts.cancel() == null ? JobConditions.REASON_USER_REQUESTED
          : facts.cancel().source().conditionReason, cancelMessage(next), generation, now);
    } else {
      Conditions.set(conditions, CANCELED, false, "NotCanceled", "", generation, now);
    }
    Conditions.set(conditions, SUSPENDED, suspended, suspended ? "SuspendedByUser" : "NotSuspended",
        suspended ? "spec.suspend is true: nothing new is queued until it is false; running executions continue." : "",
        generation, now);
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
    if (status.getRollbackJob() != null) {
      message.append(message.charAt(message.length() - 1) == '.' ? "" : ".").append(" Rollback job: ")
          .append(status.getRollbackJob()).append('.');
    }
    return message.toString();
  }

  private static String progressMessage(IoTJobStatus status) {
    JobProcessDetails c = status.getJobProcessDetails();
    String rate = status.getRollout() == null || status.getRollout().getCurrentRatePerMinute() == null ? ""
        : " Rollout rate " + status.getRollout().getCurrentRatePerMinute() + "/min.";
    return String.format("%d of %d things terminal: %d succeeded, %d failed, %d rejected, %d timed out, %d canceled,"
            + " %d removed; %d queued, %d in progress.%s",
        c.terminal(), status.targets(), c.getNumberOfSucceededThings(),
        c.getNumberOfFailedThings(), c.getNumberOfRejectedThings(), c.getNumberOfTimedOutThings(),
        c.getNumberOfCanceledThings(), c.getNumberOfRemovedThings(), c.getNumberOfQueuedThings(),
        c.getNumberOfInProgressThings(), rate);
  }

  /**
   * Whether the next status differs from the previous one only in progress: the counters, the rollout's notified
   * count and rate, and condition messages (which summarize the counters). Such a change can wait for the next batched
   * write; anything else (a status, a condition's state or reason, a generation) cannot.
   */
  public static boolean onlyProgressDiffers(IoTJobStatus previous, IoTJobStatus next) {
    return previous != null && next != null && withoutProgress(previous).equals(withoutProgress(next));
  }

  private static IoTJobStatus withoutProgress(IoTJobStatus status) {
    IoTJobStatus copy = copy(status);
    copy.setJobProcessDetails(null);
    copy.setProgress(null);
    copy.setRecentFailures(null);
    if (status.getRollout() != null) {
      IoTJobStatus.RolloutStatus rollout = new IoTJobStatus.RolloutStatus();
      rollout.setStep(status.getRollout().getStep());
      rollout.setInitialTargets(status.getRollout().getInitialTargets());
      copy.setRollout(rollout);
    }
    if (status.getWaves() != null) {
      // a wave's counters and its gate's running message follow the counters; a phase change is written at once
      copy.setWaves(status.getWaves().stream().map(JobStatusPlanner::withoutProgress).toList());
    }
    copy.getConditions().forEach(condition -> condition.setMessage(null));
    return copy;
  }

  private static WaveStatus withoutProgress(WaveStatus wave) {
    WaveStatus copy = new WaveStatus();
    copy.setName(wave.getName());
    copy.setTargetCount(wave.getTargetCount());
    copy.setStartedAt(wave.getStartedAt());
    copy.setPromotedAt(wave.getPromotedAt());
    if (wave.getGate() != null) {
      WaveStatus.GateStatus gate = new WaveStatus.GateStatus();
      gate.setPhase(wave.getGate().getPhase());
      gate.setDoneAt(wave.getGate().getDoneAt());
      gate.setOpensAt(wave.getGate().getOpensAt());
      gate.setMeasurements(wave.getGate().getMeasurements());
      gate.setFailedMeasurements(wave.getGate().getFailedMeasurements());
      gate.setMessage(wave.getGate().getPhase() == WaveStatus.GatePhase.Running ? null : wave.getGate().getMessage());
      copy.setGate(gate);
    }
    return copy;
  }

  /** A copy whose lists can be changed without touching the original. */
  public static IoTJobStatus copy(IoTJobStatus source) {
    IoTJobStatus copy = new IoTJobStatus();
    copy.setStatus(source.getStatus());
    copy.setTargetCount(source.getTargetCount());
    copy.setJobProcessDetails(source.getJobProcessDetails());
    copy.setProgress(source.getProgress());
    copy.setRecentFailures(source.getRecentFailures());
    copy.setRollout(source.getRollout());
    copy.setForceCanceled(source.getForceCanceled());
    copy.setReasonCode(source.getReasonCode());
    copy.setComment(source.getComment());
    copy.setStartedAt(source.getStartedAt());
    copy.setCompletedAt(source.getCompletedAt());
    copy.setDocumentDigest(source.getDocumentDigest());
    copy.setDocument(source.getDocument());
    copy.setScheduledJobRollouts(source.getScheduledJobRollouts());
    copy.setObservedGeneration(source.getObservedGeneration());
    copy.setCurrentWave(source.getCurrentWave());
    copy.setWaves(source.getWaves());
    copy.setRollbackJob(source.getRollbackJob());
    copy.setTemplate(source.getTemplate());
    copy.setConditions(Conditions.copy(source.getConditions()));
    return copy;
  }
}
