package dev.iotjobs.api.model;

/** Bounds shared by the CRD schema and the code that reads it. */
public final class Limits {
  /**
   * The largest count or rate a job may name (executions per minute, things): far above any fleet, far below the
   * 64-bit integers a Kubernetes API server stores, so no arithmetic on it can overflow.
   */
  public static final double MAX_COUNT = 1_000_000_000;

  /** The largest value of a 32-bit counter the operator writes into status. */
  public static final double MAX_INT = Integer.MAX_VALUE;

  private Limits() {}
}
