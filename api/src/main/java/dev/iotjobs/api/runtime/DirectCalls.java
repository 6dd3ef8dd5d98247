package dev.iotjobs.api.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A request sent on the calling thread through the OkHttp client under Fabric8's, with the headers Fabric8's own
 * interceptors add (authentication, impersonation, custom headers): what a status write or a create needs, without
 * Fabric8's asynchronous path. That path handed every write to OkHttp's dispatcher, its body to another pooled thread
 * and the answer back (three wake-ups in the kernel), built an OkHttp client per request for its timeout, and parsed
 * its URL twice: half of what the bridge's write cost (docs/benchmarks.md). An answer this path cannot finish alone (a
 * token to refresh, a server error, a broken connection) is sent again through Fabric8's path, which refreshes and
 * retries with backoff.
 */
final class DirectCalls {
  /** The client's parts, found once: the processes use one client for their life. */
  private static volatile DirectCalls last;
  private static final Map<String, MediaType> MEDIA_TYPES = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final OkHttpClient calls;
  private final List<Interceptor> interceptors;

  private DirectCalls(HttpClient http, OkHttpClient calls, List<Interceptor> interceptors) {
    this.http = http;
    this.calls = calls;
    this.interceptors = interceptors;
  }

  /** The direct path for this client, or null when its HTTP client is not OkHttp under Fabric8's standard client. */
  static DirectCalls of(KubernetesClient client) {
    HttpClient http = client.getHttpClient();
    DirectCalls known = last;
    if (known != null && known.http == http) {
      return known;
    }
    if (!(http instanceof OkHttpClientImpl okhttp)
        || !(http.newBuilder() instanceof StandardHttpClientBuilder<?, ?, ?> builder)) {
      return null;
    }
    OkHttpClient.Builder calls = okhttp.getOkHttpClient().newBuilder(); // its connections, TLS and dispatcher
    int timeout = client.getConfiguration().getRequestTimeout();
    if (timeout > 0) {
      calls.callTimeout(Duration.ofMillis(timeout));
    }
    DirectCalls made = new DirectCalls(http, calls.build(), List.copyOf(builder.getInterceptors().values()));
    last = made;
    return made;
  }

  /** The answer's code and body. */
  record Answer(int code, byte[] body) {
    private static final int TOO_MANY_REQUESTS = 429;

    boolean isSuccessful() {
      return code >= 200 && code < 300;
    }

    /**
     * Whether Fabric8's own path would do more with this answer than hand it back: refresh a token (401), or retry
     * after the server's Retry-After or with backoff (429 and server errors, as Fabric8 retries them).
     */
    boolean needsFabric8sPath() {
      return code == HttpURLConnection.HTTP_UNAUTHORIZED || code == TOO_MANY_REQUESTS
          || code >= HttpURLConnection.HTTP_INTERNAL_ERROR;
    }
  }

  /** Sends the request and reads the whole answer on this thread. */
  Answer send(String method, String url, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Request.Builder request = new Request.Builder().url(url)
        .method(method, RequestBody.create(bytes, MEDIA_TYPES.computeIfAbsent(contentType, MediaType::get)));
    HttpRequest asFabric8Sees = http.newHttpRequestBuilder().uri(url).method(method, contentType, body).build();
    BasicBuilder headers = new OkHttpHeaders(request);
    for (Interceptor interceptor : interceptors) {
      interceptor.before(headers, asFabric8Sees, (StandardHttpClient<?, ?, ?>) http);
    }
    try (Response response = calls.newCall(request.build()).execute()) {
      ResponseBody answer = response.body();
      return new Answer(response.code(), answer == null ? new byte[0] : answer.bytes());
    }
  }

  /** What the interceptors set, on the OkHttp request. */
  private record OkHttpHeaders(Request.Builder request) implements BasicBuilder {
    @Override
    public BasicBuilder uri(URI uri) {
      request.url(uri.toString());
      return this;
    }

    @Override
    public BasicBuilder header(String name, String value) {
      request.addHeader(name, value);
      return this;
    }

    @Override
    public BasicBuilder setHeader(String name, String value) {
      request.header(name, value);
      return this;
    }
  }
}
