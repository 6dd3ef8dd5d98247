package dev.iotjobs.operator.k8s;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.execution.RejectionCode;
import dev.iotjobs.api.execution.Transition;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.runtime.StatusPatches;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * Creates JobExecutions and applies the operator's transitions to them. Every status write carries the
 * resourceVersion the decision was made on; on a conflict the execution is read again and the state machine decides
 * again, so a device update racing a cancel or a timeout never loses a write.
 */
public class ExecutionWriter {
  private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
  private static final int ATTEMPTS = 8;
  private static final int CONCURRENT_WRITES = 8;
  private static final ExecutorService WRITERS = Executors.newFixedThreadPool(CONCURRENT_WRITES, runnable -> {
    Thread thread = new Thread(runnable, "execution-writer");
    thread.setDaemon(true);
    return thread;
  });
  private static final Transition GONE = Transition.rejected(RejectionCode.ResourceNotFound, "the execution no longer exists");
  private final KubernetesClient client;
  private final Clock clock;

  /**
   * Writes tried so far (creates, status updates, deletes): a reader of the execution cache that saw this number
   * unchanged knows the operator changed no execution since, so a list it read then is as good as a new one.
   */
  public long writes() {
    return writes.get();
  }

  public ExecutionWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * What a round of creates did: the executions created, and the foreign ones deleted because they held the name of
   * one of the job's executions without being the job's (created by hand, or left by another job of the same name).
   */
  public record Creation(List<JobExecution> created, List<JobExecution> foreignDeleted) {}

  /**
   * T1 for many things at once, {@link #CONCURRENT_WRITES} in flight: one create at a time would leave the API
   * server waiting on each round trip. Executions of the job that already existed are left out; a foreign object
   * holding an execution's name is deleted, so that the next round can create the job's own.
   */
  public Creation createAll(IoTJob job, List<String> thingNames) {
    return createAll(job, thingNames, null);
  }

  /** {@link #createAll(IoTJob, List)} for a wave of a staged rollout: each execution is labelled with the wave. */
  public Creation createAll(IoTJob job, List<String> thingNames, String wave) {
    // a failure is rethrown once all are done; the next reconcile goes on from there
    List<Object> results = thingNames.size() <= 1 ? thingNames.stream().map(thing -> create(job, thing, wave)).toList()
        : joinAll(thingNames.stream().map(thing -> CompletableFuture.supplyAsync(() -> create(job, thing, wave), WRITERS))
            .toList());
    List<JobExecution> created = new java.util.ArrayList<>();
    List<JobExecution> foreign = new java.util.ArrayList<>();
    for (Object result : results) {
      if (result instanceof JobExecution execution) {
        created.add(execution);
      } else if (result instanceof Foreign replaced) {
        foreign.add(replaced.execution());
      }
    }
    return new Creation(created, foreign);
  }

  private record Foreign(JobExecution execution) {}

  /**
   * T1: a QUEUED execution (one write) of the job on the thing, owned by the job. Returns it, null if the job's own
   * already existed, or a {@link Foreign} when another object held the name and was deleted.
   */
  private Object create(IoTJob job, String thingName, String wave) {
    String jobId = job.getMetadata().getName();
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder()
        .withName(Executions.name(jobId, thingName))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels(jobId, thingName, wave))
        .withAnnotations(java.util.Map.of(Executions.QUEUED_AT_ANNOTATION, Times.formatPrecise(clock.instant())))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(job.getApiVersion()).withKind(job.getKind())
            .withName(jobId).withUid(job.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(jobId);
    spec.setThingName(thingName);
    execution.setSpec(spec);
    try {
      // no status: an API server drops it on create, and the CRD's defaults make it QUEUED, attempt 1, version 1
      writes.incrementAndGet();
      return dev.iotjobs.api.runtime.Creates.create(client, execution);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      JobExecution existing = client.resources(JobExecution.class).inNamespace(job.getMetadata().getNamespace())
          .withName(execution.getMetadata().getName()).get();
      if (existing == null || Executions.ownedBy(existing, job)) {
        return null;
      }
      writes.incrementAndGet();
      client.resource(existing).delete();
      return new Foreign(existing);
    }
  }

  private static java.util.Map<String, String> labels(String jobId, String thingName, String wave) {
    if (wave == null) {
      return Executions.labels(jobId, thingName);
    }
    java.util.Map<String, String> labels = new java.util.HashMap<>(Executions.labels(jobId, thingName));
    labels.put(Executions.WAVE_LABEL, wave);
    return labels;
  }

  /**
   * Applies a service transition decided by the state machine from the execution's current status. Returns the
   * transition that was stored, or the rejection when the state machine refused it (for instance because the device
   * finished first), or a ResourceNotFound rejection when the execution is gone.
   */
  public Applied apply(JobExecution cached, BiFunction<JobExecutionStatus, java.time.Instant, Transition> decision) {
    JobExecution current = cached;
    for (int attempt = 1; ; attempt++) {
      Transition transition = decision.apply(Executions.effectiveStatus(current), clock.instant());
      if (!transition.isAccepted() || !transition.changed()) {
        return new Applied(transition, current, null);
      }
      try {
        writes.incrementAndGet();
        return new Applied(transition, current, StatusPatches.write(client, current, transition.next()));
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return new Applied(GONE, current, null);
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        JobExecution fresh = client.resource(cached).get();
        if (fresh == null) {
          return new Applied(GONE, current, null);
        }
        current = fresh;
      }
    }
  }

  /** {@link #apply} to many executions at once, {@link #CONCURRENT_WRITES} in flight; results in the same order. */
  public List<Applied> applyAll(List<JobExecution> cached,
      BiFunction<JobExecutionStatus, java.time.Instant, Transition> decision) {
    if (cached.size() <= 1) {
      return cached.stream().map(execution -> apply(execution, decision)).toList();
    }
    return joinAll(cached.stream()
        .map(execution -> CompletableFuture.supplyAsync(() -> apply(execution, decision), WRITERS)).toList());
  }

  /** Waits for every write, then returns the results or rethrows the first failure. */
  private static <T> List<T> joinAll(List<CompletableFuture<T>> writes) {
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    return writes.stream().map(CompletableFuture::join).toList();
  }

  /**
   * What happened: the transition (accepted or rejected), the execution it was decided on, and the execution as
   * stored when a write was made (null otherwise).
   */
  public record Applied(Transition transition, JobExecution before, JobExecution stored) {}

  /** Deletes the execution; true when it is gone. */
  public boolean delete(JobExecution execution) {
    try {
      writes.incrementAndGet();
      client.resource(execution).withGracePeriod(0).delete();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }
}
