package dev.iotjobs.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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

  /** A job and some of its executions, as JSON trees. */
  record Observed(JsonNode job, List<JsonNode> executions) {}

  /**
   * The job and its failing executions (FAILED, TIMED_OUT, REJECTED). The job is read first (or taken from the read
   * started before the command line was parsed): its status names the newest failing things, so the executions are
   * read only when its counters say some failed and an operator older than that status field wrote it (on two cores a
   * second kubectl side by side costs as much as one after the other, and most reports need none). The API
   * server picks the executions by the CRD's selectable field {@code status.status}, so a job of 100,000 things with
   * three failures reads three; a server without selectable fields (Kubernetes before 1.31) sends all of the job's,
   * which the report picks from as it does from any list.
   */
  static Observed observeFailing(Cluster cluster, String name) {
    Cluster.Call read = EarlyReads.take(cluster, name).orElseGet(() -> cluster.get(Cluster.JOBS, name));
    JsonNode job = read.tree().orElseThrow(() -> Problems.noJob(name, cluster.namespace()));
    if (JobReport.failing(job) == 0 || JobReport.hasRecentFailures(job)) {
      return new Observed(job, List.of());
    }
    List<JsonNode> executions;
    try {
      executions = cluster.list(Cluster.EXECUTIONS, jobSelector(name), statusSelector(JobReport.FAILED)).itemTrees();
    } catch (Cluster.KubectlFailed e) {
      if (!String.valueOf(e.getMessage()).contains("field label not supported")) {
        throw e;
      }
      executions = executionsCall(cluster, name).itemTrees();
    }
    return new Observed(job, executions.stream().filter(e -> name.equals(e.path("spec").path("jobId").asText())).toList());
  }

  /** Every status but those given, excluded one by one: field selectors have no "in". */
  static String statusSelector(Set<ExecutionStatus> statuses) {
    return Arrays.stream(ExecutionStatus.values()).filter(s -> !statuses.contains(s))
        .map(s -> "status.status!=" + s.name()).collect(Collectors.joining(","));
  }

  private static String jobSelector(String job) {
    return Executions.JOB_LABEL + "=" + Executions.labelValue(job);
  }

  /** The job's executions, by the job label the operator puts on each (one list, no field selector needed). */
  static Cluster.Call executionsCall(Cluster cluster, String job) {
    return cluster.list(Cluster.EXECUTIONS, jobSelector(job));
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
