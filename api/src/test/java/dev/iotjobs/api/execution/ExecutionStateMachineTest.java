package dev.iotjobs.api.execution;

import static dev.iotjobs.api.model.ExecutionStatus.CANCELED;
import static dev.iotjobs.api.model.ExecutionStatus.FAILED;
import static dev.iotjobs.api.model.ExecutionStatus.IN_PROGRESS;
import static dev.iotjobs.api.model.ExecutionStatus.QUEUED;
import static dev.iotjobs.api.model.ExecutionStatus.REJECTED;
import static dev.iotjobs.api.model.ExecutionStatus.REMOVED;
import static dev.iotjobs.api.model.ExecutionStatus.SUCCEEDED;
import static dev.iotjobs.api.model.ExecutionStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecutionStateMachineTest {
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private static JobExecutionStatus queued() {
    return ExecutionStateMachine.queued(T0);
  }

  private static JobExecutionStatus inProgress(Duration timeout) {
    return ExecutionStateMachine.deviceUpdate(queued(), DeviceUpdate.of(IN_PROGRESS), timeout, T0).next();
  }

  private static JobExecutionStatus withStatus(ExecutionStatus status) {
    JobExecutionStatus s = queued();
    s.setStatus(status);
    return s;
  }

  @Test
  void t1NewExecutionIsQueuedAtVersionOneAttemptOne() {
    JobExecutionStatus s = queued();
    assertThat(s.getStatus()).isEqualTo(QUEUED);
    assertThat(s.getVersionNumber()).isEqualTo(1);
    assertThat(s.getExecutionNumber()).isEqualTo(1);
    assertThat(s.getRetryAttempt()).isZero();
    assertThat(Times.parse(s.getQueuedAt())).isEqualTo(T0);
  }

  @Nested
  class DeviceTransitions {
    @Test
    void t2QueuedToInProgressSetsStartedAtAndBumpsVersion() {
      Instant later = T0.plusSeconds(30);
      Transition t = ExecutionStateMachine.deviceUpdate(queued(), new DeviceUpdate(IN_PROGRESS, Map.of("step", "dl"), 1L, null),
          null, later);
      assertThat(t.isAccepted()).isTrue();
      assertThat(t.next().getStatus()).isEqualTo(IN_PROGRESS);
      assertThat(t.next().getVersionNumber()).isEqualTo(2);
      assertThat(Times.parse(t.next().getStartedAt())).isEqualTo(later);
      assertThat(Times.parse(t.next().getLastUpdatedAt())).isEqualTo(later);
      assertThat(t.next().getStatusDetails()).containsEntry("step", "dl");
      assertThat(t.next().getTimeoutAt()).isNull();
    }

    @Test
    void t2StartsTheInProgressTimer() {
      JobExecutionStatus s = inProgress(Duration.ofMinutes(10));
      assertThat(Times.parse(s.getTimeoutAt())).isEqualTo(T0.plus(Duration.ofMinutes(10)));
      assertThat(ExecutionStateMachine.secondsBeforeTimedOut(s, T0.plusSeconds(60))).isEqualTo(540);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"SUCCEEDED", "FAILED", "REJECTED"})
    void t3QueuedStraightToTerminal(ExecutionStatus terminal) {
      Transition t = ExecutionStateMachine.deviceUpdate(queued(), DeviceUpdate.of(terminal), null, T0);
      assertThat(t.isAccepted()).isTrue();
      assertThat(t.next().getStatus()).isEqualTo(terminal);
      assertThat(t.next().getVersionNumber()).isEqualTo(2);
      assertThat(t.next().getStartedAt()).isNull();
    }

    @Test
    void t4ProgressUpdateBumpsVersionAndReplacesDetails() {
      JobExecutionStatus s = inProgress(null);
      s.setStatusDetails(Map.of("a", "1", "b", "2"));
      Transition t = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, Map.of("c", "3"), null, null), null, T0);
      assertThat(t.next().getVersionNumber()).isEqualTo(3);
      assertThat(t.next().getStatusDetails()).containsExactly(Map.entry("c", "3"));
      assertThat(t.next().getStartedAt()).isEqualTo(s.getStartedAt());
    }

    @Test
    void updateWithoutStatusDetailsKeepsThem() {
      JobExecutionStatus s = inProgress(null);
      s.setStatusDetails(Map.of("a", "1"));
      Transition t = ExecutionStateMachine.deviceUpdate(s, DeviceUpdate.of(SUCCEEDED), null, T0);
      assertThat(t.next().getStatusDetails()).containsExactly(Map.entry("a", "1"));
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"SUCCEEDED", "FAILED", "REJECTED"})
    void t5InProgressToTerminalStopsTimers(ExecutionStatus terminal) {
      JobExecutionStatus s = inProgress(Duration.ofMinutes(5));
      Transition t = ExecutionStateMachine.deviceUpdate(s, DeviceUpdate.of(terminal), null, T0.plusSeconds(1));
      assertThat(t.next().getStatus()).isEqualTo(terminal);
      assertThat(t.next().getTimeoutAt()).isNull();
      assertThat(ExecutionStateMachine.secondsBeforeTimedOut(t.next(), T0)).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT", "CANCELED", "REMOVED"})
    void t11TerminalExecutionsRejectEveryDeviceUpdate(ExecutionStatus terminal) {
      for (ExecutionStatus requested : ExecutionStatus.DEVICE_REPORTABLE) {
        Transition t = ExecutionStateMachine.deviceUpdate(withStatus(terminal), DeviceUpdate.of(requested), null, T0);
        assertThat(t.rejection()).isEqualTo(RejectionCode.InvalidStateTransition);
        assertThat(t.message()).contains(terminal.name());
      }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"QUEUED", "CANCELED", "TIMED_OUT", "REMOVED"})
    void t12DeviceMayNotReportServiceStatuses(ExecutionStatus forbidden) {
      Transition t = ExecutionStateMachine.deviceUpdate(queued(), DeviceUpdate.of(forbidden), null, T0);
      assertThat(t.rejection()).isEqualTo(RejectionCode.InvalidRequest);
    }

    @Test
    void missingStatusIsInvalidRequest() {
      assertThat(ExecutionStateMachine.deviceUpdate(queued(), DeviceUpdate.of(null), null, T0).rejection())
          .isEqualTo(RejectionCode.InvalidRequest);
    }

    @Test
    void staleExpectedVersionIsVersionMismatch() {
      Transition t = ExecutionStateMachine.deviceUpdate(inProgress(null), new DeviceUpdate(SUCCEEDED, null, 1L, null), null, T0);
      assertThat(t.rejection()).isEqualTo(RejectionCode.VersionMismatch);
      Transition ok = ExecutionStateMachine.deviceUpdate(inProgress(null), new DeviceUpdate(SUCCEEDED, null, 2L, null), null, T0);
      assertThat(ok.isAccepted()).isTrue();
    }

    @Test
    void sameTerminalStatusTwiceIsInvalidStateTransition() {
      JobExecutionStatus done = ExecutionStateMachine.deviceUpdate(queued(), DeviceUpdate.of(SUCCEEDED), null, T0).next();
      assertThat(ExecutionStateMachine.deviceUpdate(done, DeviceUpdate.of(SUCCEEDED), null, T0).rejection())
          .isEqualTo(RejectionCode.InvalidStateTransition);
    }
  }

  @Nested
  class StatusDetails {
    @Test
    void moreThanTenPairsRejected() {
      Map<String, String> eleven = new HashMap<>();
      IntStream.range(0, 11).forEach(i -> eleven.put("k" + i, "v"));
      assertThat(ExecutionStateMachine.deviceUpdate(queued(), new DeviceUpdate(IN_PROGRESS, eleven, null, null), null, T0)
          .rejection()).isEqualTo(RejectionCode.InvalidRequest);
      eleven.remove("k0");
      assertThat(ExecutionStateMachine.deviceUpdate(queued(), new DeviceUpdate(IN_PROGRESS, eleven, null, null), null, T0)
          .isAccepted()).isTrue();
    }

    @Test
    void keysAndValuesAreChecked() {
      assertThat(StatusDetailsRules.violation(Map.of("bad key", "v"))).contains("bad key");
      assertThat(StatusDetailsRules.violation(Map.of("k".repeat(129), "v"))).isNotNull();
      assertThat(StatusDetailsRules.violation(Map.of("k".repeat(128), "v"))).isNull();
      assertThat(StatusDetailsRules.violation(Map.of("k", "v".repeat(1025)))).isNotNull();
      assertThat(StatusDetailsRules.violation(Map.of("k", "v".repeat(1024)))).isNull();
      assertThat(StatusDetailsRules.violation(Map.of("k", "line\nbreak"))).contains("control");
      assertThat(StatusDetailsRules.violation(Map.of("k", ""))).isNotNull();
      assertThat(StatusDetailsRules.violation(Map.of("k", 5))).contains("string");
      assertThat(StatusDetailsRules.violation(Map.of("a:b_c-d", "ok"))).isNull();
    }

    @Test
    void startNextOnInProgressKeepsDetailsAndVersion() {
      JobExecutionStatus s = inProgress(null);
      s.setStatusDetails(Map.of("step", "2"));
      Transition t = ExecutionStateMachine.startNext(s, Map.of("step", "new"), null, null, T0);
      assertThat(t.isAccepted()).isTrue();
      assertThat(t.changed()).isFalse();
      assertThat(t.next().getStatusDetails()).containsEntry("step", "2");
      assertThat(t.next().getVersionNumber()).isEqualTo(s.getVersionNumber());
    }

    @Test
    void startNextOnQueuedAppliesDetails() {
      Transition t = ExecutionStateMachine.startNext(queued(), Map.of("step", "1"), 5L, Duration.ofMinutes(30), T0);
      assertThat(t.next().getStatus()).isEqualTo(IN_PROGRESS);
      assertThat(t.next().getStatusDetails()).containsEntry("step", "1");
      assertThat(t.next().getVersionNumber()).isEqualTo(2);
      assertThat(Times.parse(t.next().getTimeoutAt())).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }
  }

  @Nested
  class StepTimers {
    /** Reference §2.8: in-progress 12:00+10 min; step set at 12:05 for 5 min; then 12:10 for 5 min cannot pass 12:10. */
    @Test
    void stepTimerNeverReachesPastTheInProgressDeadline() {
      Instant noon = Instant.parse("2026-11-27T12:00:00Z");
      JobExecutionStatus s = ExecutionStateMachine.startNext(queued(), null, null, Duration.ofMinutes(10), noon).next();
      assertThat(s.getTimeoutAt()).isEqualTo("2026-11-27T12:10:00Z");

      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, 2L), null,
          Instant.parse("2026-11-27T12:05:00Z")).next();
      assertThat(s.getTimeoutAt()).isEqualTo("2026-11-27T12:07:00Z");

      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, 5L), null,
          Instant.parse("2026-11-27T12:06:00Z")).next();
      assertThat(s.getTimeoutAt()).as("step 12:11 is cut to the in-progress deadline").isEqualTo("2026-11-27T12:10:00Z");

      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, -1L), null,
          Instant.parse("2026-11-27T12:08:00Z")).next();
      assertThat(s.getTimeoutAt()).as("clearing the step timer leaves the in-progress one").isEqualTo("2026-11-27T12:10:00Z");
      assertThat(s.getStepDeadline()).isNull();
    }

    /** The documentation's timeline: in-progress timeout 20 minutes, step timers set at 12:00, 12:05, 12:10, 12:13. */
    @Test
    void stepTimersAcrossTheDocumentedTimeline() {
      JobExecutionStatus s = ExecutionStateMachine.startNext(queued(), null, 5L, Duration.ofMinutes(20),
          Instant.parse("2026-11-27T12:00:00Z")).next();
      assertThat(s.getTimeoutAt()).isEqualTo("2026-11-27T12:05:00Z");
      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, 5L), null,
          Instant.parse("2026-11-27T12:05:00Z").minusSeconds(1)).next();
      assertThat(s.getTimeoutAt()).isEqualTo("2026-11-27T12:09:59Z");
      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, 5L), null,
          Instant.parse("2026-11-27T12:10:00Z").minusSeconds(1)).next();
      assertThat(s.getTimeoutAt()).isEqualTo("2026-11-27T12:14:59Z");
      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, 10L), null,
          Instant.parse("2026-11-27T12:13:00Z")).next();
      assertThat(s.getTimeoutAt()).as("12:23 is cut to the in-progress deadline").isEqualTo("2026-11-27T12:20:00Z");
      assertThat(ExecutionStateMachine.timeOut(s, Instant.parse("2026-11-27T12:19:59Z")).isAccepted()).isFalse();
      assertThat(ExecutionStateMachine.timeOut(s, Instant.parse("2026-11-27T12:20:00Z")).next().getStatus())
          .isEqualTo(TIMED_OUT);
    }

    @Test
    void stepTimerWorksWithoutJobTimeout() {
      JobExecutionStatus s = ExecutionStateMachine.startNext(queued(), null, 3L, null, T0).next();
      assertThat(Times.parse(s.getTimeoutAt())).isEqualTo(T0.plus(Duration.ofMinutes(3)));
      s = ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, null, null, 7L), null, T0.plusSeconds(60)).next();
      assertThat(Times.parse(s.getTimeoutAt())).as("a new step timer replaces the old one")
          .isEqualTo(T0.plusSeconds(60).plus(Duration.ofMinutes(7)));
    }

    @Test
    void stepTimeoutRange() {
      assertThat(ExecutionStateMachine.startNext(queued(), null, -1L, null, T0).rejection()).isEqualTo(RejectionCode.InvalidRequest);
      assertThat(ExecutionStateMachine.startNext(queued(), null, 0L, null, T0).rejection()).isEqualTo(RejectionCode.InvalidRequest);
      assertThat(ExecutionStateMachine.startNext(queued(), null, 10081L, null, T0).rejection()).isEqualTo(RejectionCode.InvalidRequest);
      assertThat(ExecutionStateMachine.startNext(queued(), null, 10080L, null, T0).isAccepted()).isTrue();
      assertThat(ExecutionStateMachine.deviceUpdate(queued(), new DeviceUpdate(IN_PROGRESS, null, null, -2L), null, T0)
          .rejection()).isEqualTo(RejectionCode.InvalidRequest);
    }
  }

  @Nested
  class ServiceTransitions {
    @Test
    void t6TimeOutOnlyAfterTheDeadline() {
      JobExecutionStatus s = inProgress(Duration.ofMinutes(1));
      assertThat(ExecutionStateMachine.timeOut(s, T0.plusSeconds(59)).isAccepted()).isFalse();
      Transition t = ExecutionStateMachine.timeOut(s, T0.plusSeconds(60));
      assertThat(t.next().getStatus()).isEqualTo(TIMED_OUT);
      assertThat(t.next().getVersionNumber()).isEqualTo(s.getVersionNumber() + 1);
      assertThat(t.next().getTimeoutAt()).isNull();
      assertThat(ExecutionStateMachine.timeOut(queued(), T0.plusSeconds(3600)).rejection())
          .isEqualTo(RejectionCode.InvalidStateTransition);
    }

    @Test
    void t7CancelQueuedWithOrWithoutForceMarksWhatAForcedCancelCanceled() {
      for (boolean force : new boolean[] {false, true}) {
        Transition t = ExecutionStateMachine.cancel(queued(), force, null, T0);
        assertThat(t.next().getStatus()).isEqualTo(CANCELED);
        assertThat(t.next().getForceCanceled()).isEqualTo(force ? Boolean.TRUE : null);
        assertThat(t.next().getVersionNumber()).isEqualTo(2);
      }
    }

    @Test
    void t8ForceCancelInProgressMarksForceCanceled() {
      Transition t = ExecutionStateMachine.cancel(inProgress(Duration.ofMinutes(5)), true, null, T0);
      assertThat(t.next().getStatus()).isEqualTo(CANCELED);
      assertThat(t.next().getForceCanceled()).isTrue();
      assertThat(t.next().getTimeoutAt()).isNull();
    }

    @Test
    void t14CancelInProgressWithoutForceIsRefused() {
      assertThat(ExecutionStateMachine.cancel(inProgress(null), false, null, T0).rejection())
          .isEqualTo(RejectionCode.InvalidStateTransition);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT", "CANCELED", "REMOVED"})
    void t15CancelTerminalIsRefused(ExecutionStatus terminal) {
      assertThat(ExecutionStateMachine.cancel(withStatus(terminal), true, null, T0).rejection())
          .isEqualTo(RejectionCode.InvalidStateTransition);
    }

    @Test
    void cancelWithStaleExpectedVersionIsVersionMismatch() {
      assertThat(ExecutionStateMachine.cancel(queued(), false, 7L, T0).rejection()).isEqualTo(RejectionCode.VersionMismatch);
      assertThat(ExecutionStateMachine.cancel(queued(), false, 1L, T0).isAccepted()).isTrue();
    }

    @Test
    void t9RemoveOnlyQueued() {
      assertThat(ExecutionStateMachine.remove(queued(), T0).next().getStatus()).isEqualTo(REMOVED);
      assertThat(ExecutionStateMachine.remove(inProgress(null), T0).isAccepted()).isFalse();
    }

    @Test
    void t10RetryStartsTheNextAttempt() {
      JobExecutionStatus failed = ExecutionStateMachine.deviceUpdate(inProgress(null),
          new DeviceUpdate(FAILED, Map.of("error", "disk"), null, null), null, T0.plusSeconds(10)).next();
      Transition t = ExecutionStateMachine.retry(failed, T0.plusSeconds(20));
      JobExecutionStatus next = t.next();
      assertThat(next.getStatus()).isEqualTo(QUEUED);
      assertThat(next.getExecutionNumber()).isEqualTo(2);
      assertThat(next.getVersionNumber()).isEqualTo(1);
      assertThat(next.getRetryAttempt()).isEqualTo(1);
      assertThat(next.getStatusDetails()).isNull();
      assertThat(next.getStartedAt()).isNull();
      assertThat(Times.parse(next.getQueuedAt())).isEqualTo(T0.plusSeconds(20));
      assertThat(next.getAttempts()).singleElement().satisfies(a -> {
        assertThat(a.getExecutionNumber()).isEqualTo(1);
        assertThat(a.getVersionNumber()).isEqualTo(failed.getVersionNumber());
        assertThat(a.getStatus()).isEqualTo(FAILED);
        assertThat(a.getStatusDetails()).containsEntry("error", "disk");
        assertThat(a.getStartedAt()).isEqualTo(failed.getStartedAt());
      });
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"QUEUED", "IN_PROGRESS", "SUCCEEDED", "REJECTED", "CANCELED", "REMOVED"})
    void onlyFailedAndTimedOutAreRetried(ExecutionStatus status) {
      assertThat(ExecutionStateMachine.retry(withStatus(status), T0).isAccepted()).isFalse();
    }

    @Test
    void attemptsKeepAtMostEleven() {
      JobExecutionStatus s = withStatus(FAILED);
      for (int i = 0; i < 15; i++) {
        s = ExecutionStateMachine.retry(s, T0).next();
        s.setStatus(FAILED);
      }
      assertThat(s.getAttempts()).hasSize(ExecutionStateMachine.MAX_ATTEMPTS_KEPT);
      assertThat(s.getExecutionNumber()).isEqualTo(16);
      assertThat(s.getAttempts().get(10).getExecutionNumber()).isEqualTo(15);
    }

    @Test
    void rejoiningAContinuousJobStartsANewAttemptWithAFreshRetryCounter() {
      JobExecutionStatus removed = ExecutionStateMachine.remove(queued(), T0).next();
      removed.setRetryAttempt(3);
      Transition t = ExecutionStateMachine.rejoin(removed, T0.plusSeconds(9));
      assertThat(t.next().getStatus()).isEqualTo(QUEUED);
      assertThat(t.next().getExecutionNumber()).isEqualTo(2);
      assertThat(t.next().getVersionNumber()).isEqualTo(1);
      assertThat(t.next().getRetryAttempt()).isZero();
      assertThat(t.next().getAttempts()).singleElement().satisfies(a -> assertThat(a.getStatus()).isEqualTo(REMOVED));
      assertThat(ExecutionStateMachine.rejoin(queued(), T0).isAccepted()).isFalse();
    }

    @Test
    void t13DeleteNeedsTerminalOrForce() {
      assertThat(ExecutionStateMachine.mayDelete(queued(), false)).isFalse();
      assertThat(ExecutionStateMachine.mayDelete(inProgress(null), false)).isFalse();
      assertThat(ExecutionStateMachine.mayDelete(inProgress(null), true)).isTrue();
      assertThat(ExecutionStateMachine.mayDelete(withStatus(REJECTED), false)).isTrue();
    }

    @Test
    void theCallersStatusIsNeverChanged() {
      JobExecutionStatus s = queued();
      ExecutionStateMachine.deviceUpdate(s, new DeviceUpdate(IN_PROGRESS, Map.of("a", "b"), null, 3L), null, T0);
      ExecutionStateMachine.cancel(s, true, null, T0);
      assertThat(s).isEqualTo(queued());
    }
  }

  @Test
  void versionNumberOnlyGrowsWithinAnAttempt() {
    JobExecutionStatus s = queued();
    long last = s.getVersionNumber();
    for (int i = 0; i < 5; i++) {
      s = ExecutionStateMachine.deviceUpdate(s, DeviceUpdate.of(IN_PROGRESS), null, T0).next();
      assertThat(s.getVersionNumber()).isGreaterThan(last);
      last = s.getVersionNumber();
    }
    s = ExecutionStateMachine.cancel(s, true, null, T0).next();
    assertThat(s.getVersionNumber()).isGreaterThan(last);
  }

  @Test
  void labelValuesFitKubernetes() {
    assertThat(Executions.labelValue("sensor-1")).isEqualTo("sensor-1");
    String longName = "a".repeat(100) + ".example.com";
    String value = Executions.labelValue(longName);
    assertThat(value).hasSizeLessThanOrEqualTo(63).matches("[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]");
    assertThat(Executions.labelValue("a".repeat(100) + ".example.org")).isNotEqualTo(value);
  }
}
