package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.targets.TargetResolver;
import dev.iotjobs.api.Times;
import dev.iotjobs.api.runtime.LogContext;
import dev.iotjobs.api.validation.SchemaBounds;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.operator.jobs.JobFacts.Cancellation;
import dev.iotjobs.api.rollout.BlastRadius;
import dev.iotjobs.api.rollout.RolloutPacer;
import dev.iotjobs.api.rollout.RolloutRate;
import dev.iotjobs.api.schedule.ScheduleState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.operator.groups.FleetCache;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import dev.iotjobs.operator.k8s.EventRecorder;
import dev.iotjobs.operator.k8s.ExecutionWriter;
import dev.iotjobs.operator.k8s.StatusWriter;
import dev.iotjobs.operator.metrics.JobMetrics;
import dev.iotjobs.operator.targets.DeletedExecutions;
import dev.iotjobs.operator.targets.JobTargetStore;
import dev.iotjobs.operator.targets.SnapshotSettle;
import dev.iotjobs.operator.templates.JobTemplates;
import dev.iotjobs.operator.waves.PrometheusQueries;
import dev.iotjobs.operator.waves.RollbackJobs;
import dev.iotjobs.operator.waves.WaveEvents;
import dev.iotjobs.operator.waves.WaveStep;
import dev.iotjobs.api.waves.WaveProgression;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import dev.iotjobs.operator.targets.TargetCache;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an IoTJob: resolves its targets once (SNAPSHOT), creates one JobExecution per target, applies cancels of the
 * job and of single executions, keeps counters and conditions, and on deletion cancels what is pending and deletes the
 * executions before the job goes. Observes from informer caches, decides with pure classes, acts with few writes.
 */
public class IoTJobReconciler implements Reconciler<IoTJob>, Cleaner<IoTJob> {
  private static final Logger LOG = LoggerFactory.getLogger(IoTJobReconciler.class);
  private static final long NOT_SYNCED_RETRY_MS = 200;
  private static final long DELETION_RECHECK_MS = 1000;
  private static final int MAX_QUEUED_PER_RECONCILE = 1000;
  private static final Duration PROGRESS_WRITE_INTERVAL = Duration.ofSeconds(1);
  /** A job waiting for its ConfigMap looks again this often (ConfigMaps are not watched). */
  private static final Duration DOCUMENT_RECHECK = Duration.ofSeconds(5);
  private final FleetCache fleet;
  private final Clock clock;
  private final EventRecorder events;
  private final ExecutionWriter executionWriter;
  private final ServiceTransitions transitions;
  private final Retention retention;
  private final JobDocuments documents;
  private final JobMetrics metrics;
  private final StatusWriter<IoTJobStatus, IoTJob> statusWriter;
  private final SimpleInboundEventSource<IoTJob> fleetEvents = new SimpleInboundEventSource<>("fleet-changes");
  private JobExecutionsSource executions;
  /** How often at most executions' changes wake their job (see {@link #wakesJobNow}). */
  private static final Duration EXECUTION_CHANGE_WINDOW = Duration.ofMillis(250);
  private static final java.util.concurrent.ScheduledExecutorService EXECUTION_WAKE_UPS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "execution-change-wake-ups");
        thread.setDaemon(true);
        return thread;
      });
  private final ChangeDebounce<ResourceID> executionChanges = new ChangeDebounce<>(EXECUTION_CHANGE_WINDOW);
  private final TargetCache targetCache = new TargetCache();
  private final Map<String, Instant> lastQueued = new ConcurrentHashMap<>();
  /**
   * Jobs whose executions were checked for things deleted since: no Thing was deleted and the job created nothing
   * after the check. Walking every QUEUED execution to look its thing up, four times a second, found nothing almost
   * always (4% of the operator's CPU at 10,000 devices).
   */
  private final Set<String> checkedForDeletedThings = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> lastStatusWrite = new ConcurrentHashMap<>();
  private final JobTargetStore targetStore;
  private final SnapshotSettle settle;
  private final DeletedExecutions deletedExecutions = new DeletedExecutions();
  private final WaveStep waves;
  private final RollbackJobs rollbacks;
  private final JobTemplates templates;

  public IoTJobReconciler(KubernetesClient client, FleetCache fleet, EventRecorder events, Clock clock,
      JobMetrics metrics, Duration snapshotSettle) {
    this.metrics = metrics;
    this.settle = new SnapshotSettle(snapshotSettle, fleet::lastMembershipChange);
    this.targetStore = new JobTargetStore(client);
    this.fleet = fleet;
    this.clock = clock;
    this.events = events;
    this.executionWriter = new ExecutionWriter(client, clock);
    this.transitions = new ServiceTransitions(executionWriter, fleet, events, metrics, () -> executions);
    this.retention = new Retention(targetStore, executionWriter, events);
    this.documents = new JobDocuments(client);
    this.statusWriter = new StatusWriter<>(client, JobStatusPlanner::copy);
    this.waves = new WaveStep(fleet, new PrometheusQueries());
    this.rollbacks = new RollbackJobs(client);
    this.templates = new JobTemplates(client);
  }

  @Override
  public List<EventSource<?, IoTJob>> prepareEventSources(EventSourceContext<IoTJob> context) {
    executions = new JobExecutionsSource(
        InformerEventSourceConfiguration.from(JobExecution.class, IoTJob.class).withName("executions")
            .withItemStore(new dev.iotjobs.api.runtime.LeanItemStore<>())
            .withPrimaryToSecondaryMapper(job -> executions.idsOf((IoTJob) job))
            .withOnUpdateFilter((current, old) -> {
              metrics.executionChanged(old, current);
              return wakesJobNow(current);
            }).build(), context, deletedExecutions::note);
    // a promotion is an annotation, which changes no generation: this source wakes the job for it
    InformerEventSource<IoTJob, IoTJob> promotions = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(IoTJob.class, IoTJob.class).withName("promotions")
            .withSecondaryToPrimaryMapper(job -> Set.of(ResourceID.fromResource(job)))
            .withOnAddFilter(job -> false)
            .withOnUpdateFilter((current, old) -> !java.util.Objects.equals(promotion(current), promotion(old)))
            .withOnDeleteFilter((job, unknown) -> false)
            .build(), context);
    IndexerResourceCache<IoTJob> jobs = context.getPrimaryCache();
    fleet.addListener(new FleetCache.FleetListener() {
      @Override
      public void thingChanged(Thing old, Thing current) {
        wakeJobsAffectedByFleet(jobs, (current == null ? old : current).getMetadata().getNamespace(), current == null);
      }

      @Override
      public void groupChanged(ThingGroup old, ThingGroup current) {
        wakeJobsAffectedByFleet(jobs, (current == null ? old : current).getMetadata().getNamespace(), false);
      }
    });
    return List.of(executions, fleetEvents, promotions);
  }

  /**
   * Whether an execution's change wakes its job now. A job reconcile walks all its executions, and devices change
   * thousands a second: each job wakes for them at most once per window, the last change in a window with a wake-up at
   * its end (counters are written at most once a second anyway). Paced in real time, whatever the job's clock.
   */
  private boolean wakesJobNow(JobExecution changed) {
    boolean now = false;
    for (ResourceID job : JobExecutionsSource.jobIds(changed)) {
      ChangeDebounce.Decision decision = executionChanges.changed(job, Instant.now());
      now |= decision.now();
      decision.at().ifPresent(at -> EXECUTION_WAKE_UPS.schedule(() -> {
        executionChanges.woke(job, Instant.now());
        fleetEvents.propagateEvent(job);
      }, Math.max(0, Duration.between(Instant.now(), at).toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS));
    }
    return now;
  }

  private static String promotion(IoTJob job) {
    return job.getMetadata().getAnnotations() == null ? null
        : job.getMetadata().getAnnotations().get(dev.iotjobs.api.model.Wave.PROMOTE_ANNOTATION);
  }

  /**
   * A fleet change in a namespace can complete the targets of jobs that wait for them, change the members of running
   * CONTINUOUS jobs (whose cached targets are dropped), and, when a Thing is deleted, remove queued executions of any
   * running job.
   */
  private void wakeJobsAffectedByFleet(IndexerResourceCache<IoTJob> jobs, String namespace, boolean thingDeleted) {
    targetCache.fleetChanged(namespace);
    if (thingDeleted) {
      checkedForDeletedThings.clear(); // deletions are rare: every job looks again
    }
    if (jobs instanceof io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource<?, ?> source
        && !source.isRunning()) {
      // the fleet cache fills before the controller starts; the controller reconciles every job when it starts
      return;
    }
    jobs.list(namespace).forEach(job -> {
      IoTJobStatus status = statusWriter.latest(job);
      boolean waiting = status == null || status.getStartedAt() == null;
      boolean active = status != null && status.getStatus() != null && !status.getStatus().isTerminal();
      boolean continuous = job.getSpec().effectiveTargetSelection() == TargetSelection.CONTINUOUS;
      if (waiting || (active && (continuous || thingDeleted))) {
        fleetEvents.propagateEvent(ResourceID.fromResource(job));
      }
    });
  }

  /** The job's remembered targets, with executions deleted since the last round added for good. */
  private JobTargetStore.Memory targetMemory(IoTJob job) {
    Set<String> deleted = new HashSet<>(deletedExecutions.take(job));
    // retention's own deletes are in the ledger: they are pruned, not deleted by a user
    deleted.removeAll(targetStore.memory(job).pruned().keySet());
    if (!deleted.isEmpty()) {
      targetStore.addDeleted(job, deleted);
      List<String> names = new ArrayList<>(new java.util.TreeSet<>(deleted));
      events.normal(job, "ExecutionsDeleted", names.size() + (names.size() == 1 ? " execution was" : " executions were")
          + " deleted (" + String.join(", ", names.subList(0, Math.min(10, names.size())))
          + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "") + "); the job does not queue "
          + (names.size() == 1 ? "that thing" : "those things") + " again.");
    }
    return targetStore.memory(job);
  }

  @Override
  public UpdateControl<IoTJob> reconcile(IoTJob job, Context<IoTJob> context) {
    try (var mdc = LogContext.of(job.getMetadata().getNamespace(), job.getMetadata().getName(), null)) {
      return reconcileJob(job, context);
    }
  }

  private UpdateControl<IoTJob> reconcileJob(IoTJob stored, Context<IoTJob> context) {
    if (!fleet.hasSynced()) {
      return UpdateControl.<IoTJob>noUpdate().rescheduleAfter(NOT_SYNCED_RETRY_MS);
    }
    Instant now = clock.instant();
    settle.seen(stored, now);
    IoTJobStatus previous = statusWriter.latest(stored);
    // the job with its template's settings where it has none; the status is written to the stored object
    JobTemplates.Applied template = templates.apply(stored, previous);
    IoTJob job = template.job();
    JobTargetStore.Memory memory = targetMemory(job);
    ExecutionReads reads = new ExecutionReads(() -> executions.of(stored), executionWriter::writes);
    transitions.applyExecutionCancels(reads.get());

    ScheduleState schedule;
    String scheduleProblem = null;
    try {
      schedule = ScheduleState.at(job.getSpec().getSchedulingConfig(), now);
    } catch (IllegalArgumentException e) {
      scheduleProblem = e.getMessage();
      schedule = new ScheduleState(ScheduleState.Phase.NOT_STARTED, null, List.of());
      events.warning(job, "InvalidSchedule", scheduleProblem);
    }
    String specProblem = specProblem(job);
    boolean completed = previous != null && previous.getStatus() == JobStatus.COMPLETED;
    JobTally tally = JobTally.of(reads.get(), memory);
    JobProcessDetails counters = tally.counters();
    Cancellation cancel = completed ? null : Cancellations.decide(job, previous, schedule, counters);

    Resolution resolution = null;
    Instant wakeUp = schedule.nextChange();
    JobDocuments.Resolved document = previous != null && previous.getStartedAt() != null && previous.getDocumentDigest() != null
        ? null : template.problem() != null ? JobDocuments.Resolved.problem(JobTemplates.NOT_FOUND, template.problem())
        : documents.resolve(job, previous);
    if (document != null && !document.isOk()) {
      events.warning(job, document.reason(), document.problem());
      wakeUp = Times.earliest(wakeUp, now.plus(DOCUMENT_RECHECK));
    }
    RolloutRate rate = RolloutRate.of(job.getSpec().getJobExecutionsRolloutConfig(), counters.total(),
        counters.getNumberOfSucceededThings());
    if (!completed) {
      // a cancel without force leaves IN_PROGRESS executions running, and their timers with them (as on AWS)
      wakeUp = Times.earliest(wakeUp, transitions.expireTimers(job, reads.get(), now));
    }
    if (cancel != null) {
      transitions.cancelPending(reads.get(), cancel.force());
      targetCache.forget(job.getMetadata().getUid());
    } else if (!completed) {
      if (checkedForDeletedThings.add(job.getMetadata().getUid())) {
        // marked before the walk: a deletion that lands during it unmarks the job for the next reconcile
        transitions.removeDeletedThings(reads.get());
      }
      transitions.retryFailed(job, reads.get(), job.getSpec().effectiveTargetSelection()
          == TargetSelection.CONTINUOUS ? targets(job, statusWriter.latest(job), targetStore.memory(job)) : null);
      boolean rollsOut = scheduleProblem == null && specProblem == null && schedule.rollsOut() && !Boolean.TRUE.equals(job.getSpec().getSuspend())
          && (document == null || document.isOk());
      boolean continuous = job.getSpec().effectiveTargetSelection() == TargetSelection.CONTINUOUS;
      boolean started = previous != null && previous.getStartedAt() != null;
      List<JobExecution> current = reads.get();
      if (continuous && started && schedule.phase() != ScheduleState.Phase.ENDED) {
        resolution = targets(job, previous, memory);
        if (!resolution.isComplete()) {
          // a deleted target group takes its things out of the job; the rest runs on (docs/decisions.md)
          events.warning(job, "TargetsNotFound", resolution.missingWhileRunning());
        }
        transitions.followMembership(resolution, current);
        current = reads.get();
        boolean initialDone = previous.getRollout() == null || previous.getRollout().getInitialTargets() == null
            || current.size() >= previous.getRollout().getInitialTargets();
        if (initialDone) {
          rollOut(job, resolution, current, RolloutRate.unlimited(), now, memory);
        } else if (rollsOut) {
          wakeUp = Times.earliest(wakeUp, rollOut(job, resolution, current, rate, now, memory));
        }
      } else if (rollsOut && needsTargets(previous, current)) {
        Instant settled = continuous || started ? now : settle.settledAt(job, now);
        if (now.isBefore(settled)) {
          // a SNAPSHOT is taken once the fleet applied with the job has landed (docs/decisions.md)
          wakeUp = Times.earliest(wakeUp, settled);
        } else {
          resolution = targets(job, previous, memory);
          if (!resolution.isComplete()) {
            events.warning(job, "TargetsNotFound", resolution.missingMessage());
          } else if (resolution.things().isEmpty() && !continuous) {
            events.warning(job, JobConditions.REASON_NO_TARGETS, JobStatusPlanner.NO_TARGETS_MESSAGE);
          } else {
            boolean pinned = memory.snapshot() != null
                && (started || memory.snapshot().equals(new ArrayList<>(resolution.things())));
            if (!continuous && !pinned) {
              // pinned before the first execution exists; a start that did not reach the status pins again
              targetStore.saveSnapshot(job, resolution.things());
              memory = targetStore.memory(job);
            }
            wakeUp = Times.earliest(wakeUp, rollOut(job, resolution, current, rate, now, memory));
          }
        }
      }
    }
    List<JobExecution> observed = reads.get();
    WaveProgression.Round waveRound = null;
    String rollbackJob = null;
    // the abort criteria met in the same round as a gate's failure (devices reporting at once) leave the gate to decide:
    // its failure is the more specific cause, and the rollback follows a failed gate
    boolean abortedThisRound = cancel != null && cancel.source() == Cancellation.Source.ABORT
        && (previous == null || previous.getStatus() != JobStatus.CANCELED);
    if (WaveStep.applies(job) && !completed && (cancel == null || abortedThisRound) && !observed.isEmpty()) {
      Resolution targets = resolution != null ? resolution : targets(job, previous, memory);
      waveRound = waves.advance(job, previous, observed, targets, existingThings(observed, memory), now);
      if (cancel != null && !waveRound.failed()) {
        waveRound = null; // the abort stands: no wave moves on
      }
    }
    if (waveRound != null) {
      wakeUp = Times.earliest(wakeUp, waveRound.nextCheck());
      WaveEvents.record(events, job, previous, waveRound);
      if (waveRound.failed()) {
        // as an abort: QUEUED executions are canceled, IN_PROGRESS ones may finish
        cancel = new Cancellation(Cancellation.Source.WAVE_GATE, false, "WAVE_GATE_FAILED", waveRound.failure());
        transitions.cancelPending(observed, false);
        targetCache.forget(job.getMetadata().getUid());
        observed = reads.get();
      }
    }
    if (cancel != null && cancel.source() == Cancellation.Source.WAVE_GATE && job.getSpec().getRollback() != null
        && (previous == null || previous.getRollbackJob() == null)) {
      List<String> executedIt = RollbackJobs.executed(observed);
      rollbackJob = rollbacks.create(job, executedIt, cancel.comment());
      events.normal(job, "RollbackStarted", "Created rollback job " + rollbackJob + " for the " + executedIt.size()
          + " things that executed this job.");
    }
    Instant pruneAgain = retention.prune(job, statusWriter.latest(job), observed, now);
    if (pruneAgain != null) {
      wakeUp = Times.earliest(wakeUp, pruneAgain);
      memory = targetStore.memory(job);
    }
    tally = tally.again(observed, memory);
    counters = tally.counters();
    rate = RolloutRate.of(job.getSpec().getJobExecutionsRolloutConfig(), counters.total(),
        counters.getNumberOfSucceededThings());
    JobFacts facts = new JobFacts(resolution, counters, schedule, scheduleProblem, cancel, rate, document, specProblem,
        memory.deleted().size(), waveRound, rollbackJob, template.template(), tally.recentFailures());
    IoTJobStatus next = JobStatusPlanner.next(job, previous, facts, now);
    recordLifecycleEvents(job, previous, next, cancel);
    wakeUp = Times.earliest(wakeUp, writeStatus(stored, previous, next));
    metrics.record(job, counters, rate, next.getStatus() == JobStatus.CANCELED
        && JobConditions.REASON_ABORT_CRITERIA_MET.equals(dev.iotjobs.operator.k8s.Conditions
            .find(next.getConditions(), JobConditions.CANCELED).map(c -> c.getReason()).orElse(null)));
    metrics.recordWaves(job, next.getWaves(), next.getCurrentWave());
    if (next.getStatus() != null && next.getStatus().isTerminal()) {
      targetCache.forget(job.getMetadata().getUid());
    }
    UpdateControl<IoTJob> control = UpdateControl.noUpdate();
    if (wakeUp != null && (next.getStatus() == null || !next.getStatus().isTerminal() || cancel != null
        || pruneAgain != null)) {
      control.rescheduleAfter(Math.max(1, Duration.between(clock.instant(), wakeUp).toMillis()));
    }
    return control;
  }

  /**
   * Numbers past the schema's bounds, in an object stored before the bounds existed or written around them: the job
   * queues nothing until they are fixed, says why in its Progressing condition, and warns once per change.
   */
  private String specProblem(IoTJob job) {
    List<String> violations = SchemaBounds.violations(job.getSpec(), "spec");
    if (violations.isEmpty()) {
      return null;
    }
    String problem = String.join("; ", violations) + ". Nothing more is queued until the spec is fixed.";
    events.warning(job, JobStatusPlanner.INVALID_SPEC, problem);
    return problem;
  }

  /**
   * Writes the job's status, batching progress: a change of counters alone is written at most once per
   * {@link #PROGRESS_WRITE_INTERVAL} (a rollout to thousands of devices would otherwise write the job on nearly every
   * execution change). Returns when to write the progress held back, or null. Real time, not the injected clock:
   * this paces API writes, not job behaviour.
   */
  private Instant writeStatus(IoTJob job, IoTJobStatus previous, IoTJobStatus next) {
    String uid = job.getMetadata().getUid();
    Long lastWrite = lastStatusWrite.get(uid);
    long sinceLastWrite = lastWrite == null ? Long.MAX_VALUE : System.nanoTime() - lastWrite;
    if (sinceLastWrite < PROGRESS_WRITE_INTERVAL.toNanos() && JobStatusPlanner.onlyProgressDiffers(previous, next)) {
      return clock.instant().plusNanos(PROGRESS_WRITE_INTERVAL.toNanos() - sinceLastWrite);
    }
    if (statusWriter.write(job, next) != job) {
      lastStatusWrite.put(uid, System.nanoTime());
    }
    return null;
  }

  /**
   * Targets are resolved until the job has started and every target has been given its execution (counting those a
   * user deleted since, so that they are not queued again).
   */
  private static boolean needsTargets(IoTJobStatus previous, List<JobExecution> current) {
    if (previous == null || previous.getStartedAt() == null) {
      return true;
    }
    Integer queued = previous.getRollout() == null ? null : previous.getRollout().getQueuedThings();
    return previous.getTargetCount() == null || (queued == null ? current.size() : queued) < previous.getTargetCount();
  }

  /**
   * A started SNAPSHOT job's targets are the ones pinned at its start, read back from its ConfigMap after a restart;
   * other jobs resolve them from the fleet. Kept until the fleet of the namespace changes ({@link TargetCache}).
   */
  private Resolution targets(IoTJob job, IoTJobStatus previous, JobTargetStore.Memory memory) {
    // a started SNAPSHOT keeps its targets whatever the fleet does
    boolean fixed = previous != null && previous.getStartedAt() != null
        && job.getSpec().effectiveTargetSelection() == TargetSelection.SNAPSHOT;
    return targetCache.resolve(job.getMetadata().getNamespace(), job.getMetadata().getUid(), fixed,
        () -> fixed && memory.snapshot() != null
            ? new Resolution(new java.util.TreeSet<>(memory.snapshot()), List.of(), List.of())
            : TargetResolver.resolve(job.getMetadata().getNamespace(), job.getSpec().getTargets(), fleet));
  }

  /**
   * Queues executions for targets that have none, as fast as the rollout rate allows and at most
   * {@link #MAX_QUEUED_PER_RECONCILE} at a time (so that a huge rollout writes progress in between); returns when to
   * go on.
   */
  private Instant rollOut(IoTJob job, Resolution resolution, List<JobExecution> current, RolloutRate rate, Instant now,
      JobTargetStore.Memory memory) {
    Set<String> existing = new HashSet<>(memory.gone());
    Instant lastQueuedAt = null;
    for (JobExecution execution : current) {
      existing.add(execution.thingName());
      lastQueuedAt = Times.latest(lastQueuedAt, Executions.firstQueuedAt(execution));
    }
    // the cache can lag behind what this process just created: what it queued last counts too
    lastQueuedAt = Times.latest(lastQueuedAt, lastQueued.get(job.getMetadata().getUid()));
    RolloutPacer.Decision pace = RolloutPacer.decide(rate, lastQueuedAt, now);
    int batch = Math.min(pace.allowed(), MAX_QUEUED_PER_RECONCILE);
    List<String> toQueue = new ArrayList<>();
    boolean more = false;
    IoTJobStatus status = statusWriter.latest(job);
    boolean staged = WaveStep.applies(job);
    Iterable<String> candidates = staged ? waves.queueable(job, status, resolution, current, existing) : resolution.things();
    String wave = staged ? job.getSpec().getWaves().get(WaveStep.currentIndex(job, status)).getName() : null;
    for (String thing : candidates) {
      if (existing.contains(thing)) {
        continue;
      }
      if (toQueue.size() == batch) {
        more = true;
        break;
      }
      toQueue.add(thing);
    }
    int created = 0;
    ExecutionWriter.Creation creation = executionWriter.createAll(job, toQueue, wave);
    if (!creation.created().isEmpty()) {
      // a target deleted after it was resolved may have just got an execution
      checkedForDeletedThings.remove(job.getMetadata().getUid());
    }
    for (JobExecution stored : creation.created()) {
      executions.handleRecentResourceCreate(ResourceID.fromResource(stored), stored);
      lastQueued.merge(job.getMetadata().getUid(), Executions.firstQueuedAt(stored), Times::latest);
      created++;
    }
    if (!creation.foreignDeleted().isEmpty()) {
      List<String> names = creation.foreignDeleted().stream().map(e -> e.getMetadata().getName()).toList();
      events.warning(job, "ForeignExecutionReplaced", "JobExecution " + String.join(", ", names) + (names.size() == 1
          ? " was" : " were") + " not created by this job (no owner reference to it) but held the name of one of its"
          + " executions; deleted, so that the job creates its own.");
    }
    if (created > 0) {
      LOG.info("queued namespace={} job={} executions={}", job.getMetadata().getNamespace(), job.getMetadata().getName(),
          created);
    }
    // a foreign object's deletion wakes nothing of ours: look again shortly to create the job's own
    Instant foreign = creation.foreignDeleted().isEmpty() ? null : now.plusSeconds(1);
    if (!more) {
      return foreign;
    }
    return Times.earliest(foreign, pace.allowed() > batch ? now : pace.nextSlot());
  }

  /** Things that have an execution, or had one a user deleted: the rollout never queues them again. */
  private static Set<String> existingThings(List<JobExecution> current, JobTargetStore.Memory memory) {
    Set<String> existing = new HashSet<>(memory.gone());
    current.forEach(execution -> existing.add(execution.thingName()));
    return existing;
  }

  private void recordLifecycleEvents(IoTJob job, IoTJobStatus previous, IoTJobStatus next, Cancellation cancel) {
    JobStatus before = previous == null ? null : previous.getStatus();
    boolean startedNow = (previous == null || previous.getStartedAt() == null) && next.getStartedAt() != null;
    if (before == next.getStatus() && !startedNow) {
      return;
    }
    if (startedNow) {
      events.normal(job, "Started", "Rolling out to " + next.getTargetCount() + " things.");
      BlastRadius.warning(job.getSpec()).ifPresent(warning -> events.warning(job, BlastRadius.REASON, warning));
    }
    switch (next.getStatus()) {
      case COMPLETED -> events.normal(job, "Completed", conditionMessage(next, JobConditions.COMPLETE));
      case CANCELED -> {
        if (cancel != null && cancel.source() == Cancellation.Source.ABORT) {
          events.warning(job, "AbortCriteriaMet", "Aborted: " + cancel.comment() + ".");
        } else {
          events.normal(job, "Canceled", conditionMessage(next, JobConditions.CANCELED));
        }
      }
      default -> { }
    }
  }

  private static String conditionMessage(IoTJobStatus status, String type) {
    return dev.iotjobs.operator.k8s.Conditions.find(status.getConditions(), type)
        .map(io.fabric8.kubernetes.api.model.Condition::getMessage).orElse(type);
  }

  /**
   * DeleteJob (always with force, as a Kubernetes deletion cannot be refused): the job reports DELETION_IN_PROGRESS,
   * pending executions are canceled so devices are told, the executions are deleted, and then the job goes.
   */
  @Override
  public DeleteControl cleanup(IoTJob job, Context<IoTJob> context) {
    List<JobExecution> current = executions.of(job);
    IoTJobStatus previous = statusWriter.latest(job);
    IoTJobStatus deleting = previous == null ? new IoTJobStatus() : JobStatusPlanner.copy(previous);
    deleting.setStatus(JobStatus.DELETION_IN_PROGRESS);
    deleting.setJobProcessDetails(Retention.count(current, targetStore.memory(job)));
    deleting.setProgress(JobStatusPlanner.progress(deleting));
    IoTJob stored = statusWriter.write(job, deleting);
    if (previous == null || previous.getStatus() != JobStatus.DELETION_IN_PROGRESS) {
      events.normal(stored, "Deleting", "Canceling pending executions and deleting " + current.size() + " executions.");
    }
    for (JobExecution execution : current) {
      if (execution.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (Executions.statusOf(execution).isPending()) {
        executionWriter.apply(execution, (s, now) -> ExecutionStateMachine.cancel(s, true, null, now));
      }
      executionWriter.delete(execution);
    }
    if (!current.isEmpty()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETION_RECHECK_MS);
    }
    statusWriter.forget(job);
    events.forget(job);
    targetStore.delete(job);
    settle.forget(job);
    deletedExecutions.forget(job);
    targetCache.forget(job.getMetadata().getUid());
    lastQueued.remove(job.getMetadata().getUid());
    checkedForDeletedThings.remove(job.getMetadata().getUid());
    lastStatusWrite.remove(job.getMetadata().getUid());
    metrics.forget(job);
    waves.forget(job);
    executionChanges.forget(ResourceID.fromResource(job));
    return DeleteControl.defaultDelete();
  }
}
