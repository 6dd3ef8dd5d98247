package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** One wave of a staged rollout as the operator last saw it: its size, counters and gate. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WaveStatus {
  @JsonPropertyDescription("The wave's name.")
  private String name;

  @JsonPropertyDescription("Things planned for the wave when the job started (the last wave grows with a CONTINUOUS"
      + " job's late joiners).")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private Integer targetCount;

  @JsonPropertyDescription("The wave's things by the status of their current execution.")
  private JobProcessDetails jobProcessDetails;

  @JsonPropertyDescription("The wave's gate.")
  private GateStatus gate;

  @JsonPropertyDescription("When the wave started queueing (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the next wave was allowed to start (RFC 3339).")
  private String promotedAt;

  /** Where a wave's gate stands. */
  public enum GatePhase {
    /** Not started yet. */
    Waiting,
    /** Executions of the wave are still running. */
    Running,
    /** Every execution is terminal and the criteria hold; the soak time runs. */
    Soaking,
    /** The gate passed; the job waits for a user to promote the wave. */
    WaitingForPromotion,
    Passed,
    Failed
  }

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GateStatus {
    @JsonPropertyDescription("Waiting, Running, Soaking, WaitingForPromotion, Passed or Failed.")
    private GatePhase phase;

    @JsonPropertyDescription("Why the gate stands where it does, e.g. the criterion that failed.")
    private String message;

    @JsonPropertyDescription("When the wave's executions were all terminal (RFC 3339).")
    private String doneAt;

    @JsonPropertyDescription("When the soak time ends and the gate can open (RFC 3339).")
    private String opensAt;

    @JsonPropertyDescription("Prometheus measurements taken.")
    private Integer measurements;

    @JsonPropertyDescription("Prometheus measurements that failed (condition false, no data or an error).")
    private Integer failedMeasurements;

    @JsonPropertyDescription("When the last Prometheus measurement was taken (RFC 3339).")
    private String lastMeasuredAt;

    @JsonPropertyDescription("The last measurement: its value, or why there was none.")
    private String lastMeasurement;

    @JsonPropertyDescription("Whether the last measurement met the success condition.")
    private Boolean lastMeasurementPassed;
  }
}
