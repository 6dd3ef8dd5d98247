package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.IoTJobStatus.RecentFailure;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.operator.targets.JobTargetStore;
import java.util.List;

/**
 * What a job's status counts of its executions, in one pass: the counters (pruned executions from the ledger) and the
 * newest failures. Each pass walks every execution of the job; at 10,000 a walk is a few percent of the operator's CPU,
 * and a reconcile used to make two for the counters and one for the failures. Pure.
 */
record JobTally(List<JobExecution> executions, JobTargetStore.Memory memory, JobProcessDetails counters,
    List<RecentFailure> recentFailures) {

  static JobTally of(List<JobExecution> executions, JobTargetStore.Memory memory) {
    RecentFailures.Newest failures = new RecentFailures.Newest();
    JobProcessDetails counters = Retention.count(executions, memory, failures::offer);
    return new JobTally(executions, memory, counters, failures.list());
  }

  /** This tally when taken of the same read of the executions and the same memory (nothing written since), else anew. */
  JobTally again(List<JobExecution> executionsNow, JobTargetStore.Memory memoryNow) {
    return executionsNow == executions && memoryNow == memory ? this : of(executionsNow, memoryNow);
  }
}
