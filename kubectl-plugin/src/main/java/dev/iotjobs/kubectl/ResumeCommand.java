package dev.iotjobs.kubectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", description = "Queue again where a suspended job stopped.")
class ResumeCommand implements Callable<Integer> {
  @ParentCommand
  KubectlIotJobs root;
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "JOB")
  String job;

  @Override
  public Integer call() {
    Jobs.patch(root.client(), root.namespace(), job, "{\"spec\":{\"suspend\":false}}");
    spec.commandLine().getOut().println("iotjob.iotjobs.dev/" + job + " resumed");
    return 0;
  }
}
