package dev.iotjobs.operator.failure;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus.ExecutionAttempt;
import dev.iotjobs.api.model.RetryConfig;
import dev.iotjobs.api.model.RetryConfig.RetryCriteria;
import dev.iotjobs.api.model.RetryConfig.RetryFailureType;

/**
 * Whether a finished attempt is retried (reference §2.9): only FAILED and TIMED_OUT; the FAILED or TIMED_OUT budget,
 * or the ALL budget, must have retries left for this thing, counting the thing's earlier retried attempts of that
 * type; and never more than 10 retries per thing in all.
 */
public final class RetryPolicy {
  public static final int MAX_RETRIES_PER_THING = 10;

  private RetryPolicy() {}

  public static boolean shouldRetry(RetryConfig config, JobExecutionStatus finished) {
    ExecutionStatus status = finished.getStatus();
    if (config == null || config.getCriteriaList() == null
        || (status != ExecutionStatus.FAILED && status != ExecutionStatus.TIMED_OUT)) {
      return false;
    }
    // retryAttempt restarts at 0 when a thing rejoins a continuous job
    int retried = finished.getRetryAttempt() == null ? 0 : finished.getRetryAttempt();
    if (retried >= MAX_RETRIES_PER_THING) {
      return false;
    }
    long sameTypeRetried = attemptsSinceLastRejoin(finished).stream().map(ExecutionAttempt::getStatus)
        .filter(status::equals).count();
    for (RetryCriteria criterion : config.getCriteriaList()) {
      long budget = criterion.getNumberOfRetries() == null ? 0 : criterion.getNumberOfRetries();
      boolean matches = criterion.getFailureType() == RetryFailureType.ALL
          || criterion.getFailureType().name().equals(status.name());
      long used = criterion.getFailureType() == RetryFailureType.ALL ? retried : sameTypeRetried;
      if (matches && used < budget) {
        return true;
      }
    }
    return false;
  }

  /** The attempts that count against the budget: those after the thing last left and rejoined. */
  private static java.util.List<ExecutionAttempt> attemptsSinceLastRejoin(JobExecutionStatus finished) {
    java.util.List<ExecutionAttempt> attempts = finished.getAttempts() == null ? java.util.List.of() : finished.getAttempts();
    int start = 0;
    for (int i = 0; i < attempts.size(); i++) {
      if (attempts.get(i).getStatus() == ExecutionStatus.REMOVED) {
        start = i + 1;
      }
    }
    return attempts.subList(start, attempts.size());
  }
}
