package dev.iotjobs.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code kubectl iotjobs get JOB} shows: status and why, a progress bar, the counters, rates and time to done,
 * the rollout step and next window, the conditions, and the latest failing things with their statusDetails. Pure:
 * built from the job and its failing executions as the API server printed them (JSON trees: binding them to the
 * model's classes would cost the plugin's start a quarter of a second of Jackson's introspection), and the time.
 */
record JobReport(String name, String status, String waitingReason, int targets, int terminal, JobProcessDetails counters,
    Integer queueRatePerMinute, Double finishRatePerMinute, Duration timeToDone, Integer rolloutStep, String nextWindow,
    List<Condition> conditions, List<Failure> failing, int failingTotal, List<JsonNode> waves, String currentWave,
    String rollbackJob) {

  static final int FAILURES_SHOWN = 5;
  static final Set<ExecutionStatus> FAILED = dev.iotjobs.api.model.IoTJobStatus.RecentFailure.STATUSES;
  private static final int BAR = 30;

  /** A thing whose current execution failed, timed out or was rejected. */
  record Failure(String thing, String status, String lastUpdatedAt, long attempt, Map<String, String> statusDetails) {}

  static JobReport of(JsonNode job, List<JsonNode> executions, Instant now) {
    JsonNode status = job.path("status");
    JobProcessDetails counters = counters(status.path("jobProcessDetails"));
    int targets = status.path("targetCount").asInt(0);
    int terminal = counters.terminal();
    List<Condition> conditions = new ArrayList<>();
    status.path("conditions").forEach(c -> conditions.add(new ConditionBuilder().withType(text(c, "type"))
        .withStatus(text(c, "status")).withReason(text(c, "reason")).withMessage(text(c, "message"))
        .withLastTransitionTime(text(c, "lastTransitionTime")).build()));
    Condition progressing = conditions.stream().filter(c -> "Progressing".equals(c.getType())).findFirst().orElse(null);
    String waiting = progressing == null || "RollingOut".equals(progressing.getReason()) ? null : progressing.getReason();
    Double finishRate = null;
    Duration toDone = null;
    Instant started = Times.parse(text(status, "startedAt"));
    if (started != null && terminal > 0 && text(status, "completedAt") == null) {
      double minutes = Math.max(Duration.between(started, now).toMillis(), 1) / 60_000.0;
      finishRate = terminal / minutes;
      toDone = Duration.ofSeconds(Math.round((targets - terminal) / finishRate * 60));
    }
    List<Failure> failing = new ArrayList<>();
    JsonNode recent = status.get("recentFailures");
    int failingTotal;
    if (recent != null) {
      // the operator keeps the newest few in the job's status; the counters say how many there are
      recent.forEach(f -> failing.add(failure(f, text(f, "thingName"), text(f, "lastUpdatedAt"))));
      failingTotal = failing(job);
    } else {
      // a job whose status an operator without recentFailures wrote: from the failing executions read
      for (JsonNode execution : executions) {
        JsonNode s = execution.path("status");
        if (FAILED.stream().anyMatch(f -> f.name().equals(text(s, "status")))) {
          String lastUpdated = text(s, "lastUpdatedAt");
          failing.add(failure(s, text(execution.path("spec"), "thingName"),
              lastUpdated != null ? lastUpdated : text(execution.path("metadata"), "creationTimestamp")));
        }
      }
      failingTotal = failing.size();
    }
    failing.sort(Comparator.comparing((Failure f) -> f.lastUpdatedAt() == null ? "" : f.lastUpdatedAt()).reversed()
        .thenComparing(Failure::thing));
    JsonNode rollout = status.path("rollout");
    List<JsonNode> waves = new ArrayList<>();
    status.path("waves").forEach(waves::add);
    return new JobReport(text(job.path("metadata"), "name"), Objects.requireNonNullElse(text(status, "status"), "PENDING"),
        waiting, targets, terminal, counters, integer(rollout, "currentRatePerMinute"), finishRate, toDone,
        integer(rollout, "step"), text(status.path("scheduledJobRollouts").path(0), "startTime"), conditions,
        failing.subList(0, Math.min(FAILURES_SHOWN, failing.size())), failingTotal, waves,
        text(status, "currentWave"), text(status, "rollbackJob"));
  }

  /** A failure from a node with status, executionNumber and statusDetails (an execution's status, or a recent one). */
  private static Failure failure(JsonNode node, String thing, String lastUpdatedAt) {
    Map<String, String> details = new LinkedHashMap<>();
    node.path("statusDetails").fields().forEachRemaining(d -> details.put(d.getKey(), d.getValue().asText()));
    return new Failure(thing, text(node, "status"), lastUpdatedAt, node.path("executionNumber").asLong(1), details);
  }

  /** Whether the operator wrote the newest failing things into the job's status (so no execution need be read). */
  static boolean hasRecentFailures(JsonNode job) {
    return job.path("status").has("recentFailures");
  }

  /** How many things the job's counters show failed, timed out or rejected. */
  static int failing(JsonNode job) {
    JobProcessDetails counters = counters(job.path("status").path("jobProcessDetails"));
    return counters.getNumberOfFailedThings() + counters.getNumberOfTimedOutThings()
        + counters.getNumberOfRejectedThings();
  }

  /** The counters as the operator writes them (absent ones are 0). */
  static JobProcessDetails counters(JsonNode node) {
    JobProcessDetails counters = new JobProcessDetails();
    counters.setNumberOfQueuedThings(node.path("numberOfQueuedThings").asInt());
    counters.setNumberOfInProgressThings(node.path("numberOfInProgressThings").asInt());
    counters.setNumberOfSucceededThings(node.path("numberOfSucceededThings").asInt());
    counters.setNumberOfFailedThings(node.path("numberOfFailedThings").asInt());
    counters.setNumberOfRejectedThings(node.path("numberOfRejectedThings").asInt());
    counters.setNumberOfTimedOutThings(node.path("numberOfTimedOutThings").asInt());
    counters.setNumberOfCanceledThings(node.path("numberOfCanceledThings").asInt());
    counters.setNumberOfRemovedThings(node.path("numberOfRemovedThings").asInt());
    counters.setNumberOfDeletedThings(node.path("numberOfDeletedThings").asInt());
    return counters;
  }

  /** A text field, or null when absent. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Integer integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asInt();
  }

  boolean finished() {
    return "COMPLETED".equals(status) || "CANCELED".equals(status);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(name).append("  ").append(status);
    if (waitingReason != null) {
      out.append(" (").append(waitingReason).append(')');
    }
    out.append('\n');
    int filled = targets == 0 ? 0 : (int) Math.round((double) BAR * terminal / targets);
    out.append(String.format("  [%s%s] %d/%d%s%n", "#".repeat(filled), "-".repeat(BAR - filled), terminal, targets,
        targets == 0 ? "" : String.format("  %d%%", Math.round(100.0 * terminal / targets))));
    out.append(String.format("  succeeded %d, failed %d, rejected %d, timed out %d, canceled %d, removed %d;"
            + " in progress %d, queued %d%n", counters.getNumberOfSucceededThings(), counters.getNumberOfFailedThings(),
        counters.getNumberOfRejectedThings(), counters.getNumberOfTimedOutThings(), counters.getNumberOfCanceledThings(),
        counters.getNumberOfRemovedThings(), counters.getNumberOfInProgressThings(), counters.getNumberOfQueuedThings()));
    List<String> pace = new ArrayList<>();
    if (queueRatePerMinute != null) {
      pace.add("queueing up to " + queueRatePerMinute + "/min");
    }
    if (finishRatePerMinute != null) {
      pace.add(String.format("finishing %.0f/min", finishRatePerMinute));
    }
    if (timeToDone != null) {
      pace.add("done in about " + human(timeToDone));
    }
    if (rolloutStep != null) {
      pace.add("rollout step " + rolloutStep);
    }
    if (nextWindow != null) {
      pace.add("next window " + nextWindow);
    }
    if (!pace.isEmpty()) {
      out.append("  ").append(String.join("; ", pace)).append('\n');
    }
    if (!waves.isEmpty()) {
      List<String> names = waves.stream().map(w -> text(w, "name")).toList();
      out.append(String.format("  waves (current %s, %d of %d):%n", currentWave, names.indexOf(currentWave) + 1,
          waves.size()));
      for (JsonNode wave : waves) {
        JobProcessDetails c = counters(wave.path("jobProcessDetails"));
        JsonNode gate = wave.path("gate");
        out.append(String.format("    %s %-16s %-19s %4d/%-4d succeeded %d, failed %d  %s%n",
            text(wave, "name").equals(currentWave) ? ">" : " ", text(wave, "name"),
            Objects.requireNonNullElse(text(gate, "phase"), ""), c.terminal(), wave.path("targetCount").asInt(0),
            c.getNumberOfSucceededThings(), c.getNumberOfFailedThings(),
            Objects.requireNonNullElse(text(gate, "message"), "")));
      }
    }
    if (rollbackJob != null) {
      out.append("  rollback job: ").append(rollbackJob).append('\n');
    }
    if (!conditions.isEmpty()) {
      out.append("  conditions:\n");
      for (Condition c : conditions) {
        out.append(String.format("    %-16s %-5s %-22s %s%n", c.getType(), c.getStatus(), c.getReason(),
            c.getMessage() == null ? "" : c.getMessage()));
      }
    }
    if (failingTotal > 0) {
      out.append(String.format("  failing things (latest %d of %d):%n", failing.size(), failingTotal));
      for (Failure f : failing) {
        out.append(String.format("    %-24s %-9s attempt %d  %s  %s%n", f.thing(), f.status(), f.attempt(),
            f.lastUpdatedAt() == null ? "" : f.lastUpdatedAt(), f.statusDetails().isEmpty() ? "" : f.statusDetails()));
      }
    }
    return out.toString();
  }

  /** The report as data, for -o json and -o yaml. */
  Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("status", status);
    data.put("waitingReason", waitingReason);
    data.put("targets", targets);
    data.put("terminal", terminal);
    data.put("counters", counters);
    data.put("queueRatePerMinute", queueRatePerMinute);
    data.put("finishRatePerMinute", finishRatePerMinute == null ? null : Math.round(finishRatePerMinute * 10) / 10.0);
    data.put("secondsToDone", timeToDone == null ? null : timeToDone.getSeconds());
    data.put("rolloutStep", rolloutStep);
    data.put("nextWindow", nextWindow);
    data.put("conditions", conditions);
    data.put("failing", failing);
    data.put("failingTotal", failingTotal);
    data.put("currentWave", currentWave);
    data.put("waves", waves);
    data.put("rollbackJob", rollbackJob);
    return data;
  }

  /** A duration as a person says it roughly: 90s, 25m, 5h, 3d. */
  static String human(Duration duration) {
    long seconds = duration.getSeconds();
    return seconds < 120 ? seconds + "s" : seconds < 7200 ? seconds / 60 + "m" : seconds < 172_800 ? seconds / 3600 + "h"
        : seconds / 86_400 + "d";
  }
}
