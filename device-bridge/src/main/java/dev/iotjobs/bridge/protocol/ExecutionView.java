package dev.iotjobs.bridge.protocol;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/** What a device may see of one execution: the data-plane JobExecution of the AWS device API. */
public record ExecutionView(String namespace, String jobId, String thingName, ExecutionStatus status,
    Map<String, String> statusDetails, Instant queuedAt, Instant startedAt, Instant lastUpdatedAt, Instant timeoutAt,
    long versionNumber, long executionNumber) {

  /**
   * The definition of "next" (reference §5.1): IN_PROGRESS before QUEUED, each oldest queued first; job and
   * execution number break ties so the order is total.
   */
  public static final Comparator<ExecutionView> PENDING_ORDER = Comparator
      .comparing((ExecutionView v) -> v.status() == ExecutionStatus.IN_PROGRESS ? 0 : 1)
      .thenComparing(ExecutionView::queuedAt)
      .thenComparing(ExecutionView::jobId)
      .thenComparingLong(ExecutionView::executionNumber);

  public static ExecutionView of(JobExecution execution) {
    JobExecutionStatus s = Executions.effectiveStatus(execution);
    return new ExecutionView(execution.namespace(), execution.jobId(),
        execution.thingName(), s.getStatus(), s.getStatusDetails() == null ? Map.of() : s.getStatusDetails(),
        orEpoch(Times.parse(s.getQueuedAt())), Times.parse(s.getStartedAt()), orEpoch(Times.parse(s.getLastUpdatedAt())),
        Times.parse(s.getTimeoutAt()), s.getVersionNumber() == null ? 1 : s.getVersionNumber(),
        s.getExecutionNumber() == null ? 1 : s.getExecutionNumber());
  }

  private static Instant orEpoch(Instant instant) {
    return instant == null ? Instant.EPOCH : instant;
  }

  /** The identity notify-next tracks: a retry of the same job is a new execution. */
  public String identity() {
    return jobId + "#" + executionNumber;
  }
}
