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
  /** Canceled: a wave of a staged rollout failed its gate. */
  public static final String REASON_WAVE_GATE_FAILED = "WaveGateFailed";
  /** Progressing=True: a wave passed its gate and waits for a user to promote it. */
  public static final String REASON_WAITING_FOR_PROMOTION = "WaitingForPromotion";
  /** Progressing=True: a wave's executions are done and its soak time runs. */
  public static final String REASON_SOAKING = "Soaking";
  /** TargetsResolved=False: a SNAPSHOT job's targets exist but hold no thing; it waits. */
  public static final String REASON_NO_TARGETS = "NoTargets";

  private JobConditions() {}
}
