package dev.iotjobs.api.model;

public enum JobStatus {
  SCHEDULED,
  IN_PROGRESS,
  CANCELED,
  COMPLETED,
  DELETION_IN_PROGRESS;

  public boolean isTerminal() {
    return this == CANCELED || this == COMPLETED;
  }
}
