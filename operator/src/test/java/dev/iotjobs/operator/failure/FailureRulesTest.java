package dev.iotjobs.operator.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.AbortConfig.AbortCriteria;
import dev.iotjobs.api.model.AbortConfig.AbortFailureType;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.RetryConfig;
import dev.iotjobs.api.model.RetryConfig.RetryCriteria;
import dev.iotjobs.api.model.RetryConfig.RetryFailureType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private static AbortCriteria criterion(AbortFailureType type, double threshold, int min) {
    AbortCriteria c = new AbortCriteria();
    c.setFailureType(type);
    c.setAction(AbortConfig.AbortAction.CANCEL);
    c.setThresholdPercentage(threshold);
    c.setMinNumberOfExecutedThings((long) min);
    return c;
  }

  private static AbortConfig abort(AbortCriteria... criteria) {
    AbortConfig config = new AbortConfig();
    config.setCriteriaList(List.of(criteria));
    return config;
  }

  private static JobProcessDetails counters(int succeeded, int failed, int rejected, int timedOut, int canceled) {
    JobProcessDetails c = new JobProcessDetails();
    c.setNumberOfSucceededThings(succeeded);
    c.setNumberOfFailedThings(failed);
    c.setNumberOfRejectedThings(rejected);
    c.setNumberOfTimedOutThings(timedOut);
    c.setNumberOfCanceledThings(canceled);
    c.setNumberOfQueuedThings(50);
    return c;
  }

  @Test
  void notEvaluatedBeforeTheMinimumSample() {
    AbortConfig config = abort(criterion(AbortFailureType.FAILED, 10, 20));
    assertThat(AbortEvaluator.evaluate(config, counters(10, 9, 0, 0, 30))).isEmpty();
    assertThat(AbortEvaluator.evaluate(config, counters(11, 9, 0, 0, 0))).isPresent();
  }

  @Test
  void matchesAtTheThresholdWithAReadableComment() {
    var abort = AbortEvaluator.evaluate(abort(criterion(AbortFailureType.FAILED, 12.5, 8)), counters(21, 3, 0, 0, 0));
    assertThat(abort).hasValueSatisfying(a -> assertThat(a.comment()).isEqualTo("FAILED 12.5% >= 12.5% after 24 executed"));
    assertThat(AbortEvaluator.evaluate(abort(criterion(AbortFailureType.FAILED, 12.51, 8)), counters(21, 3, 0, 0, 0)))
        .isEmpty();
  }

  @Test
  void eachFailureTypeCountsItsOwnOutcomesAndAllCountsThemTogether() {
    JobProcessDetails c = counters(70, 10, 10, 10, 0);
    assertThat(AbortEvaluator.evaluate(abort(criterion(AbortFailureType.REJECTED, 10, 1)), c)).isPresent();
    assertThat(AbortEvaluator.evaluate(abort(criterion(AbortFailureType.TIMED_OUT, 11, 1)), c)).isEmpty();
    assertThat(AbortEvaluator.evaluate(abort(criterion(AbortFailureType.ALL, 30, 1)), c)).isPresent();
    assertThat(AbortEvaluator.evaluate(abort(criterion(AbortFailureType.ALL, 30.1, 1)), c)).isEmpty();
  }

  @Test
  void criteriaAreEvaluatedInListOrder() {
    AbortConfig config = abort(criterion(AbortFailureType.TIMED_OUT, 5, 1), criterion(AbortFailureType.FAILED, 5, 1));
    var abort = AbortEvaluator.evaluate(config, counters(80, 10, 0, 10, 0));
    assertThat(abort).hasValueSatisfying(a -> assertThat(a.criterion().getFailureType()).isEqualTo(AbortFailureType.TIMED_OUT));
  }

  private static RetryConfig retries(Object... typeAndCount) {
    RetryConfig config = new RetryConfig();
    List<RetryCriteria> list = new ArrayList<>();
    for (int i = 0; i < typeAndCount.length; i += 2) {
      RetryCriteria c = new RetryCriteria();
      c.setFailureType((RetryFailureType) typeAndCount[i]);
      c.setNumberOfRetries(((Integer) typeAndCount[i + 1]).longValue());
      list.add(c);
    }
    config.setCriteriaList(list);
    return config;
  }

  private static JobExecutionStatus finishedAs(ExecutionStatus... history) {
    JobExecutionStatus s = ExecutionStateMachine.queued(T0);
    for (int i = 0; i < history.length; i++) {
      s.setStatus(history[i]);
      if (i < history.length - 1) {
        s = ExecutionStateMachine.retry(s, T0).next();
      }
    }
    return s;
  }

  @Test
  void retriesPerFailureTypeUntilTheBudgetIsUsed() {
    RetryConfig config = retries(RetryFailureType.FAILED, 2, RetryFailureType.TIMED_OUT, 1);
    assertThat(RetryPolicy.shouldRetry(config, finishedAs(ExecutionStatus.FAILED))).isTrue();
    assertThat(RetryPolicy.shouldRetry(config, finishedAs(ExecutionStatus.FAILED, ExecutionStatus.FAILED))).isTrue();
    assertThat(RetryPolicy.shouldRetry(config,
        finishedAs(ExecutionStatus.FAILED, ExecutionStatus.FAILED, ExecutionStatus.FAILED))).isFalse();
    assertThat(RetryPolicy.shouldRetry(config,
        finishedAs(ExecutionStatus.FAILED, ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT))).as("own budget").isTrue();
    assertThat(RetryPolicy.shouldRetry(config, finishedAs(ExecutionStatus.TIMED_OUT, ExecutionStatus.TIMED_OUT))).isFalse();
  }

  @Test
  void allCountsEveryRetryAndNeverMoreThanTen() {
    RetryConfig all = retries(RetryFailureType.ALL, 3);
    assertThat(RetryPolicy.shouldRetry(all,
        finishedAs(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.FAILED))).isTrue();
    assertThat(RetryPolicy.shouldRetry(all,
        finishedAs(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.FAILED, ExecutionStatus.FAILED)))
        .isFalse();
    RetryConfig generous = retries(RetryFailureType.FAILED, 10, RetryFailureType.TIMED_OUT, 10);
    ExecutionStatus[] eleven = new ExecutionStatus[11];
    for (int i = 0; i < 11; i++) {
      eleven[i] = i % 2 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.TIMED_OUT;
    }
    assertThat(RetryPolicy.shouldRetry(generous, finishedAs(eleven))).as("10 retries per thing in all").isFalse();
  }

  @Test
  void rejoiningResetsTheBudget() {
    RetryConfig config = retries(RetryFailureType.FAILED, 1);
    JobExecutionStatus used = finishedAs(ExecutionStatus.FAILED, ExecutionStatus.FAILED);
    assertThat(RetryPolicy.shouldRetry(config, used)).isFalse();
    JobExecutionStatus rejoined = ExecutionStateMachine.rejoin(ExecutionStateMachine.remove(
        ExecutionStateMachine.retry(used, T0).next(), T0).next(), T0).next();
    rejoined.setStatus(ExecutionStatus.FAILED);
    assertThat(RetryPolicy.shouldRetry(config, rejoined)).isTrue();
  }

  @Test
  void rejectedCanceledAndSucceededAreNeverRetried() {
    RetryConfig all = retries(RetryFailureType.ALL, 10);
    for (ExecutionStatus status : List.of(ExecutionStatus.REJECTED, ExecutionStatus.CANCELED, ExecutionStatus.REMOVED,
        ExecutionStatus.SUCCEEDED)) {
      assertThat(RetryPolicy.shouldRetry(all, finishedAs(status))).isFalse();
    }
    assertThat(RetryPolicy.shouldRetry(retries(RetryFailureType.FAILED, 0), finishedAs(ExecutionStatus.FAILED)))
        .as("a budget lowered to 0").isFalse();
    assertThat(RetryPolicy.shouldRetry(null, finishedAs(ExecutionStatus.FAILED))).isFalse();
  }
}
