package dev.iotjobs.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.Consumer;

/** A user's edit the way it must be done against a live object: read, change, write, and on 409 read again. */
public final class Updates {
  private static final int ATTEMPTS = 20;

  private Updates() {}

  public static <T extends HasMetadata> T retrying(KubernetesClient client, Class<T> type, String namespace, String name,
      Consumer<T> change) {
    for (int attempt = 1; ; attempt++) {
      T current = client.resources(type).inNamespace(namespace).withName(name).get();
      change.accept(current);
      try {
        return client.resource(current).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
