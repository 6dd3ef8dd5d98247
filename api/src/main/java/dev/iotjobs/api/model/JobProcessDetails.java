package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Things counted by the status of their current execution; the counters add up to the executions that exist. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobProcessDetails {
  @JsonPropertyDescription("Things whose current execution is QUEUED.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfQueuedThings;
  @JsonPropertyDescription("Things whose current execution is IN_PROGRESS.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfInProgressThings;
  @JsonPropertyDescription("Things whose current execution SUCCEEDED.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfSucceededThings;
  @JsonPropertyDescription("Things whose current execution FAILED (and is not being retried).")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfFailedThings;
  @JsonPropertyDescription("Things whose current execution was REJECTED by the device.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfRejectedThings;
  @JsonPropertyDescription("Things whose current execution TIMED_OUT (and is not being retried).")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfTimedOutThings;
  @JsonPropertyDescription("Things whose current execution was CANCELED.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfCanceledThings;
  @JsonPropertyDescription("Things whose execution was REMOVED: deleted, or left a continuous job's targets.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfRemovedThings;
  @JsonPropertyDescription("Things whose execution a user deleted (DeleteJobExecution): they have none now, and the job"
      + " never queues them again. Not part of the other counts.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private int numberOfDeletedThings;

  public int total() {
    return numberOfQueuedThings + numberOfInProgressThings + numberOfSucceededThings + numberOfFailedThings
        + numberOfRejectedThings + numberOfTimedOutThings + numberOfCanceledThings + numberOfRemovedThings;
  }

  public int terminal() {
    return total() - numberOfQueuedThings - numberOfInProgressThings;
  }

  public void count(ExecutionStatus status) {
    switch (status) {
      case QUEUED -> numberOfQueuedThings++;
      case IN_PROGRESS -> numberOfInProgressThings++;
      case SUCCEEDED -> numberOfSucceededThings++;
      case FAILED -> numberOfFailedThings++;
      case REJECTED -> numberOfRejectedThings++;
      case TIMED_OUT -> numberOfTimedOutThings++;
      case CANCELED -> numberOfCanceledThings++;
      case REMOVED -> numberOfRemovedThings++;
    }
  }
}
