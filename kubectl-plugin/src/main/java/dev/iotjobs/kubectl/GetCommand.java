package dev.iotjobs.kubectl;

import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "get", description = "A job's progress: status and why it waits, a bar, counters, rates and time to"
    + " done, rollout step and next window, conditions, the latest failing things with their statusDetails.")
class GetCommand extends JobCommand {
  @Option(names = {"-w", "--watch"}, description = "print again when it changes, until the job is COMPLETED or CANCELED")
  boolean watch;
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json or yaml")
  String output;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    Output format = Output.parse(output);
    String last = null;
    while (true) {
      Jobs.Observed current = Jobs.observeFailing(root.cluster(), job);
      JobReport report = JobReport.of(current.job(), current.executions(), clock.instant());
      String shown = format == Output.TEXT ? report.text() : format.render(report.data());
      if (!shown.equals(last)) {
        out().print(shown);
        out().flush();
        last = shown;
      }
      if (!watch || report.finished()) {
        return 0;
      }
      // a watch of the job would do too; a poll every two seconds is simpler and costs one or two small reads
      java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofSeconds(2).toNanos());
      if (Thread.interrupted()) {
        return 0;
      }
    }
  }
}
