package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** The API server's meta/v1 Status for a refusal, as JSON and as a response. */
final class Statuses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Statuses() {}

  static ObjectNode node(int code, String reason, String message) {
    return JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Status").put("status", "Failure")
        .put("message", message).put("reason", reason).put("code", code);
  }

  static String failure(int code, String reason, String message) {
    return node(code, reason, message).toString();
  }

  static MockResponse response(ObjectNode status) {
    return new MockResponse().setResponseCode(status.path("code").asInt()).setBody(status.toString());
  }

  static MockResponse response(int code, String reason, String message) {
    return response(node(code, reason, message));
  }
}
