package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IoTJobStatus {
  @JsonPropertyDescription("SCHEDULED, IN_PROGRESS, CANCELED, COMPLETED or DELETION_IN_PROGRESS.")
  private JobStatus status;

  @JsonPropertyDescription("Things resolved as targets so far.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private Integer targetCount;

  @JsonPropertyDescription("Things by the status of their current execution.")
  private JobProcessDetails jobProcessDetails;

  @JsonPropertyDescription("Things whose current execution is terminal, of the targets: 294/300 (what kubectl shows).")
  @io.fabric8.generator.annotation.Size(max = 32)
  private String progress;

  @JsonPropertyDescription("Progress of the rollout.")
  private RolloutStatus rollout;

  @JsonPropertyDescription("Whether the job was canceled with force.")
  private Boolean forceCanceled;

  @JsonPropertyDescription("Why the job was canceled: the user's reason code, ABORT_CRITERIA_MET or END_TIME_REACHED.")
  private String reasonCode;

  @JsonPropertyDescription("A sentence about the cancellation.")
  private String comment;

  @JsonPropertyDescription("When the rollout started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the job completed or its cancellation finished (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("SHA-256 of the job document as pinned at start.")
  private String documentDigest;

  @JsonPropertyDescription("The document read from documentSource when the job started; later edits of the source"
      + " change nothing.")
  @io.fabric8.crd.generator.annotation.PreserveUnknownFields
  @io.fabric8.crd.generator.annotation.SchemaFrom(type = AnyJsonObject.class)
  private com.fasterxml.jackson.databind.JsonNode document;

  @JsonPropertyDescription("The next maintenance window starts.")
  private List<ScheduledRollout> scheduledJobRollouts;

  @JsonPropertyDescription("The wave being rolled out, of a staged rollout.")
  private String currentWave;

  @JsonPropertyDescription("Each wave of a staged rollout: size, counters and gate.")
  @io.fabric8.generator.annotation.Size(max = 20)
  private List<WaveStatus> waves;

  @JsonPropertyDescription("The rollback job created when a wave's gate failed.")
  private String rollbackJob;

  @JsonPropertyDescription("The JobTemplate as pinned when the job started: later edits of the template change nothing.")
  private PinnedTemplate template;

  @JsonPropertyDescription("The latest things whose current execution failed, timed out or was rejected, newest"
      + " first, at most five: what went wrong, without listing the executions.")
  @io.fabric8.generator.annotation.Size(max = RecentFailure.KEPT)
  private List<RecentFailure> recentFailures;

  @JsonPropertyDescription("The generation of the spec last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Progressing, Complete, Canceled, Suspended and TargetsResolved.")
  private List<Condition> conditions = new ArrayList<>();

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RolloutStatus {
    @JsonPropertyDescription("Executions queued so far by the rollout.")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
    private Integer notifiedThings;

    @JsonPropertyDescription("The rate in force, executions per minute; absent when unlimited.")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
    private Integer currentRatePerMinute;

    @JsonPropertyDescription("Exponential rate step, starting at 0.")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
    private Integer step;

    @JsonPropertyDescription("Targets resolved at start: the population the rollout rate paces; things joining a"
        + " CONTINUOUS job later are queued at once.")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
    private Integer initialTargets;

    @JsonPropertyDescription("Targets that have been given an execution, including any deleted since: the rollout is"
        + " done when it reaches targetCount, and a deleted execution is never queued again.")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
    private Integer queuedThings;
  }

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RecentFailure {
    /** How many the job's status keeps. */
    public static final int KEPT = 5;
    /** The statuses of a failing thing: what the list holds, and what kubectl iotjobs get reports. */
    public static final java.util.Set<ExecutionStatus> STATUSES = java.util.Set.of(ExecutionStatus.FAILED,
        ExecutionStatus.TIMED_OUT, ExecutionStatus.REJECTED);

    @JsonPropertyDescription("The thing.")
    private String thingName;

    @JsonPropertyDescription("FAILED, TIMED_OUT or REJECTED.")
    private ExecutionStatus status;

    @JsonPropertyDescription("When the execution last changed (RFC 3339).")
    private String lastUpdatedAt;

    @JsonPropertyDescription("The attempt, from 1.")
    @io.fabric8.generator.annotation.Min(1)
    @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
    private Long executionNumber;

    @JsonPropertyDescription("The statusDetails the device reported last.")
    @io.fabric8.generator.annotation.Size(max = 10)
    private java.util.Map<String, String> statusDetails;
  }

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PinnedTemplate {
    @JsonPropertyDescription("The template's name.")
    private String name;

    @JsonPropertyDescription("The template's resourceVersion when it was pinned.")
    private String resourceVersion;

    @JsonPropertyDescription("The template's spec when it was pinned.")
    private JobTemplateSpec spec;
  }

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScheduledRollout {
    @JsonPropertyDescription("When a maintenance window starts (RFC 3339).")
    private String startTime;
  }

  /** The counters, or all zero before the operator wrote any; for the views that show a job at any stage. */
  public JobProcessDetails counters() {
    return jobProcessDetails == null ? new JobProcessDetails() : jobProcessDetails;
  }

  /** The target count, or 0 before the targets are resolved. */
  public int targets() {
    return targetCount == null ? 0 : targetCount;
  }

  /** A job's status, or an empty one before the operator wrote any. */
  public static IoTJobStatus of(IoTJob job) {
    return job.getStatus() == null ? new IoTJobStatus() : job.getStatus();
  }
}
