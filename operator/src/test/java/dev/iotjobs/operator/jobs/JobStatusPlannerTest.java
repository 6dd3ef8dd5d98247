package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.schedule.ScheduleState;
import dev.iotjobs.api.rollout.RolloutRate;
import dev.iotjobs.api.targets.TargetResolver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobCancel;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.api.Fixtures;
import dev.iotjobs.operator.k8s.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JobStatusPlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final IoTJob job = Fixtures.job("j", List.of("a", "b"), null);

  /** One round with no schedule and no rollout limit; a cancel comes from spec.cancel as the reconciler derives it. */
  private IoTJobStatus plan(IoTJobStatus previous, TargetResolver.Resolution resolution, JobProcessDetails counters,
      Instant now) {
    JobFacts.Cancellation cancel = job.getSpec().getCancel() == null ? null
        : new JobFacts.Cancellation(JobFacts.Cancellation.Source.USER, job.getSpec().getCancel().isForced(),
            job.getSpec().getCancel().getReasonCode(), job.getSpec().getCancel().getComment());
    if (previous != null && previous.getStatus() == JobStatus.COMPLETED) {
      cancel = null;
    }
    return JobStatusPlanner.next(job, previous, new JobFacts(resolution, counters,
        dev.iotjobs.api.schedule.ScheduleState.at(null, now), null, cancel,
        dev.iotjobs.api.rollout.RolloutRate.unlimited()), now);
  }

  private static JobProcessDetails counters(ExecutionStatus... statuses) {
    JobProcessDetails c = new JobProcessDetails();
    for (ExecutionStatus s : statuses) {
      c.count(s);
    }
    return c;
  }

  private static TargetResolver.Resolution resolved(String... things) {
    return new TargetResolver.Resolution(new TreeSet<>(List.of(things)), List.of(), List.of());
  }

  @Test
  void waitsScheduledWhileTargetsAreMissing() {
    TargetResolver.Resolution missing = new TargetResolver.Resolution(new TreeSet<>(), List.of("b"), List.of());
    IoTJobStatus s = plan(null, missing, counters(), T0);
    assertThat(s.getStatus()).isEqualTo(JobStatus.SCHEDULED);
    assertThat(s.getStartedAt()).isNull();
    assertThat(Conditions.find(s.getConditions(), JobConditions.TARGETS_RESOLVED)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("TargetsNotFound");
      assertThat(c.getMessage()).contains("Thing b does not exist");
    });
    assertThat(Conditions.find(s.getConditions(), JobConditions.PROGRESSING).orElseThrow().getReason())
        .isEqualTo("WaitingForTargets");
  }

  @Test
  void startsWhenResolvedAndCompletesWhenAllTerminal() {
    IoTJobStatus started = plan(null, resolved("a", "b"), counters(), T0);
    assertThat(started.getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
    assertThat(started.getTargetCount()).isEqualTo(2);
    assertThat(started.getStartedAt()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(Conditions.isTrue(started.getConditions(), JobConditions.PROGRESSING)).isTrue();

    IoTJobStatus half = plan(started, null, counters(ExecutionStatus.SUCCEEDED), T0.plusSeconds(5));
    assertThat(half.getStatus()).as("one target has no execution yet").isEqualTo(JobStatus.IN_PROGRESS);

    IoTJobStatus running = plan(half, null,
        counters(ExecutionStatus.SUCCEEDED, ExecutionStatus.IN_PROGRESS), T0.plusSeconds(6));
    assertThat(running.getStatus()).isEqualTo(JobStatus.IN_PROGRESS);

    IoTJobStatus done = plan(running, null,
        counters(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED), T0.plusSeconds(9));
    assertThat(done.getStatus()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.getCompletedAt()).isEqualTo("2026-11-27T10:00:09Z");
    assertThat(Conditions.isTrue(done.getConditions(), JobConditions.COMPLETE)).isTrue();
    assertThat(Conditions.isTrue(done.getConditions(), JobConditions.PROGRESSING)).isFalse();
    assertThat(done.getStartedAt()).isEqualTo(started.getStartedAt());
  }

  @Test
  void anEmptySnapshotWaitsWithNoTargetsInsteadOfCompleting() {
    IoTJobStatus s = plan(null, resolved(), counters(), T0);
    IoTJobStatus next = plan(s, null, counters(), T0);
    assertThat(next.getStatus()).isEqualTo(JobStatus.SCHEDULED);
    assertThat(next.getStartedAt()).isNull();
    assertThat(Conditions.find(next.getConditions(), JobConditions.TARGETS_RESOLVED)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("NoTargets");
    });
    IoTJobStatus once = plan(next, resolved("a"), counters(), T0);
    assertThat(once.getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
    assertThat(Conditions.isTrue(once.getConditions(), JobConditions.TARGETS_RESOLVED)).isTrue();
  }

  @Test
  void aDeletedExecutionCountsApartAndTheRolloutStillFinishes() {
    IoTJobStatus started = plan(null, resolved("a", "b"), counters(ExecutionStatus.QUEUED, ExecutionStatus.QUEUED), T0);
    assertThat(started.getRollout().getQueuedThings()).isEqualTo(2);
    // b's execution is deleted: one left, one remembered as deleted
    IoTJobStatus next = JobStatusPlanner.next(job, started, new JobFacts(null, counters(ExecutionStatus.SUCCEEDED),
        dev.iotjobs.api.schedule.ScheduleState.at(null, T0), null, null,
        dev.iotjobs.api.rollout.RolloutRate.unlimited(), null, null, 1), T0);
    assertThat(next.getJobProcessDetails().getNumberOfDeletedThings()).isEqualTo(1);
    assertThat(next.getRollout().getQueuedThings()).isEqualTo(2);
    assertThat(next.getStatus()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void continuousJobsNeverCompleteOnTheirOwn() {
    job.getSpec().setTargetSelection(TargetSelection.CONTINUOUS);
    IoTJobStatus started = plan(null, resolved("a"), counters(), T0);
    IoTJobStatus next = plan(started, null, counters(ExecutionStatus.SUCCEEDED), T0);
    assertThat(next.getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
  }

  @Test
  void cancelRecordsReasonAndFinishesWhenNothingIsQueued() {
    IoTJobStatus started = plan(null, resolved("a", "b"), counters(), T0);
    JobCancel cancel = new JobCancel();
    cancel.setReasonCode("BAD_BUILD");
    cancel.setComment("stop it");
    job.getSpec().setCancel(cancel);
    IoTJobStatus canceling = plan(started, null,
        counters(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS), T0.plusSeconds(1));
    assertThat(canceling.getStatus()).isEqualTo(JobStatus.CANCELED);
    assertThat(canceling.getReasonCode()).isEqualTo("BAD_BUILD");
    assertThat(canceling.getComment()).isEqualTo("stop it");
    assertThat(canceling.getForceCanceled()).isFalse();
    assertThat(canceling.getCompletedAt()).isNull();
    assertThat(Conditions.find(canceling.getConditions(), JobConditions.CANCELED).orElseThrow().getReason())
        .isEqualTo(JobConditions.REASON_USER_REQUESTED);

    IoTJobStatus canceled = plan(canceling, null,
        counters(ExecutionStatus.CANCELED, ExecutionStatus.IN_PROGRESS), T0.plusSeconds(2));
    assertThat(canceled.getCompletedAt()).as("non-forced cancel leaves IN_PROGRESS running").isNotNull();
  }

  @Test
  void forceCancelWaitsForInProgressToBeCanceled() {
    IoTJobStatus started = plan(null, resolved("a"), counters(), T0);
    JobCancel cancel = new JobCancel();
    cancel.setForce(true);
    job.getSpec().setCancel(cancel);
    IoTJobStatus canceling = plan(started, null, counters(ExecutionStatus.IN_PROGRESS), T0);
    assertThat(canceling.getForceCanceled()).isTrue();
    assertThat(canceling.getCompletedAt()).isNull();
    IoTJobStatus canceled = plan(canceling, null, counters(ExecutionStatus.CANCELED), T0);
    assertThat(canceled.getCompletedAt()).isNotNull();
  }

  @Test
  void completedJobIgnoresALateCancel() {
    IoTJobStatus started = plan(null, resolved("a"), counters(), T0);
    IoTJobStatus done = plan(started, null, counters(ExecutionStatus.SUCCEEDED), T0);
    job.getSpec().setCancel(new JobCancel());
    assertThat(plan(done, null, counters(ExecutionStatus.SUCCEEDED), T0).getStatus())
        .isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void suspendedConditionFollowsSpec() {
    job.getSpec().setSuspend(true);
    IoTJobStatus s = plan(null, resolved("a"), counters(), T0);
    assertThat(Conditions.isTrue(s.getConditions(), JobConditions.SUSPENDED)).isTrue();
  }

  @Test
  void conditionTransitionTimeMovesOnlyOnFlip() {
    IoTJobStatus s1 = plan(null, resolved("a"), counters(), T0);
    IoTJobStatus s2 = plan(s1, null, counters(ExecutionStatus.QUEUED), T0.plusSeconds(30));
    assertThat(Conditions.find(s2.getConditions(), JobConditions.PROGRESSING).orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-11-27T10:00:00Z");
  }

  @Test
  void countersAloneAreProgressThatCanWaitForTheNextBatchedWrite() {
    IoTJobStatus started = plan(null, resolved("a", "b"), counters(), T0);
    IoTJobStatus firstQueued = plan(started, resolved("a", "b"), counters(ExecutionStatus.QUEUED), T0.plusSeconds(1));
    IoTJobStatus oneRunning = plan(firstQueued, resolved("a", "b"),
        counters(ExecutionStatus.IN_PROGRESS, ExecutionStatus.QUEUED), T0.plusSeconds(2));
    IoTJobStatus completed = plan(oneRunning, resolved("a", "b"),
        counters(ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED), T0.plusSeconds(3));

    assertThat(JobStatusPlanner.onlyProgressDiffers(firstQueued, oneRunning)).isTrue();
    assertThat(JobStatusPlanner.onlyProgressDiffers(oneRunning, oneRunning)).isTrue();
    assertThat(JobStatusPlanner.onlyProgressDiffers(oneRunning, completed)).as("a status change").isFalse();
    assertThat(JobStatusPlanner.onlyProgressDiffers(null, started)).as("the first status").isFalse();
    IoTJobStatus edited = JobStatusPlanner.copy(oneRunning);
    edited.setObservedGeneration(7L);
    assertThat(JobStatusPlanner.onlyProgressDiffers(oneRunning, edited)).as("a spec edit observed").isFalse();
  }
}
