package dev.iotjobs.operator.jobs;

import static dev.iotjobs.api.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJobStatus.RecentFailure;
import dev.iotjobs.api.model.JobExecution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentFailuresTest {
  private static String at(int second) {
    return String.format("2026-12-02T10:00:%02dZ", second);
  }

  @Test
  void theNewestFiveFailingTimedOutOrRejectedNewestFirstWhateverTheOrderOfTheExecutions() {
    List<JobExecution> executions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ExecutionStatus status = List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.REJECTED,
          ExecutionStatus.SUCCEEDED).get(i % 4);
      executions.add(execution("t" + i, status, at(i)));
    }
    executions.add(execution("late-success", ExecutionStatus.SUCCEEDED, at(59)));
    executions.add(execution("running", ExecutionStatus.IN_PROGRESS, at(58)));
    Collections.shuffle(executions, new java.util.Random(7));

    List<RecentFailure> recent = RecentFailures.of(executions);

    assertThat(recent).extracting(RecentFailure::getThingName).containsExactly("t18", "t17", "t16", "t14", "t13");
    assertThat(recent).extracting(RecentFailure::getStatus).containsExactly(ExecutionStatus.REJECTED,
        ExecutionStatus.TIMED_OUT, ExecutionStatus.FAILED, ExecutionStatus.REJECTED, ExecutionStatus.TIMED_OUT);
  }

  @Test
  void aFailureCarriesItsAttemptTimeAndStatusDetails() {
    JobExecution failed = execution("t1", ExecutionStatus.FAILED, at(3));
    failed.getStatus().setExecutionNumber(3L);
    failed.getStatus().setStatusDetails(Map.of("reason", "checksum"));

    RecentFailure failure = RecentFailures.of(List.of(failed)).get(0);

    assertThat(failure.getExecutionNumber()).isEqualTo(3L);
    assertThat(failure.getLastUpdatedAt()).isEqualTo(at(3));
    assertThat(failure.getStatusDetails()).containsEntry("reason", "checksum");
  }

  @Test
  void equalTimesAreOrderedByThingAndNoFailureIsAnEmptyList() {
    assertThat(RecentFailures.of(List.of(execution("b", ExecutionStatus.FAILED, at(1)),
        execution("a", ExecutionStatus.FAILED, at(1))))).extracting(RecentFailure::getThingName).containsExactly("a", "b");
    assertThat(RecentFailures.of(List.of(execution("a", ExecutionStatus.SUCCEEDED, at(1))))).isEmpty();
  }
}
