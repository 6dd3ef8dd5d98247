package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.execution.Transition;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec.ExecutionCancel;
import dev.iotjobs.api.model.RetryConfig;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import dev.iotjobs.operator.failure.RetryPolicy;
import dev.iotjobs.operator.groups.FleetCache;
import dev.iotjobs.operator.k8s.EventRecorder;
import dev.iotjobs.operator.k8s.ExecutionWriter;
import dev.iotjobs.operator.metrics.JobMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transitions the operator makes to a job's executions (the service side of the state machine): timeouts (T6),
 * removals of deleted Things and of things that left a CONTINUOUS job (T9), retries (T10), and cancels of the job and
 * of single executions. Each goes through {@link ExecutionWriter} (state machine, resourceVersion, re-decide on 409)
 * and into the informer's cache at once.
 */
public class ServiceTransitions {
  private final ExecutionWriter executionWriter;
  private final FleetCache fleet;
  private final EventRecorder events;
  private final JobMetrics metrics;
  private final Supplier<InformerEventSource<JobExecution, IoTJob>> executions;

  public ServiceTransitions(ExecutionWriter executionWriter, FleetCache fleet, EventRecorder events, JobMetrics metrics,
      Supplier<InformerEventSource<JobExecution, IoTJob>> executions) {
    this.executionWriter = executionWriter;
    this.fleet = fleet;
    this.events = events;
    this.metrics = metrics;
    this.executions = executions;
  }

  /**
   * CONTINUOUS membership: a thing that left has its QUEUED execution REMOVED (an IN_PROGRESS one may finish, and a
   * failed one is not retried); a thing that left and joined again gets a new attempt with a fresh retry budget.
   */
  public void followMembership(Resolution resolution, List<JobExecution> current) {
    for (JobExecution execution : current) {
      boolean member = resolution.things().contains(execution.thingName());
      ExecutionStatus status = Executions.statusOf(execution);
      if (!member && status == ExecutionStatus.QUEUED) {
        transition(execution, ExecutionStateMachine::remove);
      } else if (member && status == ExecutionStatus.REMOVED) {
        transition(execution, ExecutionStateMachine::rejoin);
      }
    }
  }

  /** T9: a deleted Thing's QUEUED executions are REMOVED, whatever the job's target selection. */
  public void removeDeletedThings(List<JobExecution> current) {
    for (JobExecution execution : current) {
      if (Executions.statusOf(execution) == ExecutionStatus.QUEUED
          && !fleet.thingExists(execution.namespace(), execution.thingName())) {
        transition(execution, ExecutionStateMachine::remove);
      }
    }
  }

  /** T6: IN_PROGRESS executions past their deadline time out; returns the earliest deadline still running. */
  public Instant expireTimers(IoTJob job, List<JobExecution> current, Instant now) {
    Instant earliest = null;
    List<JobExecution> due = new ArrayList<>();
    for (JobExecution execution : current) {
      // without building the status of every running execution, four times a second (9% of the operator's samples)
      String timeoutAt = execution.statusValue() == ExecutionStatus.IN_PROGRESS ? execution.timeoutAt() : null;
      if (timeoutAt == null) {
        continue;
      }
      Instant deadline = Times.parse(timeoutAt);
      if (!now.isBefore(deadline)) {
        due.add(execution);
      } else {
        earliest = Times.earliest(earliest, deadline);
      }
    }
    List<String> timedOut = new ArrayList<>();
    List<ExecutionWriter.Applied> results = executionWriter.applyAll(due, ExecutionStateMachine::timeOut);
    for (ExecutionWriter.Applied applied : results) {
      remember(applied);
      if (applied.transition().isAccepted() && applied.stored() != null) {
        timedOut.add(applied.before().getSpec().getThingName());
      }
    }
    if (!timedOut.isEmpty()) {
      // one event per round, not one per execution: a fleet timing out at once must not flood the API with events
      events.warning(job, "TimedOut", timedOut.size() + (timedOut.size() == 1 ? " execution" : " executions")
          + " timed out with no outcome by the deadline: " + String.join(", ", timedOut.subList(0, Math.min(10, timedOut.size())))
          + (timedOut.size() > 10 ? " and " + (timedOut.size() - 10) + " more." : "."));
    }
    return earliest;
  }

  /**
   * T10: FAILED and TIMED_OUT attempts with retries left are queued again as the next attempt; of a CONTINUOUS job,
   * only those of things still members ({@code members}, null for a SNAPSHOT job).
   */
  public void retryFailed(IoTJob job, List<JobExecution> current, Resolution members) {
    RetryConfig config = job.getSpec().getJobExecutionsRetryConfig();
    if (config == null) {
      return;
    }
    for (JobExecution execution : current) {
      ExecutionStatus status = execution.statusValue();
      if (status != ExecutionStatus.FAILED && status != ExecutionStatus.TIMED_OUT) {
        continue; // only these are retried; the others' status is not built
      }
      boolean left = members != null && !members.things().contains(execution.thingName());
      if (!left && RetryPolicy.shouldRetry(config, execution.getStatus())) {
        transition(execution, (s, at) -> RetryPolicy.shouldRetry(config, s) ? ExecutionStateMachine.retry(s, at)
            : Transition.unchanged(s));
      }
    }
  }

  /** CancelJob: QUEUED executions are canceled; with force IN_PROGRESS ones too. */
  public void cancelPending(List<JobExecution> current, boolean force) {
    for (JobExecution execution : current) {
      ExecutionStatus status = Executions.statusOf(execution);
      if (status == ExecutionStatus.QUEUED || (force && status == ExecutionStatus.IN_PROGRESS)) {
        transition(execution, (s, now) -> ExecutionStateMachine.cancel(s, force, null, now));
      }
    }
  }

  /** CancelJobExecution: spec.cancel set on a single execution. */
  public void applyExecutionCancels(List<JobExecution> current) {
    for (JobExecution execution : current) {
      ExecutionCancel cancel = execution.cancel(); // read without building the spec: a walk over every execution
      if (cancel == null || Executions.statusOf(execution) == ExecutionStatus.CANCELED) {
        continue;
      }
      Transition result = transition(execution,
          (s, now) -> ExecutionStateMachine.cancel(s, cancel.isForced(), cancel.getExpectedVersion(), now));
      if (!result.isAccepted()) {
        events.warning(execution, "CancelRefused", "The execution was not canceled: " + result.message() + ".");
      }
    }
  }

  private Transition transition(JobExecution execution,
      java.util.function.BiFunction<dev.iotjobs.api.model.JobExecutionStatus, Instant, Transition> decision) {
    ExecutionWriter.Applied applied = executionWriter.apply(execution, decision);
    remember(applied);
    return applied.transition();
  }

  /**
   * Our write goes into the cache at once, so the next reconcile does not decide on the older copy. The informer may
   * then skip the watch event of that write as its own, so a transition the operator makes (cancel, timeout) is
   * measured here; the metric counts each attempt's terminal transition once, whichever path sees it first.
   */
  public void remember(ExecutionWriter.Applied applied) {
    if (applied.stored() != null) {
      metrics.executionChanged(applied.before(), applied.stored());
      executions.get().handleRecentResourceUpdate(ResourceID.fromResource(applied.before()), applied.stored(), applied.before());
    }
  }
}
