package dev.iotjobs.embedded;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * An in-process Kubernetes API: the Fabric8 mock server in CRUD mode, with the iotjobs.dev CRDs registered (so the
 * status subresource works) and {@link StrictCrudDispatcher}'s real-server behaviours. It validates no schema: the
 * CRD schema is tested on its own. A sandbox for tests and local mode, not a cluster.
 */
public class EmbeddedKubernetes implements AutoCloseable {
  public static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(Thing.class, ThingGroup.class, IoTJob.class, JobExecution.class);
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public EmbeddedKubernetes() {
    this(0);
  }

  /** Listens on the loopback address at the port given, or a free one for 0. */
  public EmbeddedKubernetes(int port) {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new StrictCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    client = server.createClient();
    for (Class<? extends CustomResource<?, ?>> kind : KINDS) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd(kind)).create();
    }
  }

  /** The CRD the Fabric8 generator wrote into the api jar. */
  public static CustomResourceDefinition crd(Class<? extends CustomResource<?, ?>> kind) {
    String resource = "/META-INF/fabric8/" + CustomResource.getCRDName(kind) + "-v1.yml";
    try (InputStream in = EmbeddedKubernetes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource + " in the api jar");
      }
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client for this API (shares the server; close it or let {@link #close()} end everything). */
  public KubernetesClient client() {
    return client;
  }

  public KubernetesClient newClient() {
    return server.createClient();
  }

  public String url() {
    return client.getConfiguration().getMasterUrl();
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
