package dev.iotjobs.kubectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "suspend", description = "Queue nothing new; what devices already have runs on.")
class SuspendCommand implements Callable<Integer> {
  @ParentCommand
  KubectlIotJobs root;
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "JOB")
  String job;

  @Override
  public Integer call() {
    Jobs.patch(root.client(), root.namespace(), job, "{\"spec\":{\"suspend\":true}}");
    spec.commandLine().getOut().println("iotjob.iotjobs.dev/" + job + " suspended");
    return 0;
  }
}
