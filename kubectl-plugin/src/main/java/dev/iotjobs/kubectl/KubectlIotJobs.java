package dev.iotjobs.kubectl;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubectl iotjobs}: day-2 commands for IoTJobs. kubectl runs any {@code kubectl-iotjobs} on the PATH as
 * {@code kubectl iotjobs}; the commands reach the cluster through kubectl itself ({@link Cluster}), with the same
 * kubeconfig, context and credentials (KUBECONFIG, --kubeconfig, --context; the KUBECTL variable names another
 * kubectl).
 * Exit status: 0 done, 1 the API refused or the object is missing (the message says what to do), 2 bad usage.
 */
@Command(name = "kubectl iotjobs", mixinStandardHelpOptions = true, version = "kubectl-iotjobs 0.1.0",
    description = "Day-2 operations on IoTJobs: see a job's progress, cancel, suspend, resume, rerun what failed, a"
        + " thing's history, and a preview of what a job would target and when.",
    subcommands = {GetCommand.class, CancelCommand.class, SuspendCommand.class, ResumeCommand.class,
        RerunCommand.class, HistoryCommand.class, PreviewCommand.class, PromoteCommand.class})
public class KubectlIotJobs {
  @Option(names = {"-n", "--namespace"}, scope = CommandLine.ScopeType.INHERIT,
      description = "namespace (default: the kubeconfig context's, else default)")
  String namespace;

  @Option(names = "--kubeconfig", scope = CommandLine.ScopeType.INHERIT, description = "kubeconfig file")
  String kubeconfig;

  @Option(names = "--context", scope = CommandLine.ScopeType.INHERIT, description = "kubeconfig context")
  String context;

  private Cluster cluster;

  public static void main(String[] args) {
    EarlyReads.start(args, System.getenv());
    CommandLine cli = new KubectlIotJobs().commandLine();
    int status = cli.execute(args);
    // System.exit does not flush picocli's writers: what a command printed last would be lost
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(status);
  }

  /** The command line, with our exit codes and one-line errors. */
  public CommandLine commandLine() {
    CommandLine cli = new CommandLine(this);
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println("error: " + Problems.describe(e));
      return 1;
    });
    return cli;
  }

  /** Runs one command line, printing to the writers given; returns the exit status. */
  public int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** kubectl with the kubeconfig and context given here, and the namespace asked for (or the context's). */
  Cluster cluster() {
    if (cluster == null) {
      cluster = Cluster.of(System.getenv(), kubeconfig, context, namespace);
    }
    return cluster;
  }
}
