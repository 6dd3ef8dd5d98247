package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationPlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private static ExecutionView view(String jobId, ExecutionStatus status, long executionNumber) {
    return new ExecutionView("ns", jobId, "t1", status, Map.of(), T0, null, T0, null, 1, executionNumber);
  }

  @Test
  void statusChangesNotifyOnlyWithTheFlag() {
    List<ExecutionView> before = List.of(view("a", ExecutionStatus.QUEUED, 1), view("b", ExecutionStatus.QUEUED, 1));
    List<ExecutionView> after = List.of(view("a", ExecutionStatus.IN_PROGRESS, 1), view("b", ExecutionStatus.QUEUED, 1));
    assertThat(NotificationPlanner.plan(before, after, false).isEmpty()).isTrue();
    NotificationPlanner.Plan flagged = NotificationPlanner.plan(before, after, true);
    assertThat(flagged.sendNotify()).isTrue();
    assertThat(flagged.sendNotifyNext()).as("the head is the same execution").isFalse();
  }

  @Test
  void aRetryOfTheHeadIsANewNext() {
    NotificationPlanner.Plan plan = NotificationPlanner.plan(List.of(view("a", ExecutionStatus.QUEUED, 1)),
        List.of(view("a", ExecutionStatus.QUEUED, 2)), false);
    assertThat(plan.sendNotify()).isTrue();
    assertThat(plan.sendNotifyNext()).isTrue();
  }
}
