package dev.iotjobs.kubectl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first read of {@code get JOB} (the job), started before picocli parses the command line. Most of the plugin's time is the
 * JVM's start and picocli's (a third of a second), and kubectl's answer takes about as long again; for the command
 * people run most, the two now overlap. Only a plain {@code get JOB} with the options below is recognised; anything
 * else is left to picocli alone, which parses every command line in full either way; a read nobody takes is simply
 * not used.
 */
final class EarlyReads {
  /** Options of {@code get} and the plugin's global ones that take a value: what each sets for the reads, if anything. */
  private static final Map<String, String> WITH_VALUE = Map.of("-n", "namespace", "--namespace", "namespace",
      "--kubeconfig", "kubeconfig", "--context", "context", "-o", "", "--output", "");
  private static final Set<String> FLAGS = Set.of("-w", "--watch");
  private static Started started;

  /** The read under way, for the cluster and job it was started for. */
  record Started(Cluster cluster, String job, Cluster.Call read) {}

  private EarlyReads() {}

  /** What a plain {@code get JOB} command line names. */
  record GetJob(String kubeconfig, String context, String namespace, String job) {}

  /** Starts the read if the command line is {@code get JOB} with nothing the plugin would read differently. */
  static synchronized void start(String[] args, Map<String, String> env) {
    recognise(args).ifPresent(get -> {
      Cluster cluster = Cluster.of(env, get.kubeconfig(), get.context(), get.namespace());
      started = new Started(cluster, get.job(), cluster.get(Cluster.JOBS, get.job()));
    });
  }

  /** A plain {@code get JOB}, else empty (for picocli alone to parse). */
  static Optional<GetJob> recognise(String[] args) {
    Map<String, String> values = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (WITH_VALUE.containsKey(name)) {
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : ++i < args.length ? args[i] : null;
        String key = WITH_VALUE.get(name);
        if (value == null || !key.isEmpty() && values.put(key, value) != null) {
          return Optional.empty(); // picocli says what is wrong
        }
      } else if (arg.startsWith("-") && !FLAGS.contains(arg)) {
        return Optional.empty();
      } else if (!arg.startsWith("-")) {
        positional.add(arg);
      }
    }
    if (positional.size() != 2 || !positional.get(0).equals("get")) {
      return Optional.empty();
    }
    return Optional.of(new GetJob(values.get("kubeconfig"), values.get("context"), values.get("namespace"),
        positional.get(1)));
  }

  /** The read started for this cluster and job, taken (a call is read once), if any. */
  static synchronized Optional<Cluster.Call> take(Cluster cluster, String job) {
    Started early = started;
    if (early == null || !early.cluster().sameAs(cluster) || !early.job().equals(job)) {
      return Optional.empty();
    }
    started = null;
    return Optional.of(early.read());
  }
}
