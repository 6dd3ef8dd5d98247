package dev.iotjobs.bridge.protocol;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.util.Collection;
import java.util.Optional;

/** Where the device API reads executions (a cache) and stores device transitions (optimistic writes). */
public interface ExecutionRepository {
  /** Every execution of the thing, in any status. */
  Collection<JobExecution> executionsOf(String thingName);

  Optional<JobExecution> execution(String thingName, String jobId);

  Optional<IoTJob> job(String namespace, String jobId);

  boolean thingKnown(String thingName);

  /**
   * Stores the status on the execution, guarded by the resourceVersion of {@code basedOn}.
   *
   * @throws Conflict when the execution changed since {@code basedOn} was read
   * @throws Gone when the execution no longer exists
   */
  JobExecution writeStatus(JobExecution basedOn, JobExecutionStatus status) throws Conflict, Gone;

  /**
   * A device of this thing made a request at this time: worth recording as the Thing's lastSeenAt (the caller
   * debounces). Best effort: a repository may drop it.
   */
  default void thingSeen(String thingName, java.time.Instant at) {}

  /** The execution as stored now, past any cache. */
  Optional<JobExecution> reread(JobExecution execution);

  class Conflict extends Exception {
    public Conflict() {
      super(null, null, false, false);
    }
  }

  class Gone extends Exception {
    public Gone() {
      super(null, null, false, false);
    }
  }
}
