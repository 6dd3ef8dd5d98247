package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.targets.TargetResolver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobCancel;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.Fixtures;
import dev.iotjobs.operator.k8s.Conditions;
import dev.iotjobs.api.rollout.RolloutRate;
import dev.iotjobs.api.schedule.ScheduleState;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** endBehavior at endTime, abort criteria and invalid schedules, as the reconciler decides and the planner records. */
class EndOfScheduleAndAbortTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final IoTJob job = Fixtures.job("j", List.of("a", "b", "c", "d"), null);

  private static JobProcessDetails counters(ExecutionStatus... statuses) {
    JobProcessDetails c = new JobProcessDetails();
    for (ExecutionStatus s : statuses) {
      c.count(s);
    }
    return c;
  }

  private IoTJobStatus round(IoTJobStatus previous, TargetResolver.Resolution resolution, JobProcessDetails counters,
      Instant now) {
    ScheduleState schedule = ScheduleState.at(job.getSpec().getSchedulingConfig(), now);
    JobFacts.Cancellation cancel = previous != null && previous.getStatus() == JobStatus.COMPLETED ? null
        : Cancellations.decide(job, previous, schedule, counters);
    return JobStatusPlanner.next(job, previous, new JobFacts(resolution, counters, schedule, null, cancel,
        RolloutRate.unlimited()), now);
  }

  private IoTJobStatus started(JobProcessDetails counters) {
    return round(null, new TargetResolver.Resolution(new TreeSet<>(List.of("a", "b", "c", "d")), List.of(), List.of()),
        counters, T0);
  }

  private void endAt(Instant end, SchedulingConfig.EndBehavior behavior) {
    SchedulingConfig scheduling = new SchedulingConfig();
    scheduling.setEndTime(end.toString());
    scheduling.setEndBehavior(behavior);
    job.getSpec().setSchedulingConfig(scheduling);
  }

  @Test
  void stopRolloutLetsRunningExecutionsFinishThenCompletes() {
    endAt(T0.plusSeconds(60), SchedulingConfig.EndBehavior.STOP_ROLLOUT);
    IoTJobStatus s = started(counters(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS));
    IoTJobStatus ended = round(s, null, counters(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS), T0.plusSeconds(61));
    assertThat(ended.getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
    IoTJobStatus done = round(ended, null, counters(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED), T0.plusSeconds(90));
    assertThat(done.getStatus()).as("2 of 4 targets reached before the end").isEqualTo(JobStatus.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(value = SchedulingConfig.EndBehavior.class, names = {"CANCEL", "FORCE_CANCEL"})
  void cancelBehaviorsCancelAtEndTime(SchedulingConfig.EndBehavior behavior) {
    endAt(T0.plusSeconds(60), behavior);
    IoTJobStatus s = started(counters(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS));
    assertThat(round(s, null, counters(ExecutionStatus.QUEUED), T0.plusSeconds(59)).getStatus())
        .isEqualTo(JobStatus.IN_PROGRESS);
    IoTJobStatus ended = round(s, null, counters(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS), T0.plusSeconds(60));
    assertThat(ended.getStatus()).isEqualTo(JobStatus.CANCELED);
    assertThat(ended.getReasonCode()).isEqualTo("END_TIME_REACHED");
    assertThat(ended.getForceCanceled()).isEqualTo(behavior == SchedulingConfig.EndBehavior.FORCE_CANCEL);
    assertThat(Conditions.find(ended.getConditions(), JobConditions.CANCELED).orElseThrow().getReason())
        .isEqualTo(JobConditions.REASON_END_TIME_REACHED);
    IoTJobStatus later = round(ended, null, counters(ExecutionStatus.CANCELED, ExecutionStatus.CANCELED), T0.plusSeconds(70));
    assertThat(later.getStatus()).as("the end is remembered").isEqualTo(JobStatus.CANCELED);
    assertThat(later.getCompletedAt()).isNotNull();
  }

  @Test
  void abortCancelsWithItsOwnReasonAndStaysCanceled() {
    job.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 50.0, 2L));
    IoTJobStatus s = started(counters(ExecutionStatus.QUEUED, ExecutionStatus.QUEUED, ExecutionStatus.QUEUED,
        ExecutionStatus.QUEUED));
    IoTJobStatus one = round(s, null, counters(ExecutionStatus.FAILED, ExecutionStatus.QUEUED, ExecutionStatus.QUEUED,
        ExecutionStatus.QUEUED), T0.plusSeconds(1));
    assertThat(one.getStatus()).as("below the minimum sample").isEqualTo(JobStatus.IN_PROGRESS);
    IoTJobStatus aborted = round(one, null, counters(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED,
        ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS), T0.plusSeconds(2));
    assertThat(aborted.getStatus()).isEqualTo(JobStatus.CANCELED);
    assertThat(aborted.getReasonCode()).isEqualTo("ABORT_CRITERIA_MET");
    assertThat(aborted.getComment()).isEqualTo("FAILED 50% >= 50% after 2 executed");
    assertThat(aborted.getForceCanceled()).isFalse();
    assertThat(Conditions.find(aborted.getConditions(), JobConditions.CANCELED).orElseThrow().getReason())
        .isEqualTo(JobConditions.REASON_ABORT_CRITERIA_MET);
    IoTJobStatus after = round(aborted, null, counters(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED,
        ExecutionStatus.CANCELED, ExecutionStatus.SUCCEEDED), T0.plusSeconds(3));
    assertThat(after.getStatus()).isEqualTo(JobStatus.CANCELED);
    assertThat(after.getReasonCode()).isEqualTo("ABORT_CRITERIA_MET");
  }

  @Test
  void aUserCancelRecordsTheUsersReason() {
    IoTJobStatus s = started(counters(ExecutionStatus.QUEUED));
    JobCancel cancel = new JobCancel();
    cancel.setReasonCode("ROLLBACK");
    job.getSpec().setCancel(cancel);
    IoTJobStatus canceled = round(s, null, counters(ExecutionStatus.CANCELED), T0.plusSeconds(1));
    assertThat(canceled.getReasonCode()).isEqualTo("ROLLBACK");
    assertThat(Conditions.find(canceled.getConditions(), JobConditions.CANCELED).orElseThrow().getReason())
        .isEqualTo(JobConditions.REASON_USER_REQUESTED);
  }

  @Test
  void anInvalidScheduleIsAConditionNotACrash() {
    JobFacts facts = new JobFacts(null, counters(), new ScheduleState(ScheduleState.Phase.NOT_STARTED, null, List.of()),
        "timeZone \"Mars/Olympus\" is not an IANA time zone such as Europe/Berlin", null, RolloutRate.unlimited());
    IoTJobStatus s = JobStatusPlanner.next(job, null, facts, T0);
    assertThat(s.getStatus()).isEqualTo(JobStatus.SCHEDULED);
    assertThat(Conditions.find(s.getConditions(), JobConditions.PROGRESSING)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InvalidSchedule");
      assertThat(c.getMessage()).contains("Mars/Olympus");
    });
  }
}
