package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Things counted by the status of their current execution; the counters add up to the executions that exist. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobProcessDetails {
  @JsonPropertyDescription("Things whose current execution is QUEUED.")
  private int numberOfQueuedThings;
  @JsonPropertyDescription("Things whose current execution is IN_PROGRESS.")
  private int numberOfInProgressThings;
  @JsonPropertyDescription("Things whose current execution SUCCEEDED.")
  private int numberOfSucceededThings;
  @JsonPropertyDescription("Things whose current execution FAILED (and is not being retried).")
  private int numberOfFailedThings;
  @JsonPropertyDescription("Things whose current execution was REJECTED by the device.")
  private int numberOfRejectedThings;
  @JsonPropertyDescription("Things whose current execution TIMED_OUT (and is not being retried).")
  private int numberOfTimedOutThings;
  @JsonPropertyDescription("Things whose current execution was CANCELED.")
  private int numberOfCanceledThings;
  @JsonPropertyDescription("Things whose execution was REMOVED: deleted, or left a continuous job's targets.")
  private int numberOfRemovedThings;

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
