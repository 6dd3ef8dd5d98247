package dev.iotjobs.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.api.execution.RejectionCode;
import dev.iotjobs.api.model.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON payloads of the AWS IoT Jobs device API (reference §4), timestamps in epoch seconds. */
public final class Payloads {
  public static final ObjectMapper JSON = new ObjectMapper();
  /** At most this many pending executions in get and notify (reference §4.3, §4.7). */
  public static final int MAX_PENDING_LISTED = 10;

  private Payloads() {}

  /** JobExecutionSummary: no status, which is implied by the list it is in. */
  public static ObjectNode summary(ExecutionView v) {
    ObjectNode node = JSON.createObjectNode();
    node.put("jobId", v.jobId());
    node.put("queuedAt", v.queuedAt().getEpochSecond());
    if (v.startedAt() != null) {
      node.put("startedAt", v.startedAt().getEpochSecond());
    }
    node.put("lastUpdatedAt", v.lastUpdatedAt().getEpochSecond());
    node.put("versionNumber", v.versionNumber());
    node.put("executionNumber", v.executionNumber());
    return node;
  }

  /** The data-plane JobExecution, with the document when one is given. */
  public static ObjectNode execution(ExecutionView v, JsonNode document, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("jobId", v.jobId());
    node.put("thingName", v.thingName());
    node.put("status", v.status().name());
    node.set("statusDetails", details(v.statusDetails()));
    node.put("queuedAt", v.queuedAt().getEpochSecond());
    if (v.startedAt() != null) {
      node.put("startedAt", v.startedAt().getEpochSecond());
    }
    node.put("lastUpdatedAt", v.lastUpdatedAt().getEpochSecond());
    if (v.timeoutAt() != null && !v.status().isTerminal()) {
      node.put("approximateSecondsBeforeTimedOut", Math.max(0, Duration.between(now, v.timeoutAt()).getSeconds()));
    }
    node.put("versionNumber", v.versionNumber());
    node.put("executionNumber", v.executionNumber());
    if (document != null) {
      node.set("jobDocument", document);
    }
    return node;
  }

  /** JobExecutionState: what update responses and errors carry. */
  public static ObjectNode state(ExecutionView v) {
    ObjectNode node = JSON.createObjectNode();
    node.put("status", v.status().name());
    node.set("statusDetails", details(v.statusDetails()));
    node.put("versionNumber", v.versionNumber());
    return node;
  }

  private static ObjectNode details(Map<String, String> details) {
    ObjectNode node = JSON.createObjectNode();
    details.forEach(node::put);
    return node;
  }

  /** GetPendingJobExecutions accepted: IN_PROGRESS and QUEUED summaries, at most ten in all. */
  public static ObjectNode pending(List<ExecutionView> pendingInOrder, String clientToken, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode inProgress = node.putArray("inProgressJobs");
    ArrayNode queued = node.putArray("queuedJobs");
    pendingInOrder.stream().limit(MAX_PENDING_LISTED).forEach(v ->
        (v.status() == ExecutionStatus.IN_PROGRESS ? inProgress : queued).add(summary(v)));
    return envelope(node, clientToken, now);
  }

  /** notify: {"jobs": {"IN_PROGRESS": [...], "QUEUED": [...]}}, or {"jobs": {}} when nothing is pending. */
  public static ObjectNode notifyList(List<ExecutionView> pendingInOrder, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("timestamp", now.getEpochSecond());
    ObjectNode jobs = node.putObject("jobs");
    pendingInOrder.stream().limit(MAX_PENDING_LISTED).forEach(v -> {
      String key = v.status().name();
      ArrayNode list = jobs.has(key) ? (ArrayNode) jobs.get(key) : jobs.putArray(key);
      list.add(summary(v));
    });
    return node;
  }

  /** notify-next: the next execution with its document, or only a timestamp when nothing is pending. */
  public static ObjectNode notifyNext(ExecutionView next, JsonNode document, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("timestamp", now.getEpochSecond());
    if (next != null) {
      node.set("execution", execution(next, document, now));
    }
    return node;
  }

  public static ObjectNode rejected(RejectionCode code, String message, String clientToken, ExecutionView state,
      Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("code", code.name());
    node.put("message", message);
    if (state != null && code.carriesExecutionState()) {
      node.set("executionState", state(state));
    }
    return envelope(node, clientToken, now);
  }

  public static ObjectNode envelope(ObjectNode node, String clientToken, Instant now) {
    node.put("timestamp", now.getEpochSecond());
    if (clientToken != null) {
      node.put("clientToken", clientToken);
    }
    return node;
  }
}
