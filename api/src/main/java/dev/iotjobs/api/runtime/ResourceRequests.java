package dev.iotjobs.api.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Requests for our custom resources sent through the client's HTTP client (its authentication, TLS and timeouts)
 * without Fabric8's resource operations: those copy the object, build the URL by parsing every part as a URI and bind
 * the whole answer, several times the cost of the request itself on the writes every execution makes.
 */
final class ResourceRequests {
  private ResourceRequests() {}

  /** The collection the object is created in: {@code …/apis/GROUP/VERSION[/namespaces/NS]/PLURAL}. */
  static String collectionUrl(String masterUrl, HasMetadata resource) {
    String namespace = resource.getMetadata().getNamespace();
    String[] parts = PATH_PARTS.get(resource.getClass()); // group path and plural, read from the class's annotations once
    StringBuilder url = new StringBuilder(masterUrl.length() + 128).append(masterUrl);
    if (!masterUrl.endsWith("/")) {
      url.append('/');
    }
    url.append(parts[0]);
    if (namespace != null) {
      url.append("/namespaces/").append(namespace);
    }
    return url.append('/').append(parts[1]).toString();
  }

  /** The object itself: its collection and its name. */
  static String objectUrl(String masterUrl, HasMetadata resource) {
    return collectionUrl(masterUrl, resource) + "/" + resource.getMetadata().getName();
  }

  private static final ClassValue<String[]> PATH_PARTS = new ClassValue<>() {
    @Override
    @SuppressWarnings("unchecked")
    protected String[] computeValue(Class<?> type) {
      Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
      return new String[] {"apis/" + HasMetadata.getGroup(resource) + "/" + HasMetadata.getVersion(resource),
          HasMetadata.getPlural(resource)};
    }
  };

  /**
   * Sends the request and waits for the answer: the successful answer's body, or a {@link KubernetesClientException}
   * with the server's code and Status (409 on a conflict, 404 when the object is gone). Sent on this thread
   * ({@link DirectCalls}); what that cannot finish alone goes through Fabric8's own path, which refreshes an expired
   * token and retries server errors, 429 (after the server's Retry-After) and broken connections with backoff.
   */
  static byte[] send(KubernetesClient client, String method, String url, String contentType, String body) {
    DirectCalls direct = DirectCalls.of(client);
    if (direct != null) {
      try {
        DirectCalls.Answer answer = direct.send(method, url, contentType, body);
        if (answer.isSuccessful()) {
          return answer.body();
        }
        if (!answer.needsFabric8sPath()) {
          throw new KubernetesClientException(refusal(client.getKubernetesSerialization(), answer.code(),
              answer.body()));
        }
      } catch (IOException retried) {
        // as a server error: through Fabric8's path, with its retries
      }
    }
    return throughFabric8(client, method, url, contentType, body);
  }

  private static byte[] throughFabric8(KubernetesClient client, String method, String url, String contentType,
      String body) {
    HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .method(method, contentType, body);
    int timeout = client.getConfiguration().getRequestTimeout();
    if (timeout > 0) {
      request.timeout(timeout, TimeUnit.MILLISECONDS);
    }
    HttpResponse<byte[]> response;
    try {
      response = client.getHttpClient().sendAsync(request.build(), byte[].class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubernetesClientException.launderThrowable(e);
    } catch (ExecutionException e) {
      throw KubernetesClientException.launderThrowable(e.getCause());
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException(refusal(client.getKubernetesSerialization(), response.code(),
          response.body()));
    }
    return response.body();
  }

  /** The server's Status when it sent one, else one with the response's code and body. */
  private static Status refusal(KubernetesSerialization json, int code, byte[] answer) {
    String body = answer == null ? "" : new String(answer, StandardCharsets.UTF_8);
    try {
      Status status = json.unmarshal(body, Status.class);
      if (status != null && status.getCode() != null) {
        return status;
      }
    } catch (RuntimeException notAStatus) {
      // fall through: a proxy's page, or nothing
    }
    return new StatusBuilder().withCode(code).withMessage(body).build();
  }
}
