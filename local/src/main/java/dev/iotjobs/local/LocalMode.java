package dev.iotjobs.local;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.protocol.PresenceEvent;
import dev.iotjobs.bridge.DeviceBridge;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The whole system in one process: an embedded Kubernetes API (a sandbox, not a cluster), an MQTT broker, the
 * operator, the device bridge and simulated devices; applies the quick-start job and shows progress live.
 */
public class LocalMode implements AutoCloseable {
  /** The mock API server logs every request through java.util.logging; held here so the level sticks. */
  private static final java.util.logging.Logger QUIET_MOCK_SERVER = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  /** Annotation on a Thing: "false" keeps local mode from simulating its device. */
  public static final String SIMULATE = "local.iotjobs.dev/simulate";
  /** Annotation on a Thing: FAILED, REJECTED or HANG makes its simulated device answer every execution so. */
  public static final String OUTCOME = "local.iotjobs.dev/outcome";
  private static final String[] SITES = {"berlin", "paris", "madrid", "oslo"};
  private static final String[] MODELS = {"t1000", "t2000"};
  private final LocalOptions options;
  private final PrintStream out;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final ScheduledExecutorService view = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "progress-view");
    thread.setDaemon(true);
    return thread;
  });
  private final CountDownLatch done = new CountDownLatch(1);
  private KubernetesClient client;
  private EmbeddedKubernetes api;
  private List<String> things;
  private RunSummary summary;
  private String brokerUrl;
  private org.jline.terminal.Terminal terminal;

  public LocalMode(LocalOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    LocalOptions options;
    try {
      options = LocalOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("iot-jobs-local: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(LocalOptions.usage());
      return;
    }
    LocalMode local = new LocalMode(options, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      local.printSummary();
      local.close();
    }, "shutdown"));
    try {
      local.start();
    } catch (RuntimeException e) {
      System.err.println("iot-jobs-local: " + message(e));
      local.summary = new RunSummary(List.of(), 1); // nothing ran: no summary at exit
      local.close();
      System.exit(1);
      return;
    }
    local.awaitDone();
    if (options.exitWhenDone()) {
      RunSummary summary = local.printSummary();
      local.close();
      System.exit(summary.exitStatus());
    }
  }

  /** Prints the summary once (at --exit-when-done, or when stopped) and returns it. */
  public synchronized RunSummary printSummary() {
    if (summary == null && client != null) {
      view.shutdownNow();
      try {
        summary = RunSummary.of(client.resources(IoTJob.class).inNamespace(options.namespace()).list().getItems());
      } catch (RuntimeException e) {
        summary = new RunSummary(List.of("local mode: no summary, the API did not answer: " + message(e)), 1);
      }
      out.println();
      out.println(summary.text());
      out.flush();
    }
    return summary;
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  public void start() {
    startApi();
    startSystem();
  }

  /** The embedded API with the simulated devices' Things, and its kubeconfig: the first half of {@link #start()}. */
  public EmbeddedKubernetes startApi() {
    QUIET_MOCK_SERVER.setLevel(java.util.logging.Level.WARNING);
    api = new EmbeddedKubernetes(options.apiPort());
    started.add(api);
    client = api.client();
    writeKubeconfig(api);
    things = createThings();
    return api;
  }

  /** The broker (unless --broker names one), operator, bridge and devices, then the YAML and the progress view. */
  public void startSystem() {
    String brokerUrl = options.broker();
    String brokerName = "the MQTT broker at " + brokerUrl;
    Set<PresenceEvent.Source> presence = Set.of();
    if (brokerUrl == null) {
      boolean mosquitto = options.embeddedBroker() == LocalOptions.EmbeddedBrokerKind.MOSQUITTO
          || options.embeddedBroker() == LocalOptions.EmbeddedBrokerKind.AUTO && MosquittoBroker.installed();
      if (mosquitto) {
        MosquittoBroker broker = new MosquittoBroker(options.mqttPort());
        started.add(broker);
        brokerUrl = broker.url();
        brokerName = "Mosquitto on " + brokerUrl;
        presence = Set.of(PresenceEvent.Source.MOSQUITTO);
      } else {
        EmbeddedBroker broker = new EmbeddedBroker(options.mqttPort());
        started.add(broker);
        brokerUrl = broker.url();
        brokerName = "Moquette (embedded) on " + brokerUrl;
      }
    }

    OperatorSettings operatorSettings = OperatorSettings.defaults();
    IoTJobsOperator operator = new IoTJobsOperator(client, operatorSettings, Clock.systemUTC());
    started.add(operator);
    operator.start();
    DeviceBridge bridge = new DeviceBridge(client, BridgeSettings.defaults(brokerUrl)
        .withClientId("iot-jobs-local-bridge").withThrottle(1000, 1000).withPresenceEvents(presence), Clock.systemUTC());
    started.add(bridge);
    bridge.start();

    this.brokerUrl = brokerUrl;
    FleetSimulator fleet = new FleetSimulator();
    started.add(fleet);
    fleet.start(URI.create(brokerUrl), things, behavior(), null, BridgeSettings.DEFAULT_TOPIC_ROOT);
    if (options.simulateApplied()) {
      simulateAppliedThings(fleet, URI.create(brokerUrl));
    }

    if (options.quickStart()) {
      apply("quick-start", LocalMode.class.getResourceAsStream("/quick-start.yaml"));
    }
    for (Path path : options.apply()) {
      apply(path);
    }
    out.println("local mode: " + things.size() + " simulated devices, broker " + brokerName);
    out.println("API " + api.url() + " (a sandbox: use the Helm chart for a real cluster)");
    out.println("export KUBECONFIG=" + options.kubeconfig().toAbsolutePath());
    ProgressView progress = new ProgressView(out, interactiveTerminal(), Clock.systemUTC());
    view.scheduleWithFixedDelay(() -> refresh(progress), 0, 500, TimeUnit.MILLISECONDS);
  }

  /** JLine's terminal when local mode's output is one (so the view can size itself), else null. */
  private org.jline.terminal.Terminal interactiveTerminal() {
    if (out != System.out || System.console() == null) {
      return null;
    }
    try {
      terminal = org.jline.terminal.TerminalBuilder.builder().system(true).signalHandler(
          org.jline.terminal.Terminal.SignalHandler.SIG_DFL).build();
      started.add(terminal);
      return terminal;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Every Thing applied (in any namespace) gets a simulated device too, unless annotated
   * {@value #SIMULATE}: "false"; {@value #OUTCOME} makes its device fail, reject or hang every execution.
   */
  private void simulateAppliedThings(FleetSimulator fleet, URI broker) {
    java.util.Set<String> fleetNames = new java.util.HashSet<>(things);
    started.add(client.resources(Thing.class).inAnyNamespace().inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
      @Override
      public void onAdd(Thing thing) {
        String name = thing.getMetadata().getName();
        Map<String, String> annotations = java.util.Objects.requireNonNullElse(thing.getMetadata().getAnnotations(), Map.of());
        if (!fleetNames.contains(name) && !"false".equalsIgnoreCase(annotations.get(SIMULATE))) {
          fleet.add(broker, name, behavior(annotations.get(OUTCOME)), null, BridgeSettings.DEFAULT_TOPIC_ROOT);
        }
      }

      @Override
      public void onUpdate(Thing before, Thing after) {
        onAdd(after);
      }

      @Override
      public void onDelete(Thing thing, boolean unknownFinalState) {
        if (!fleetNames.contains(thing.getMetadata().getName())) {
          fleet.remove(thing.getMetadata().getName());
        }
      }
    }));
  }

  /** A device's behaviour from its Thing's outcome annotation; the command line's rates without one. */
  private DeviceBehavior behavior(String outcome) {
    if (outcome == null || outcome.isBlank()) {
      return behavior();
    }
    DeviceBehavior base = new DeviceBehavior(0, 0, 0, options.steps(), options.stepDelay());
    return switch (outcome.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "FAILED", "FAIL" -> base.withFailRate(1);
      case "REJECTED", "REJECT" -> base.withRejectRate(1);
      case "HANG" -> base.withHangRate(1);
      default -> base;
    };
  }

  private DeviceBehavior behavior() {
    return DeviceBehavior.succeeding().withFailRate(options.failRate()).withRejectRate(options.rejectRate())
        .withHangRate(options.hangRate()).withSteps(options.steps(), options.stepDelay());
  }

  private void writeKubeconfig(EmbeddedKubernetes api) {
    try {
      Files.createDirectories(options.kubeconfig().toAbsolutePath().getParent());
      Files.writeString(options.kubeconfig(), api.kubeconfig());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the kubeconfig to " + options.kubeconfig() + ": " + e.getMessage());
    }
  }

  private List<String> createThings() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= options.devices(); i++) {
      names.add(String.format("sim-%04d", i));
    }
    names.parallelStream().forEach(name -> {
      int n = Integer.parseInt(name.substring(4));
      Thing thing = new Thing();
      thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(options.namespace())
          .withLabels(Map.of("simulated", "true", "sim-site", SITES[n % SITES.length], "sim-model", MODELS[n % MODELS.length]))
          .build());
      client.resource(thing).create();
    });
    return names;
  }

  /** Applies every YAML file of a directory (or one file), as --apply does. */
  public void apply(Path path) {
    try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          apply(file.toString(), in);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /** Creates or updates every object of a YAML stream; a schema violation is one clear line naming the file. */
  private void apply(String source, InputStream yaml) {
    List<HasMetadata> items;
    try {
      items = client.load(yaml).items();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + " is not valid Kubernetes YAML: " + message(e));
    }
    for (HasMetadata item : items) {
      if (item.getMetadata().getNamespace() == null) {
        item.getMetadata().setNamespace(options.namespace());
      }
      try {
        client.resource(item).createOr(NonDeletingOperation::update);
      } catch (KubernetesClientException e) {
        String reason = e.getStatus() == null || e.getStatus().getMessage() == null ? e.getMessage() : e.getStatus().getMessage();
        throw new IllegalArgumentException(source + ": " + reason);
      }
    }
  }

  private void refresh(ProgressView progress) {
    try {
      List<IoTJob> jobs = client.resources(IoTJob.class).inNamespace(options.namespace()).list().getItems();
      progress.render(jobs);
      boolean allDone = !jobs.isEmpty() && jobs.stream().allMatch(j -> j.getStatus() != null
          && j.getStatus().getStatus() != null && j.getStatus().getStatus().isTerminal());
      if (allDone && options.exitWhenDone()) {
        done.countDown();
      }
    } catch (RuntimeException e) {
      out.println("progress: " + message(e));
    }
  }

  /** Blocks until every job is done (with --exit-when-done) or the process is stopped. */
  public void awaitDone() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The MQTT broker devices connect to (the embedded one unless --broker named another). */
  public String brokerUrl() {
    return brokerUrl;
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public synchronized void close() {
    view.shutdownNow();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // closing the rest anyway
      }
    }
    started.clear();
  }
}
