package dev.iotjobs.operator.jobs;

import static dev.iotjobs.api.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.operator.targets.JobTargetStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionCountTest {
  @Test
  void countersAreTheCachedExecutionsPlusTheLedgerAndAnExecutionInBothCountsOnce() {
    // a restart between the ledger write and the delete leaves r1 in both
    var memory = new JobTargetStore.Memory(null, Set.of("gone-by-hand"),
        Map.of("r1", ExecutionStatus.SUCCEEDED, "r2", ExecutionStatus.FAILED));
    JobProcessDetails counters = Retention.count(List.of(execution("r1", ExecutionStatus.SUCCEEDED, null),
        execution("r3", ExecutionStatus.QUEUED, null)), memory);
    assertThat(counters.getNumberOfSucceededThings()).isEqualTo(1);
    assertThat(counters.getNumberOfFailedThings()).isEqualTo(1);
    assertThat(counters.getNumberOfQueuedThings()).isEqualTo(1);
    assertThat(counters.total()).isEqualTo(3);
    assertThat(memory.gone()).containsExactlyInAnyOrder("gone-by-hand", "r1", "r2");
  }
}
