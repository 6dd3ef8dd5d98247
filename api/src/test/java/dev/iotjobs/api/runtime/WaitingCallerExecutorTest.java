package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaitingCallerExecutorTest {
  private final WaitingCallerExecutor executor = new WaitingCallerExecutor();
  private HttpServer server;

  @AfterEach
  void stop() {
    executor.shutdownNow();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aTaskAskedForByAWaitingCallerRunsOnItsThreadAndAnyOtherOnThePool() throws Exception {
    Thread caller = Thread.currentThread();
    CompletableFuture<Thread> asked = WaitingCallerExecutor.runHere(() -> runOn(executor));
    CompletableFuture<Thread> other = runOn(executor);

    assertThat(asked).isCompletedWithValue(caller);
    assertThat(other.get()).isNotEqualTo(caller);
    assertThat(other.get().getName()).startsWith("OkHttp Dispatcher");
  }

  @Test
  void nestedAskingKeepsTheOuterSettingAndLeavesNothingBehind() throws Exception {
    Thread caller = Thread.currentThread();
    CompletableFuture<Thread> inner = WaitingCallerExecutor.runHere(() -> WaitingCallerExecutor.runHere(() -> null)
        == null ? runOn(executor) : null);

    assertThat(inner).isCompletedWithValue(caller);
    assertThat(runOn(executor).get()).isNotEqualTo(caller);
  }

  @Test
  void aShutDownExecutorRefusesEvenAWaitingCaller() {
    executor.shutdown();
    assertThat(executor.isShutdown()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WaitingCallerExecutor.runHere(() -> runOn(executor)))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  /**
   * Through the processes' HTTP client, against a server: a status write or a create ({@link ResourceRequests}) reads
   * its answer on the thread that sent it; a call nobody waits for on (a watch, JOSDK's reads) is read on OkHttp's pool.
   */
  @Test
  void aWriteThroughTheProcessesClientIsReadOnTheWritersThread() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "{\"metadata\":{\"resourceVersion\":\"7\"}}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    List<Thread> readers = new CopyOnWriteArrayList<>();
    Interceptor probe = new Interceptor() {
      @Override
      public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer,
          HttpRequest request) {
        return (buffers, body) -> {
          readers.add(Thread.currentThread());
          consumer.consume(buffers, body);
        };
      }
    };
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(KubernetesClients.httpClients())
        .withConfig(new ConfigBuilder().withMasterUrl(url).withRequestRetryBackoffLimit(0).build())
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("probe", probe)).build()) {
      assertThat(((io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl) client.getHttpClient()).getOkHttpClient()
          .dispatcher().executorService()).isInstanceOf(WaitingCallerExecutor.class);

      ResourceRequests.send(client, "PATCH", url + "/apis/iotjobs.dev/v1alpha1/jobexecutions/x/status",
          "application/merge-patch+json", "{}");
      assertThat(readers).isNotEmpty().allMatch(reader -> reader == Thread.currentThread());

      readers.clear();
      client.getHttpClient().sendAsync(client.getHttpClient().newHttpRequestBuilder().uri(url + "/version").build(),
          byte[].class).get();
      assertThat(readers).isNotEmpty().noneMatch(reader -> reader == Thread.currentThread());
    }
  }

  private static CompletableFuture<Thread> runOn(java.util.concurrent.Executor executor) {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    executor.execute(() -> ran.complete(Thread.currentThread()));
    return ran;
  }
}
