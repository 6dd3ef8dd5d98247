package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pool whose clean-up is not woken per call still closes what OkHttp's would, within the lag. */
class LazyPoolCleanupTest {
  private static final int CONCURRENT = 3;
  private final CountDownLatch allArrived = new CountDownLatch(CONCURRENT);
  private volatile boolean holdUntilAllArrive;
  private HttpServer server;
  private String url;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      if (holdUntilAllArrive) {
        allArrived.countDown();
        try {
          allArrived.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = "{}".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aConnectionIsKeptForCallsThenClosedOnceIdlePastItsKeepAlive() throws IOException {
    ConnectionPool pool = LazyPoolCleanup.pool(5, Duration.ofSeconds(3));
    OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

    for (int i = 0; i < 20; i++) {
      call(client);
    }

    assertThat(pool.connectionCount()).as("one connection reused by sequential calls").isEqualTo(1);
    await().atMost(Duration.ofSeconds(3).plus(LazyPoolCleanup.LAG).plusSeconds(5))
        .until(() -> pool.connectionCount() == 0);
  }

  @Test
  void idleConnectionsBeyondTheNumberKeptAreClosed() throws Exception {
    ConnectionPool pool = LazyPoolCleanup.pool(1, Duration.ofMinutes(5));
    OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
    holdUntilAllArrive = true;

    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      calls.add(CompletableFuture.runAsync(() -> {
        try {
          call(client);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    await().atMost(LazyPoolCleanup.LAG.plusSeconds(5)).until(() -> pool.connectionCount() == 1);
    assertThat(pool.idleConnectionCount()).isEqualTo(1);
  }

  private void call(OkHttpClient client) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("{}");
    }
  }
}
