package dev.iotjobs.operator.jobs;

import static dev.iotjobs.api.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnseenWritesTest {
  private static final List<String> JOB = List.of("fleet/fw");

  private static JobExecution version(String thing, ExecutionStatus status, String resourceVersion) {
    JobExecution execution = execution(thing, status, "2026-12-02T10:00:00Z");
    execution.getMetadata().setResourceVersion(resourceVersion);
    return execution;
  }

  @Test
  void aWriteTheInformerHasNotDeliveredReplacesTheCachedCopyAndACreateIsAdded() {
    UnseenWrites unseen = new UnseenWrites(execution -> JOB);
    JobExecution cachedA = version("a", ExecutionStatus.IN_PROGRESS, "10");
    JobExecution cachedB = version("b", ExecutionStatus.QUEUED, "11");
    JobExecution canceledB = version("b", ExecutionStatus.CANCELED, "15");
    JobExecution createdC = version("c", ExecutionStatus.QUEUED, "16");
    unseen.written(canceledB);
    unseen.written(createdC);

    assertThat(unseen.over("fleet/fw", List.of(cachedA, cachedB))).containsExactlyInAnyOrder(cachedA, canceledB, createdC);
    assertThat(unseen.over("fleet/other", List.of(cachedA))).containsExactly(cachedA);
  }

  @Test
  void aWriteGoesOnceTheInformerDeliversItOrALaterVersionOrItsDeletion() {
    UnseenWrites unseen = new UnseenWrites(execution -> JOB);
    JobExecution ours = version("a", ExecutionStatus.CANCELED, "12");
    JobExecution created = version("b", ExecutionStatus.QUEUED, "13");
    JobExecution deleted = version("c", ExecutionStatus.QUEUED, "14");
    unseen.written(ours);
    unseen.written(created);
    unseen.written(deleted);

    unseen.delivered(version("a", ExecutionStatus.QUEUED, "11"), false); // older: ours stays on top
    JobExecution olderA = version("a", ExecutionStatus.QUEUED, "11");
    assertThat(unseen.over("fleet/fw", List.of(olderA))).containsExactlyInAnyOrder(ours, created, deleted);

    JobExecution newerA = version("a", ExecutionStatus.SUCCEEDED, "20");
    unseen.delivered(newerA, false);
    unseen.delivered(created, false);
    unseen.delivered(deleted, true);

    assertThat(unseen.over("fleet/fw", List.of(newerA))).containsExactly(newerA);
  }

  @Test
  void theCachedCopyWinsWhenItIsNewerThanOurWrite() {
    UnseenWrites unseen = new UnseenWrites(execution -> JOB);
    JobExecution ours = version("a", ExecutionStatus.CANCELED, "12");
    JobExecution newer = version("a", ExecutionStatus.SUCCEEDED, "14");
    unseen.written(ours);

    assertThat(unseen.over("fleet/fw", List.of(newer))).containsExactly(newer);
    assertThat(UnseenWrites.olderThan(ours, newer)).isTrue();
    assertThat(UnseenWrites.olderThan(newer, ours)).isFalse();
    assertThat(UnseenWrites.olderThan(version("a", null, "x"), newer)).isFalse();
  }
}
