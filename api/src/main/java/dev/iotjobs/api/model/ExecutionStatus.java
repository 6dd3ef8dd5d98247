package dev.iotjobs.api.model;

import java.util.EnumSet;
import java.util.Set;

/** The status of one job execution (reference §3.2). */
public enum ExecutionStatus {
  QUEUED,
  IN_PROGRESS,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  REJECTED,
  REMOVED,
  CANCELED;

  /** What a device may report on UpdateJobExecution. */
  public static final Set<ExecutionStatus> DEVICE_REPORTABLE = EnumSet.of(IN_PROGRESS, SUCCEEDED, FAILED, REJECTED);

  public boolean isTerminal() {
    return this != QUEUED && this != IN_PROGRESS;
  }

  public boolean isPending() {
    return !isTerminal();
  }
}
