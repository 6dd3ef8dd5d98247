package dev.iotjobs.api.retention;

import static dev.iotjobs.api.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void onlyExecutionsDoneForGoodForTheRetentionTimeAreDueAndTheNextOneSaysWhen() {
    List<JobExecution> executions = List.of(
        execution("old-success", ExecutionStatus.SUCCEEDED, "2026-12-01T10:00:00Z"),
        execution("old-failure", ExecutionStatus.FAILED, "2026-12-01T10:00:00Z"),
        execution("retrying", ExecutionStatus.TIMED_OUT, "2026-12-01T10:00:00Z"),
        execution("young", ExecutionStatus.SUCCEEDED, "2026-12-01T11:30:00Z"),
        execution("running", ExecutionStatus.IN_PROGRESS, "2026-12-01T09:00:00Z"),
        execution("held-by-its-wave", ExecutionStatus.SUCCEEDED, "2026-12-01T09:00:00Z"));
    RetentionPolicy.Due due = RetentionPolicy.due(executions, Duration.ofHours(1), NOW, 100,
        s -> s.getStatus() == ExecutionStatus.TIMED_OUT, e -> !e.getSpec().getThingName().equals("held-by-its-wave"));
    assertThat(due.executions()).extracting(e -> e.getSpec().getThingName())
        .containsExactly("old-success", "old-failure");
    assertThat(due.next()).isEqualTo(Instant.parse("2026-12-01T12:30:00Z"));
  }

  @Test
  void aLargeJobIsPrunedABatchPerRound() {
    List<JobExecution> executions = IntStream.range(0, 250)
        .mapToObj(i -> execution("t" + i, ExecutionStatus.SUCCEEDED, "2026-12-01T10:00:00Z")).toList();
    RetentionPolicy.Due due = RetentionPolicy.due(executions, Duration.ofMinutes(1), NOW, 100, s -> false, e -> true);
    assertThat(due.executions()).hasSize(100);
    assertThat(due.next()).as("the rest is due at once, in the next round").isEqualTo(NOW);
  }
}
