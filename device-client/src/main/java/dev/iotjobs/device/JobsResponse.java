package dev.iotjobs.device;

import com.fasterxml.jackson.databind.JsonNode;

/** An answer from the jobs service: accepted with its body, or rejected with a code and message. */
public record JobsResponse(boolean accepted, JsonNode body) {
  public String code() {
    return accepted ? null : body.path("code").asText(null);
  }

  /** The execution of a start-next or describe answer, or null when there is none. */
  public JsonNode execution() {
    JsonNode execution = body.get("execution");
    return execution == null || execution.isNull() ? null : execution;
  }
}
