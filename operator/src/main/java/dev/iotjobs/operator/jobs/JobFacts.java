package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.targets.TargetResolver;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import dev.iotjobs.api.rollout.RolloutRate;
import dev.iotjobs.api.schedule.ScheduleState;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.waves.WaveProgression;

/**
 * What the reconciler observed and decided in one round, for {@link JobStatusPlanner}.
 *
 * @param resolution targets resolved in this round, or null when they were not resolved again
 * @param counters the job's executions counted by status
 * @param schedule where the job stands in its schedule
 * @param scheduleProblem why the schedule cannot be evaluated (invalid cron or time zone), or null
 * @param cancel why the job is canceled, or null
 * @param rate the rollout rate in force
 * @param document the job's document, pinned or with the problem that keeps the job waiting; null when not checked
 * @param specProblem which numbers of the spec are out of the schema's bounds (an object stored past the schema), or
 *     null; such a job queues nothing until the spec is fixed
 * @param knownDeleted how many of the job's things had their execution deleted by a user, as remembered
 * @param waves the staged rollout's waves after this round, or null when the job has no waves or they were not
 *     judged this round
 * @param rollbackJob the rollback job created this round, or null
 * @param template the job template to pin when the job starts (or pinned already), or null
 * @param recentFailures the latest failing things, newest first, or null when not looked at this round
 */
public record JobFacts(Resolution resolution, JobProcessDetails counters, ScheduleState schedule, String scheduleProblem,
    Cancellation cancel, RolloutRate rate, JobDocuments.Resolved document, String specProblem, int knownDeleted,
    WaveProgression.Round waves, String rollbackJob, IoTJobStatus.PinnedTemplate template,
    java.util.List<IoTJobStatus.RecentFailure> recentFailures) {

  public JobFacts(Resolution resolution, JobProcessDetails counters, ScheduleState schedule, String scheduleProblem,
      Cancellation cancel, RolloutRate rate, JobDocuments.Resolved document, String specProblem, int knownDeleted) {
    this(resolution, counters, schedule, scheduleProblem, cancel, rate, document, specProblem, knownDeleted, null, null,
        null, null);
  }

  public JobFacts(Resolution resolution, JobProcessDetails counters, ScheduleState schedule, String scheduleProblem,
      Cancellation cancel, RolloutRate rate) {
    this(resolution, counters, schedule, scheduleProblem, cancel, rate, null, null, 0);
  }

  /** Why the job cannot start for its document, or null. */
  public String documentProblem() {
    return document == null || document.isOk() ? null : document.problem();
  }

  /** A cancellation and where it came from: the user (spec.cancel), abort criteria, or the end of the schedule. */
  public record Cancellation(Source source, boolean force, String reasonCode, String comment) {
    public enum Source {
      USER(JobConditions.REASON_USER_REQUESTED),
      ABORT(JobConditions.REASON_ABORT_CRITERIA_MET),
      END_TIME(JobConditions.REASON_END_TIME_REACHED),
      WAVE_GATE(JobConditions.REASON_WAVE_GATE_FAILED);

      public final String conditionReason;

      Source(String conditionReason) {
        this.conditionReason = conditionReason;
      }
    }
  }
}
