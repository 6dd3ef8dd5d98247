package dev.iotjobs.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of local mode. Bad input is an {@link IllegalArgumentException} with one clear sentence. */
public record LocalOptions(int devices, String broker, List<Path> apply, double failRate, double rejectRate,
    double hangRate, int steps, Duration stepDelay, int apiPort, int mqttPort, boolean exitWhenDone, Path kubeconfig,
    String namespace, boolean quickStart, boolean help) {

  public static final String USAGE = String.join("\n",
      "Usage: java -jar local/target/iot-jobs-local.jar [options]",
      "",
      "Runs an embedded Kubernetes API, an MQTT broker, the operator, the device bridge and a simulated fleet in one",
      "process, applies a quick-start job and shows its progress. A sandbox: use the Helm chart for real clusters.",
      "",
      "  --devices N          simulated devices (Things sim-0001...), default 100",
      "  --broker URL         use an external MQTT broker (tcp://host:1883) instead of the embedded one",
      "  --apply DIR|FILE     apply YAML on start (repeatable); namespace 'default' unless the YAML names one",
      "  --no-quick-start     do not apply the built-in quick-start job",
      "  --fail-rate R        share of executions a device fails (0..1), default 0",
      "  --reject-rate R      share a device rejects, default 0",
      "  --hang-rate R        share a device never finishes, default 0",
      "  --steps N            progress updates per execution, default 2",
      "  --step-delay D       time per step: 250ms, 2s, ... default 200ms",
      "  --api-port P         Kubernetes API port, default 0 (any free port)",
      "  --mqtt-port P        embedded broker port, default 1883",
      "  --kubeconfig FILE    where to write the kubeconfig, default <tmp>/iot-jobs-local/kubeconfig",
      "  --exit-when-done     exit once every job is COMPLETED or CANCELED",
      "  --help               this text");

  public static LocalOptions parse(String... args) {
    int devices = 100;
    String broker = null;
    List<Path> apply = new ArrayList<>();
    double fail = 0;
    double reject = 0;
    double hang = 0;
    int steps = 2;
    Duration stepDelay = Duration.ofMillis(200);
    int apiPort = 0;
    int mqttPort = 1883;
    boolean exitWhenDone = false;
    boolean quickStart = true;
    boolean help = false;
    Path kubeconfig = Path.of(System.getProperty("java.io.tmpdir"), "iot-jobs-local", "kubeconfig");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--devices" -> devices = intValue(arg, value(args, ++i, arg), 0, 100_000);
        case "--broker" -> broker = brokerUrl(value(args, ++i, arg));
        case "--apply" -> apply.add(existing(value(args, ++i, arg)));
        case "--no-quick-start" -> quickStart = false;
        case "--fail-rate" -> fail = rate(arg, value(args, ++i, arg));
        case "--reject-rate" -> reject = rate(arg, value(args, ++i, arg));
        case "--hang-rate" -> hang = rate(arg, value(args, ++i, arg));
        case "--steps" -> steps = intValue(arg, value(args, ++i, arg), 1, 100);
        case "--step-delay" -> stepDelay = duration(arg, value(args, ++i, arg));
        case "--api-port" -> apiPort = intValue(arg, value(args, ++i, arg), 0, 65535);
        case "--mqtt-port" -> mqttPort = intValue(arg, value(args, ++i, arg), 0, 65535);
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, arg));
        case "--exit-when-done" -> exitWhenDone = true;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
      }
    }
    if (fail + reject + hang > 1) {
      throw new IllegalArgumentException("--fail-rate, --reject-rate and --hang-rate add up to more than 1");
    }
    return new LocalOptions(devices, broker, List.copyOf(apply), fail, reject, hang, steps, stepDelay, apiPort, mqttPort,
        exitWhenDone, kubeconfig, "default", quickStart, help);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value (see --help)");
    }
    return args[index];
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
