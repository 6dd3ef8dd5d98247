package dev.iotjobs.operator.k8s;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.execution.RejectionCode;
import dev.iotjobs.api.execution.Transition;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
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

  public ExecutionWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * T1 for many things at once, {@link #CONCURRENT_WRITES} in flight: one create at a time would leave the API
   * server waiting on each round trip. Returns the executions created (those that already existed are left out).
   */
  public List<JobExecution> createAll(IoTJob job, List<String> thingNames) {
    if (thingNames.size() <= 1) {
      return thingNames.stream().map(thing -> create(job, thing)).filter(Objects::nonNull).toList();
    }
    // a failure is rethrown once all are done; the next reconcile goes on from there
    return joinAll(thingNames.stream()
        .map(thing -> CompletableFuture.supplyAsync(() -> create(job, thing), WRITERS)).toList())
        .stream().filter(Objects::nonNull).toList();
  }

  /** T1: a QUEUED execution (one write) of the job on the thing, owned by the job. Returns null if it already existed. */
  public JobExecution create(IoTJob job, String thingName) {
    String jobId = job.getMetadata().getName();
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder()
        .withName(Executions.name(jobId, thingName))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(Executions.labels(jobId, thingName))
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
      return client.resource(execution).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return null;
      }
      throw e;
    }
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
      JobExecution copy = client.getKubernetesSerialization().clone(current);
      copy.setStatus(transition.next());
      try {
        return new Applied(transition, current, client.resource(copy).updateStatus());
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
