package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Data;

/** Things counted by the status of their current execution; the counters add up to the executions that exist. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobProcessDetails {
  private int numberOfQueuedThings;
  private int numberOfInProgressThings;
  private int numberOfSucceededThings;
  private int numberOfFailedThings;
  private int numberOfRejectedThings;
  private int numberOfTimedOutThings;
  private int numberOfCanceledThings;
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
