package dev.iotjobs.kubectl;

import picocli.CommandLine.Command;

@Command(name = "resume", description = "Queue again where a suspended job stopped.")
class ResumeCommand extends JobCommand {
  @Override
  public Integer call() {
    return SuspendCommand.setSuspend(this, false, "resumed");
  }
}
