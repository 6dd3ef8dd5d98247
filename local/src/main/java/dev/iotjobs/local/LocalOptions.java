package dev.iotjobs.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of local mode, parsed by picocli. Bad input is an {@link IllegalArgumentException} with one clear
 * sentence.
 */
public record LocalOptions(int devices, String broker, List<Path> apply, double failRate, double rejectRate,
    double hangRate, int steps, Duration stepDelay, int apiPort, int mqttPort, boolean exitWhenDone, Path kubeconfig,
    String namespace, boolean quickStart, boolean help, EmbeddedBrokerKind embeddedBroker, boolean simulateApplied) {

  /** Which MQTT broker local mode starts when --broker names none. */
  public enum EmbeddedBrokerKind {
    /** Mosquitto when it is on the PATH (sturdier under many clients), Moquette otherwise. */
    AUTO,
    MOSQUITTO,
    MOQUETTE
  }

  @Command(name = "iot-jobs-local", sortOptions = false, usageHelpAutoWidth = true,
      description = {
          "Runs an embedded Kubernetes API, an MQTT broker, the operator, the device bridge and a simulated fleet in one",
          "process, applies a quick-start job and shows its progress. Every Thing gets a simulated device: the",
          "sim-NNNN fleet and any Thing you apply (annotate it local.iotjobs.dev/simulate: \"false\" to opt out, or",
          "local.iotjobs.dev/outcome: FAILED|REJECTED|HANG to make its device answer so). A sandbox: use the Helm",
          "chart for real clusters."},
      footer = {"", "Exit status with --exit-when-done: 0 when every job COMPLETED with no failed, rejected or timed-out",
          "execution; 1 otherwise; 2 for bad options."})
  static final class Arguments {
    @Option(names = "--devices", paramLabel = "N", description = "simulated devices (Things sim-0001...), default 100")
    String devices = "100";
    @Option(names = "--broker", paramLabel = "URL", description = "use an external MQTT broker (tcp://host:1883) instead of an embedded one")
    String broker;
    @Option(names = "--embedded-broker", paramLabel = "KIND",
        description = "auto (Mosquitto when on the PATH, else Moquette), mosquitto or moquette; default auto")
    String embeddedBroker = "auto";
    @Option(names = "--apply", paramLabel = "DIR|FILE",
        description = "apply YAML on start (repeatable); namespace 'default' unless the YAML names one")
    List<String> apply = new ArrayList<>();
    @Option(names = "--no-quick-start", description = "do not apply the built-in quick-start job")
    boolean noQuickStart;
    @Option(names = "--no-simulate-applied", description = "only the sim-NNNN Things get simulated devices, not the ones you apply")
    boolean noSimulateApplied;
    @Option(names = "--fail-rate", paramLabel = "R", description = "share of executions a device fails (0..1), default 0")
    String failRate = "0";
    @Option(names = "--reject-rate", paramLabel = "R", description = "share a device rejects, default 0")
    String rejectRate = "0";
    @Option(names = "--hang-rate", paramLabel = "R", description = "share a device never finishes, default 0")
    String hangRate = "0";
    @Option(names = "--steps", paramLabel = "N", description = "progress updates per execution, default 2")
    String steps = "2";
    @Option(names = "--step-delay", paramLabel = "D", description = "time per step: 250ms, 2s, ... default 200ms")
    String stepDelay = "200ms";
    @Option(names = "--api-port", paramLabel = "P", description = "Kubernetes API port, default 0 (any free port)")
    String apiPort = "0";
    @Option(names = "--mqtt-port", paramLabel = "P", description = "embedded broker port, default 1883")
    String mqttPort = "1883";
    @Option(names = "--kubeconfig", paramLabel = "FILE",
        description = "where to write the kubeconfig, default <tmp>/iot-jobs-local/kubeconfig")
    String kubeconfig = Path.of(System.getProperty("java.io.tmpdir"), "iot-jobs-local", "kubeconfig").toString();
    @Option(names = "--exit-when-done", description = "exit once every job is COMPLETED or CANCELED, with a summary and an exit status")
    boolean exitWhenDone;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;
  }

  /** The usage text, every option with its description. */
  public static String usage() {
    return new CommandLine(new Arguments()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  public static LocalOptions parse(String... args) {
    Arguments a = new Arguments();
    CommandLine cli = new CommandLine(a);
    try {
      cli.parseArgs(args);
    } catch (CommandLine.UnmatchedArgumentException e) {
      throw new IllegalArgumentException("unknown option " + e.getUnmatched().get(0) + " (see --help)");
    } catch (CommandLine.MissingParameterException e) {
      String option = e.getMissing().isEmpty() ? "an option" : ((CommandLine.Model.OptionSpec) e.getMissing().get(0)).longestName();
      throw new IllegalArgumentException(option + " needs a value (see --help)");
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + " (see --help)");
    }
    double fail = rate("--fail-rate", a.failRate);
    double reject = rate("--reject-rate", a.rejectRate);
    double hang = rate("--hang-rate", a.hangRate);
    if (fail + reject + hang > 1) {
      throw new IllegalArgumentException("--fail-rate, --reject-rate and --hang-rate add up to more than 1");
    }
    List<Path> apply = a.apply.stream().map(LocalOptions::existing).toList();
    return new LocalOptions(intValue("--devices", a.devices, 0, 100_000), a.broker == null ? null : brokerUrl(a.broker),
        apply, fail, reject, hang, intValue("--steps", a.steps, 1, 100), duration("--step-delay", a.stepDelay),
        intValue("--api-port", a.apiPort, 0, 65535), intValue("--mqtt-port", a.mqttPort, 0, 65535), a.exitWhenDone,
        Path.of(a.kubeconfig), "default", !a.noQuickStart, a.help, brokerKind(a.embeddedBroker), !a.noSimulateApplied);
  }

  private static EmbeddedBrokerKind brokerKind(String text) {
    try {
      return EmbeddedBrokerKind.valueOf(text.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--embedded-broker must be auto, mosquitto or moquette, not " + text);
    }
  }

  private static int intValue(String option, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, not " + text);
    }
  }

  private static double rate(String option, String text) {
    try {
      double value = Double.parseDouble(text);
      if (value < 0 || value > 1) {
        throw new IllegalArgumentException(option + " must be between 0 and 1, not " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number between 0 and 1, not " + text);
    }
  }

  static Duration duration(String option, String text) {
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
      }
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a duration such as 250ms or 2s, not " + text);
    }
  }

  private static String brokerUrl(String text) {
    if (!text.matches("(tcp|ssl)://[^:/]+:\\d+")) {
      throw new IllegalArgumentException("--broker must look like tcp://host:1883, not " + text);
    }
    return text;
  }

  private static Path existing(String text) {
    Path path = Path.of(text);
    if (!java.nio.file.Files.exists(path)) {
      throw new IllegalArgumentException("--apply " + text + ": no such file or directory");
    }
    return path;
  }
}
