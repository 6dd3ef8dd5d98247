package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes through the processes' client against a server: what reaches it, and what comes back for each answer. */
class DirectCallsTest {
  private static final String STORED = "{\"metadata\":{\"resourceVersion\":\"7\"}}";
  private static final String CONFLICT = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
      + "\"message\":\"the object has been modified\",\"reason\":\"Conflict\",\"code\":409}";
  private final Queue<Integer> codes = new ConcurrentLinkedQueue<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String url;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + exchange.getRequestHeaders().getFirst("User-Agent") + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
      Integer code = codes.poll();
      int answer = code == null ? 200 : code;
      byte[] bytes = (answer == 409 ? CONFLICT : answer == 200 ? STORED : "{}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private KubernetesClient client() {
    return new KubernetesClientBuilder().withHttpClientFactory(KubernetesClients.httpClients())
        .withConfig(new ConfigBuilder().withMasterUrl(url).withOauthToken("secret").withRequestRetryBackoffInterval(10)
            .build()).build();
  }

  @Test
  void aWriteCarriesTheClientsCredentialsAndItsAnswerComesBack() {
    String agent = fabric8sUserAgent();
    try (KubernetesClient client = client()) {
      assertThat(DirectCalls.of(client)).as("the processes' client has the direct path").isNotNull();
      byte[] answer = ResourceRequests.send(client, "PATCH", url + "/apis/g/v1/namespaces/n/things/a/status",
          "application/merge-patch+json", "{\"status\":{}}");

      assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(STORED);
      assertThat(seen).containsExactly("PATCH /apis/g/v1/namespaces/n/things/a/status Bearer secret " + agent
          + " application/merge-patch+json {\"status\":{}}");
    }
  }

  /** What Fabric8's own requests carry as User-Agent: the direct path sends the same headers. */
  private String fabric8sUserAgent() {
    try (KubernetesClient client = client()) {
      client.getHttpClient().sendAsync(client.getHttpClient().newHttpRequestBuilder().uri(url + "/version").build(),
          byte[].class).get();
      String agent = seen.remove(0).split(" ")[4];
      assertThat(agent).startsWith("fabric8-kubernetes-client/");
      return agent;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRefusalIsTheServersCodeAndStatusAndIsNotSentAgain() {
    codes.add(409);
    try (KubernetesClient client = client()) {
      assertThatThrownBy(() -> ResourceRequests.send(client, "POST", url + "/apis/g/v1/things", "application/json", "{}"))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(409);
            assertThat(e.getStatus().getMessage()).isEqualTo("the object has been modified");
          });
      assertThat(seen).hasSize(1);
    }
  }

  /** Fabric8's path refreshes an expired token and retries 429 and server errors with backoff: theirs to do, not ours. */
  @Test
  void anAnswerThatNeedsARefreshOrARetryIsSentAgainThroughFabric8sPath() {
    codes.add(401);
    codes.add(429);
    codes.add(503);
    try (KubernetesClient client = client()) {
      byte[] answer = ResourceRequests.send(client, "POST", url + "/apis/g/v1/things", "application/json", "{}");

      assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(STORED);
      assertThat(seen).hasSize(4).allMatch(request -> request.startsWith("POST /apis/g/v1/things Bearer secret fabric8-kubernetes-client/"));
    }
  }
}
