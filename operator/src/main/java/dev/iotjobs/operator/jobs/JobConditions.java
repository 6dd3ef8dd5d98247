package dev.iotjobs.operator.jobs;

/** Condition types and reasons on IoTJob (contract §1). */
public final class JobConditions {
  public static final String PROGRESSING = "Progressing";
  public static final String COMPLETE = "Complete";
  public static final String CANCELED = "Canceled";
  public static final String SUSPENDED = "Suspended";
  public static final String TARGETS_RESOLVED = "TargetsResolved";

  public static final String REASON_USER_REQUESTED = "UserRequested";
  public static final String REASON_ABORT_CRITERIA_MET = "AbortCriteriaMet";
  public static final String REASON_END_TIME_REACHED = "EndTimeReached";
  /** TargetsResolved=False: a SNAPSHOT job's targets exist but hold no thing; it waits. */
  public static final String REASON_NO_TARGETS = "NoTargets";

  private JobConditions() {}
}
