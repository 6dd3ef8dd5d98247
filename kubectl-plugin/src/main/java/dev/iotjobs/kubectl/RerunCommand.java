package dev.iotjobs.kubectl;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rerun", description = "A new job, same document and settings, for exactly the things whose latest"
    + " outcome in JOB is one of --status.")
class RerunCommand extends JobCommand {
  @Option(names = "--status", split = ",", paramLabel = "STATUS", defaultValue = "FAILED,TIMED_OUT,REJECTED",
      description = "which outcomes to run again, default FAILED,TIMED_OUT,REJECTED")
  List<String> statuses;
  @Option(names = "--dry-run", description = "print the job instead of creating it")
  boolean dryRun;

  @Override
  public Integer call() {
    Set<ExecutionStatus> wanted = new LinkedHashSet<>();
    for (String status : statuses) {
      try {
        wanted.add(ExecutionStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--status " + status + " is not an execution status (FAILED, TIMED_OUT,"
            + " REJECTED, CANCELED, REMOVED, SUCCEEDED, ...)");
      }
    }
    Cluster cluster = root.cluster();
    Cluster.Call jobs = cluster.list(Cluster.JOBS, null);
    Jobs.WithExecutions old = Jobs.withExecutions(cluster, job);
    List<String> things = RerunPlan.things(old.executions(), wanted);
    if (things.isEmpty()) {
      out().println("no thing of " + job + " ended " + wanted + ": nothing to rerun");
      return 0;
    }
    Set<String> taken = jobs.items(IoTJob.class).stream().map(j -> j.getMetadata().getName())
        .collect(java.util.stream.Collectors.toSet());
    IoTJob rerun = RerunPlan.job(old.job(), things, taken::contains, wanted);
    if (dryRun) {
      out().print(Output.YAML.render(rerun));
      return 0;
    }
    cluster.create(rerun);
    out().println("iotjob.iotjobs.dev/" + rerun.getMetadata().getName() + " created for "
        + things.size() + " things of " + job + " " + wanted);
    return 0;
  }
}
