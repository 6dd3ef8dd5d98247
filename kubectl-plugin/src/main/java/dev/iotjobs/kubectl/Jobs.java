package dev.iotjobs.kubectl;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import java.util.List;

/** Reading a job and its executions, and merge-patching its spec: what the commands share. */
final class Jobs {
  private Jobs() {}

  /** The job and its executions, read side by side. */
  record WithExecutions(IoTJob job, List<JobExecution> executions) {}

  static WithExecutions withExecutions(Cluster cluster, String name) {
    Cluster.Call job = cluster.get(Cluster.JOBS, name);
    Cluster.Call executions = executionsCall(cluster, name);
    IoTJob found = job.as(IoTJob.class).orElseThrow(() -> Problems.noJob(name, cluster.namespace()));
    return new WithExecutions(found, ofJob(executions.items(JobExecution.class), name));
  }

  /** The job's executions, by the job label the operator puts on each (one list, no field selector needed). */
  static Cluster.Call executionsCall(Cluster cluster, String job) {
    return cluster.list(Cluster.EXECUTIONS, Executions.JOB_LABEL + "=" + Executions.labelValue(job));
  }

  /** A label value is cut to fit; the spec says whose an execution really is. */
  static List<JobExecution> ofJob(List<JobExecution> executions, String job) {
    return executions.stream().filter(e -> job.equals(e.getSpec().getJobId())).toList();
  }

  /** A thing's executions across jobs, by the thing label. */
  static List<JobExecution> executionsOfThing(Cluster cluster, String thing) {
    return cluster.list(Cluster.EXECUTIONS, Executions.THING_LABEL + "=" + Executions.labelValue(thing))
        .items(JobExecution.class).stream().filter(e -> thing.equals(e.getSpec().getThingName())).toList();
  }

  /** A JSON merge patch of the job (RFC 7386): only the fields named change, as kubectl patch --type merge. */
  static void patch(Cluster cluster, String name, String mergePatch) {
    if (!cluster.mergePatch(Cluster.JOBS, name, mergePatch)) {
      throw Problems.noJob(name, cluster.namespace());
    }
  }
}
