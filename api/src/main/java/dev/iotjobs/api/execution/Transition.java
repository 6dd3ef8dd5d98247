package dev.iotjobs.api.execution;

import dev.iotjobs.api.model.JobExecutionStatus;

/**
 * The decision of the state machine: either the next status to store, or a rejection with its code and a message a
 * person can act on. {@code changed} is false when an accepted request leaves the status as it was (start-next on an
 * execution that is already IN_PROGRESS), so callers can skip the write.
 */
public record Transition(JobExecutionStatus next, boolean changed, RejectionCode rejection, String message) {

  public static Transition accepted(JobExecutionStatus next) {
    return new Transition(next, true, null, null);
  }

  public static Transition unchanged(JobExecutionStatus current) {
    return new Transition(current, false, null, null);
  }

  public static Transition rejected(RejectionCode code, String message) {
    return new Transition(null, false, code, message);
  }

  public boolean isAccepted() {
    return rejection == null;
  }
}
