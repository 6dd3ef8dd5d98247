package dev.iotjobs.operator.jobs;

import static dev.iotjobs.api.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.operator.targets.JobTargetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTallyTest {
  private static final JobTargetStore.Memory PRUNED_ONE = new JobTargetStore.Memory(null, Set.of(),
      Map.of("gone", ExecutionStatus.FAILED, "p1", ExecutionStatus.SUCCEEDED));

  private static List<JobExecution> executions() {
    List<JobExecution> executions = new ArrayList<>();
    ExecutionStatus[] statuses = ExecutionStatus.values();
    for (int i = 0; i < 60; i++) {
      executions.add(execution("t" + i, statuses[i % statuses.length],
          String.format("2026-12-02T10:%02d:00Z", i)));
    }
    executions.add(execution("p1", ExecutionStatus.SUCCEEDED, "2026-12-02T09:00:00Z")); // pruned, not yet gone
    return executions;
  }

  @Test
  void onePassCountsAsTheCountersAndFindsTheFailuresAsTheirOwnPassesDo() {
    List<JobExecution> executions = executions();
    JobTally tally = JobTally.of(executions, PRUNED_ONE);

    assertThat(tally.counters()).isEqualTo(Retention.count(executions, PRUNED_ONE));
    assertThat(tally.recentFailures()).isEqualTo(RecentFailures.of(executions)).isNotEmpty();
  }

  @Test
  void theSameReadAndMemoryAreNotWalkedAgainButAnythingNewIs() {
    List<JobExecution> executions = executions();
    JobTally tally = JobTally.of(executions, PRUNED_ONE);
    assertThat(tally.again(executions, PRUNED_ONE)).isSameAs(tally);

    List<JobExecution> afterAWrite = new ArrayList<>(executions);
    afterAWrite.set(0, execution("t0", ExecutionStatus.FAILED, "2026-12-02T11:00:00Z"));
    JobTally recounted = tally.again(afterAWrite, PRUNED_ONE);
    assertThat(recounted.counters()).isEqualTo(Retention.count(afterAWrite, PRUNED_ONE));
    assertThat(recounted.recentFailures().get(0).getThingName()).isEqualTo("t0");

    JobTargetStore.Memory prunedMore = new JobTargetStore.Memory(null, Set.of(), Map.of("t0", ExecutionStatus.FAILED));
    assertThat(tally.again(executions, prunedMore).counters()).isEqualTo(Retention.count(executions, prunedMore));
  }
}
