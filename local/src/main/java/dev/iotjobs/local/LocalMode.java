package dev.iotjobs.local;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.bridge.BridgeSettings;
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
      System.out.println(LocalOptions.USAGE);
      return;
    }
    LocalMode local = new LocalMode(options, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(local::close, "shutdown"));
    try {
      local.start();
    } catch (RuntimeException e) {
      System.err.println("iot-jobs-local: " + message(e));
      local.close();
      System.exit(1);
      return;
    }
    local.awaitDone();
    if (options.exitWhenDone()) {
      local.close();
      System.exit(0);
    }
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
    if (brokerUrl == null) {
      EmbeddedBroker broker = new EmbeddedBroker(options.mqttPort());
      started.add(broker);
      brokerUrl = broker.url();
    }

    OperatorSettings operatorSettings = OperatorSettings.defaults();
    IoTJobsOperator operator = new IoTJobsOperator(client, operatorSettings, Clock.systemUTC());
    started.add(operator);
    operator.start();
    DeviceBridge bridge = new DeviceBridge(client, BridgeSettings.defaults(brokerUrl)
        .withClientId("iot-jobs-local-bridge").withThrottle(1000, 1000), Clock.systemUTC());
    started.add(bridge);
    bridge.start();

    FleetSimulator fleet = new FleetSimulator();
    started.add(fleet);
    fleet.start(URI.create(brokerUrl), things, behavior(), null, BridgeSettings.DEFAULT_TOPIC_ROOT);

    if (options.quickStart()) {
      apply("quick-start", LocalMode.class.getResourceAsStream("/quick-start.yaml"));
    }
    for (Path path : options.apply()) {
      applyPath(path);
    }
    out.println("local mode: " + things.size() + " simulated devices on " + brokerUrl + "; API " + api.url()
        + " (a sandbox: use the Helm chart for a real cluster)");
    out.println("export KUBECONFIG=" + options.kubeconfig().toAbsolutePath());
    ProgressView progress = new ProgressView(out, System.console() != null, Clock.systemUTC());
    view.scheduleWithFixedDelay(() -> refresh(progress), 0, 500, TimeUnit.MILLISECONDS);
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
          .withLabels(Map.of("simulated", "true", "site", SITES[n % SITES.length], "model", MODELS[n % MODELS.length]))
          .build());
      client.resource(thing).create();
    });
    return names;
  }

  private void applyPath(Path path) {
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
