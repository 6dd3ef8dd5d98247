package dev.iotjobs.kubectl;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "history", description = "Every execution of a thing across jobs, newest first, with its earlier"
    + " attempts (AWS ListJobExecutionsForThing and DescribeJobExecution).")
class HistoryCommand implements Callable<Integer> {
  @ParentCommand
  KubectlIotJobs root;
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "THING")
  String thing;
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json or yaml")
  String output;

  /** One execution as the history shows it. */
  record Entry(String job, String status, long executionNumber, long versionNumber, String queuedAt, String lastUpdatedAt,
      Map<String, String> statusDetails, int earlierAttempts) {}

  static List<Entry> entries(List<JobExecution> executions) {
    List<Entry> entries = new ArrayList<>();
    for (JobExecution execution : executions) {
      JobExecutionStatus s = Executions.effectiveStatus(execution);
      entries.add(new Entry(execution.getSpec().getJobId(), s.getStatus().name(),
          s.getExecutionNumber() == null ? 1 : s.getExecutionNumber(), s.getVersionNumber() == null ? 1 : s.getVersionNumber(),
          s.getQueuedAt(), s.getLastUpdatedAt(), s.getStatusDetails() == null ? Map.of() : s.getStatusDetails(),
          s.getAttempts() == null ? 0 : s.getAttempts().size()));
    }
    entries.sort(Comparator.comparing((Entry e) -> e.queuedAt() == null ? "" : e.queuedAt()).reversed()
        .thenComparing(Entry::job));
    return entries;
  }

  @Override
  public Integer call() {
    Output format = Output.parse(output);
    List<Entry> entries = entries(Jobs.executionsOfThing(root.cluster(), thing));
    var out = spec.commandLine().getOut();
    if (format != Output.TEXT) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("thing", thing);
      data.put("executions", entries);
      out.print(format.render(data));
      return 0;
    }
    if (entries.isEmpty()) {
      out.println("no execution of thing " + thing + " in namespace " + root.cluster().namespace());
      return 0;
    }
    out.println(String.format("%-28s %-11s %-8s %-24s %-24s %s", "JOB", "STATUS", "ATTEMPT", "QUEUED", "LAST-UPDATE",
        "DETAILS"));
    for (Entry e : entries) {
      out.println(String.format("%-28s %-11s %-8d %-24s %-24s %s", e.job(), e.status(), e.executionNumber(),
          e.queuedAt() == null ? "" : e.queuedAt(), e.lastUpdatedAt() == null ? "" : e.lastUpdatedAt(),
          e.statusDetails().isEmpty() ? "" : e.statusDetails()));
    }
    return 0;
  }
}
