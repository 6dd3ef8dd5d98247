package dev.iotjobs.api.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionsTest {
  private static final String CREATED = "2026-03-01T10:00:05Z";
  private static final String QUEUED_PRECISELY = "2026-03-01T10:00:05.437Z";

  private static JobExecution created(JobExecutionStatus status, boolean annotated) {
    JobExecution execution = new JobExecution();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName("job.thing").withCreationTimestamp(CREATED);
    if (annotated) {
      meta.withAnnotations(Map.of(Executions.QUEUED_AT_ANNOTATION, QUEUED_PRECISELY));
    }
    execution.setMetadata(meta.build());
    execution.setStatus(status);
    return execution;
  }

  /** What an API server returns for an execution created without status: the CRD's defaults. */
  private static JobExecutionStatus defaulted() {
    JobExecutionStatus status = new JobExecutionStatus();
    status.setStatus(ExecutionStatus.QUEUED);
    status.setExecutionNumber(1L);
    status.setVersionNumber(1L);
    status.setRetryAttempt(0);
    return status;
  }

  @Test
  void aDefaultedStatusIsQueuedWhenTheOperatorQueuedIt() {
    JobExecutionStatus effective = Executions.effectiveStatus(created(defaulted(), true));

    assertThat(effective.getStatus()).isEqualTo(ExecutionStatus.QUEUED);
    assertThat(effective.getVersionNumber()).isEqualTo(1L);
    assertThat(Instant.parse(effective.getQueuedAt())).isEqualTo(Instant.parse(QUEUED_PRECISELY));
    assertThat(effective.getLastUpdatedAt()).isNotNull();
  }

  @Test
  void withoutTheAnnotationTheCreationTimestampSaysWhen() {
    JobExecutionStatus effective = Executions.effectiveStatus(created(defaulted(), false));

    assertThat(Instant.parse(effective.getQueuedAt())).isEqualTo(Instant.parse(CREATED));
  }

  @Test
  void noStatusAtAllIsTheFirstQueuedAttempt() {
    JobExecutionStatus effective = Executions.effectiveStatus(created(null, true));

    assertThat(effective.getStatus()).isEqualTo(ExecutionStatus.QUEUED);
    assertThat(effective.getExecutionNumber()).isEqualTo(1L);
    assertThat(effective.getVersionNumber()).isEqualTo(1L);
    assertThat(Instant.parse(effective.getQueuedAt())).isEqualTo(Instant.parse(QUEUED_PRECISELY));
  }

  @Test
  void aCompleteStatusIsTakenAsItIsWithoutACopy() {
    JobExecutionStatus stored = ExecutionStateMachine.queued(Instant.parse("2026-03-01T11:00:00Z"));
    JobExecution execution = created(stored, true);

    assertThat(Executions.effectiveStatus(execution)).isSameAs(stored);
  }

  @Test
  void theDefaultedStatusItselfIsNotChanged() {
    JobExecutionStatus status = defaulted();
    Executions.effectiveStatus(created(status, true));

    assertThat(status.getQueuedAt()).isNull();
  }

  @Test
  void firstQueuedAtIsTheFirstAttemptsThenTheStatusThenTheCreation() {
    JobExecutionStatus retried = ExecutionStateMachine.queued(Instant.parse("2026-03-01T11:00:00Z"));
    JobExecutionStatus.ExecutionAttempt first = new JobExecutionStatus.ExecutionAttempt();
    first.setQueuedAt("2026-03-01T10:30:00.250Z");
    retried.setAttempts(java.util.List.of(first));

    assertThat(Executions.firstQueuedAt(created(retried, true))).isEqualTo(Instant.parse("2026-03-01T10:30:00.250Z"));
    assertThat(Executions.firstQueuedAt(created(ExecutionStateMachine.queued(Instant.parse("2026-03-01T11:00:00Z")), true)))
        .isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(Executions.firstQueuedAt(created(defaulted(), true))).isEqualTo(Instant.parse(QUEUED_PRECISELY));
    assertThat(Executions.firstQueuedAt(created(null, false))).isEqualTo(Instant.parse(CREATED));
  }
}
