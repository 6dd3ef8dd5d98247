package dev.iotjobs.embedded;

import dev.iotjobs.api.model.GeneratedCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * An in-process Kubernetes API: the Fabric8 mock server in CRUD mode, with the iotjobs.dev CRDs registered (so the
 * status subresource works) and {@link StrictCrudDispatcher}'s real-server behaviours: schema defaults and validation
 * on write, optimistic locking on status, discovery and printing. A sandbox for tests and local mode, not a cluster.
 */
public class EmbeddedKubernetes implements AutoCloseable {
  public static final List<Class<? extends CustomResource<?, ?>>> KINDS = GeneratedCrds.KINDS;
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final StrictCrudDispatcher dispatcher;
  private final ApiFrontEnd frontEnd;

  public EmbeddedKubernetes() {
    this(0);
  }

  /** Listens on the loopback address at the port given, or a free one for 0. */
  public EmbeddedKubernetes(int port) {
    if (port != 0) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
        probe.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("API port " + port + " is in use; choose another with --api-port, or 0 for"
            + " any free port");
      }
    }
    dispatcher = new StrictCrudDispatcher();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    // the mock listens on a port of its own; clients outside this process (kubectl) use the front end's
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    List<CustomResourceDefinition> crds = KINDS.stream().map(EmbeddedKubernetes::crd).toList();
    crds.forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    dispatcher.serve(crds);
    frontEnd = new ApiFrontEnd(dispatcher, InetAddress.getLoopbackAddress(), port);
  }

  /** The CRD as committed in crds/: generated from the model, printer columns in declared order. */
  public static CustomResourceDefinition crd(Class<? extends CustomResource<?, ?>> kind) {
    return GeneratedCrds.of(kind);
  }

  /**
   * Runs the writes with schema and CEL validation off, as if made under an older, looser CRD: how a test stores an
   * object that today's schema would refuse, to show that readers survive it.
   */
  public void withoutValidation(Runnable writes) {
    dispatcher.validating = false;
    try {
      writes.run();
    } finally {
      dispatcher.validating = true;
    }
  }

  /**
   * Delivers every later watch event this long after its change, in order, to all watchers (in-process informers and
   * streaming clients alike), as a loaded API server does; reads and writes are not delayed. For tests that show a
   * controller acting on its own writes rather than on a cache that lags behind them.
   */
  public void watchLatency(java.time.Duration latency) {
    dispatcher.watchLatency.set(latency);
  }

  /** Streaming (client-go) watches open now. */
  int streamingWatches() {
    return dispatcher.watches().watching();
  }

  /** Successful writes served so far, by resource and verb. */
  public ApiWrites writes() {
    return dispatcher.writes;
  }

  /** A client for this API (shares the server; close it or let {@link #close()} end everything). */
  public KubernetesClient client() {
    return client;
  }

  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Where clients outside this process reach the API: kubectl, other processes, the kubeconfig. */
  public String url() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + frontEnd.port() + "/";
  }

  public int port() {
    return frontEnd.port();
  }

  /** A kubeconfig for kubectl and other clients (no credentials: the sandbox has no authentication). */
  public String kubeconfig() {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: iot-jobs-local",
        "  cluster: {server: \"" + url().replaceAll("/$", "") + "\"}",
        "users:",
        "- name: iot-jobs-local",
        "  user: {token: sandbox}",
        "contexts:",
        "- name: iot-jobs-local",
        "  context: {cluster: iot-jobs-local, user: iot-jobs-local, namespace: default}",
        "current-context: iot-jobs-local",
        "");
  }

  @Override
  public void close() {
    frontEnd.close();
    client.close();
    server.destroy();
    dispatcher.watchLatency.close();
  }
}
