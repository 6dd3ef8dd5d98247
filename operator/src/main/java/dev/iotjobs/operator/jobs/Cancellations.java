package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobCancel;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.operator.failure.AbortEvaluator;
import dev.iotjobs.operator.jobs.JobFacts.Cancellation;
import dev.iotjobs.api.schedule.ScheduleState;
import java.util.Optional;

/**
 * Why a job is canceled, if it is: the user's spec.cancel; an abort or end of schedule recorded in its status (which
 * spec does not show); the end of its schedule with endBehavior CANCEL or FORCE_CANCEL; or abort criteria met now.
 */
public final class Cancellations {
  private Cancellations() {}

  public static Cancellation decide(IoTJob job, IoTJobStatus previous, ScheduleState schedule, JobProcessDetails counters) {
    JobCancel userCancel = job.getSpec().getCancel();
    if (userCancel != null) {
      return new Cancellation(Cancellation.Source.USER, userCancel.isForced()
          || (previous != null && Boolean.TRUE.equals(previous.getForceCanceled())),
          userCancel.getReasonCode(), userCancel.getComment());
    }
    Optional<Cancellation> recorded = JobStatusPlanner.recordedCancellation(previous);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    SchedulingConfig scheduling = job.getSpec().getSchedulingConfig();
    if (schedule.phase() == ScheduleState.Phase.ENDED && scheduling != null && scheduling.getEndBehavior() != null
        && scheduling.getEndBehavior() != SchedulingConfig.EndBehavior.STOP_ROLLOUT) {
      boolean force = scheduling.getEndBehavior() == SchedulingConfig.EndBehavior.FORCE_CANCEL;
      return new Cancellation(Cancellation.Source.END_TIME, force, "END_TIME_REACHED",
          "The schedule ended at " + scheduling.getEndTime() + " (endBehavior " + scheduling.getEndBehavior() + ").");
    }
    if (previous != null && previous.getStartedAt() != null) {
      Optional<AbortEvaluator.Abort> abort = AbortEvaluator.evaluate(job.getSpec().getAbortConfig(), counters);
      if (abort.isPresent()) {
        return new Cancellation(Cancellation.Source.ABORT, false, "ABORT_CRITERIA_MET", abort.get().comment());
      }
    }
    return null;
  }
}
