package dev.iotjobs.kubectl;

import picocli.CommandLine.Command;

@Command(name = "suspend", description = "Queue nothing new; what devices already have runs on.")
class SuspendCommand extends JobCommand {
  @Override
  public Integer call() {
    return setSuspend(this, true, "suspended");
  }

  /** Merge-patches spec.suspend and says so. */
  static int setSuspend(JobCommand command, boolean suspend, String done) {
    Jobs.patch(command.root.cluster(), command.job, "{\"spec\":{\"suspend\":" + suspend + "}}");
    command.out().println("iotjob.iotjobs.dev/" + command.job + " " + done);
    return 0;
  }
}
