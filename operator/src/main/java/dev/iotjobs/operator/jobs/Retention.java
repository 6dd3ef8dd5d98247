package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.api.retention.RetentionPolicy;
import dev.iotjobs.api.waves.Durations;
import dev.iotjobs.operator.failure.RetryPolicy;
import dev.iotjobs.operator.k8s.EventRecorder;
import dev.iotjobs.operator.k8s.ExecutionWriter;
import dev.iotjobs.operator.targets.JobTargetStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * spec.executionRetention: deletes a job's executions some time after they are done, a batch per round. Each is first
 * written to the job's ledger ({@link JobTargetStore#addPruned}, with the status it ended in) and then deleted, so the
 * counters, abort criteria and the rollout keep counting it, a restart between the two counts it once, and the thing
 * is never queued again. A staged rollout keeps the executions of a wave until its gate passed.
 */
public class Retention {
  /** Deletes per round: a steady pace rather than a burst that starves the API server. */
  static final int BATCH = 100;
  private final JobTargetStore store;
  private final ExecutionWriter writer;
  private final EventRecorder events;

  public Retention(JobTargetStore store, ExecutionWriter writer, EventRecorder events) {
    this.store = store;
    this.writer = writer;
    this.events = events;
  }

  /** Prunes what is due; returns when the next execution falls due, or null. */
  public Instant prune(IoTJob job, IoTJobStatus status, List<JobExecution> executions, Instant now) {
    if (job.getSpec().getExecutionRetention() == null) {
      return null;
    }
    Duration keep = Durations.parse(job.getSpec().getExecutionRetention().getAfterTerminal(), Duration.ZERO);
    Set<String> judgedWaves = wavesStillJudged(job, status);
    RetentionPolicy.Due due = RetentionPolicy.due(executions, keep, now, BATCH,
        s -> RetryPolicy.shouldRetry(job.getSpec().getJobExecutionsRetryConfig(), s),
        e -> Executions.waveOf(e) == null || !judgedWaves.contains(Executions.waveOf(e)));
    if (!due.executions().isEmpty()) {
      Map<String, ExecutionStatus> ledger = new TreeMap<>();
      due.executions().forEach(e -> ledger.put(e.getSpec().getThingName(), Executions.statusOf(e)));
      if (!store.addPruned(job, ledger)) {
        events.warning(job, "RetentionLedgerFull", "Retention stopped: the record of pruned executions (ConfigMap "
            + JobTargetStore.name(job) + " and its -pruned-N chunks) is full at " + store.memory(job).pruned().size()
            + " things; the rest are kept.");
        return null;
      }
      due.executions().forEach(writer::delete);
    }
    return due.next();
  }

  /**
   * The job's counters: its executions in the cache, and those pruned as the ledger records them (an execution in both,
   * pruned but not yet gone from the cache, counts once).
   */
  public static JobProcessDetails count(List<JobExecution> executions, JobTargetStore.Memory memory) {
    return count(executions, memory, execution -> { });
  }

  /** {@link #count(List, JobTargetStore.Memory)}, handing each execution to {@code alsoEach} in the same pass. */
  static JobProcessDetails count(List<JobExecution> executions, JobTargetStore.Memory memory,
      java.util.function.Consumer<JobExecution> alsoEach) {
    JobProcessDetails counters = new JobProcessDetails();
    Map<String, ExecutionStatus> pruned = memory.pruned();
    boolean nonePruned = pruned.isEmpty();
    for (JobExecution execution : executions) {
      alsoEach.accept(execution);
      if (nonePruned || !pruned.containsKey(execution.thingName())) {
        counters.count(Executions.statusOf(execution));
      }
    }
    pruned.values().forEach(counters::count);
    return counters;
  }

  /** Waves whose gate has not passed yet, while the job runs: their executions are still being judged. */
  private static Set<String> wavesStillJudged(IoTJob job, IoTJobStatus status) {
    if (status == null || status.getWaves() == null || (status.getStatus() != null && status.getStatus().isTerminal())) {
      return Set.of();
    }
    return status.getWaves().stream()
        .filter(w -> w.getGate() == null || w.getGate().getPhase() != WaveStatus.GatePhase.Passed)
        .map(WaveStatus::getName).collect(Collectors.toSet());
  }
}
