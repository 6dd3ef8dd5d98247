package dev.iotjobs.api.execution;

/** The error codes of the AWS IoT Jobs device API (reference §4.8). */
public enum RejectionCode {
  InvalidTopic,
  InvalidJson,
  InvalidRequest,
  InvalidStateTransition,
  ResourceNotFound,
  VersionMismatch,
  InternalError,
  RequestThrottled,
  TerminalStateReached;

  /** Whether the rejection carries the execution's current state, so the device needs no extra describe. */
  public boolean carriesExecutionState() {
    return this == InvalidStateTransition || this == VersionMismatch;
  }
}
