package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * The mock server's CRUD dispatcher with behaviours of a real API server added, so code tested here is right on a
 * real cluster: a {@code /status} write with a query string is a status write (the mock drops it), a status write
 * whose resourceVersion is stale is refused with 409 (the mock accepts it), which is what optimistic concurrency
 * between the operator and the bridge relies on, and a SelfSubjectRulesReview is answered (allow all: the sandbox
 * has no authorization).
 */
public class StrictCrudDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (request.method() == HttpMethod.GET) {
      return super.dispatch(request);
    }
    synchronized (this) {
      return dispatchWrite(request);
    }
  }

  private MockResponse dispatchWrite(RecordedRequest request) {
    String path = request.getPath();
    if (request.method() == HttpMethod.POST && path.contains("/selfsubjectrulesreviews")) {
      return allowEverything(request.getUtf8Body());
    }
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    boolean statusWrite = bare.endsWith("/status")
        && (request.method() == HttpMethod.PUT || request.method() == HttpMethod.PATCH);
    if (!statusWrite) {
      return super.dispatch(request);
    }
    // reading the body consumes it: read it once and hand a fresh buffer on
    String body = request.getUtf8Body();
    RecordedRequest withoutQuery = new RecordedRequest(request.getHttpVersion(), request.method(), bare,
        request.getHeaders(), new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    if (request.method() == HttpMethod.PUT) {
      MockResponse conflict = staleVersion(bare, body);
      if (conflict != null) {
        return conflict;
      }
    }
    return super.dispatch(withoutQuery);
  }

  /** The sandbox has no authorization: a rules review (JOSDK asks one before leader election) allows everything. */
  private static MockResponse allowEverything(String body) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode review = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
      review.putObject("status").put("incomplete", false).putArray("resourceRules").addObject()
          .<com.fasterxml.jackson.databind.node.ObjectNode>set("verbs", JSON.createArrayNode().add("*"))
          .<com.fasterxml.jackson.databind.node.ObjectNode>set("apiGroups", JSON.createArrayNode().add("*"))
          .set("resources", JSON.createArrayNode().add("*"));
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(JSON.writeValueAsString(review));
    } catch (IOException e) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_REQUEST).setBody(e.getMessage());
    }
  }

  private MockResponse staleVersion(String statusPath, String body) {
    try {
      String sent = JSON.readTree(body).path("metadata").path("resourceVersion").asText("");
      if (sent.isEmpty()) {
        return null;
      }
      String resourcePath = statusPath.substring(0, statusPath.length() - "/status".length());
      MockResponse stored = handleGet(resourcePath);
      if (stored.code() != HttpURLConnection.HTTP_OK) {
        return null;
      }
      JsonNode current = JSON.readTree(stored.getBody().readUtf8());
      String version = current.path("metadata").path("resourceVersion").asText("");
      if (version.equals(sent)) {
        return null;
      }
      String name = current.path("metadata").path("name").asText();
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CONFLICT).setBody(
          "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
              + "\"message\":\"Operation cannot be fulfilled on " + name
              + ": the object has been modified; please apply your changes to the latest version and try again\"}");
    } catch (IOException e) {
      return null;
    }
  }
}
