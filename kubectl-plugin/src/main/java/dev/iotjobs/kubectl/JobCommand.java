package dev.iotjobs.kubectl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What every command on one job has: the plugin (client, namespace), its own output, and the job's name. */
abstract class JobCommand implements Callable<Integer> {
  @ParentCommand
  KubectlIotJobs root;
  @Spec
  CommandSpec spec;
  @Parameters(paramLabel = "JOB", description = "the IoTJob")
  String job;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
