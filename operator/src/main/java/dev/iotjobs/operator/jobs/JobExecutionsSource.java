package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executions event source, read per job from a map of its executions kept as the informer delivers them. JOSDK's
 * {@code getSecondaryResources} looks every execution of the job up by id and collects them into a set that hashes
 * each whole object: at 10,000 executions a third of the operator's CPU (docs/benchmarks.md); an informer index keeps
 * keys, and looking each up again was 8%. The operator's writes the informer has not delivered yet are laid over the
 * map ({@link UnseenWrites}), as JOSDK's temporary cache does for single reads.
 */
final class JobExecutionsSource extends InformerEventSource<JobExecution, IoTJob> {
  private static final String JOB_KIND = HasMetadata.getKind(IoTJob.class);
  private static final String JOB_GROUP = HasMetadata.getGroup(IoTJob.class);

  private final UnseenWrites unseen = new UnseenWrites(JobExecutionsSource::jobKeys);
  /**
   * Per job key, its executions by cache key ({@code namespace/name}, the very string the informer's store files it
   * under): the objects the informer's store holds, not copies.
   */
  private final Map<String, Map<String, JobExecution>> byJob = new ConcurrentHashMap<>();
  private final java.util.function.Consumer<JobExecution> deleted;

  /** deleted: told of each deletion before the execution leaves what {@link #of} answers. */
  JobExecutionsSource(InformerEventSourceConfiguration<JobExecution> configuration,
      EventSourceContext<IoTJob> context, java.util.function.Consumer<JobExecution> deleted) {
    super(configuration, context);
    this.deleted = deleted;
  }

  /** The job's executions: the informer's, each replaced by our own later write where there is one. */
  List<JobExecution> of(IoTJob job) {
    String key = key(job.getMetadata().getNamespace(), job.getMetadata().getName());
    Map<String, JobExecution> executions = byJob.get(key);
    return unseen.over(key, executions == null ? List.of() : new ArrayList<>(executions.values()));
  }

  /**
   * The ids of the job's executions, for JOSDK's {@code getSecondaryResources}: given as a mapper, so that JOSDK does
   * not keep an index of its own (a ResourceID and a set entry per execution, some 130 bytes each).
   */
  java.util.Set<ResourceID> idsOf(IoTJob job) {
    java.util.Set<ResourceID> ids = new java.util.HashSet<>();
    of(job).forEach(execution -> ids.add(ResourceID.fromResource(execution)));
    return ids;
  }

  @Override
  public synchronized void handleRecentResourceCreate(ResourceID id, JobExecution created) {
    super.handleRecentResourceCreate(id, created);
    remember(created);
  }

  @Override
  public synchronized void handleRecentResourceUpdate(ResourceID id, JobExecution updated, JobExecution previous) {
    super.handleRecentResourceUpdate(id, updated, previous);
    remember(updated);
  }

  @Override
  public void onAdd(JobExecution added) {
    // filed before JOSDK hears of it: the reconcile it may start reads this version
    file(null, added);
    unseen.delivered(added, false);
    super.onAdd(added);
  }

  @Override
  public void onUpdate(JobExecution old, JobExecution current) {
    file(old, current);
    unseen.delivered(current, false);
    super.onUpdate(old, current);
  }

  @Override
  public void onDelete(JobExecution gone, boolean finalStateUnknown) {
    // noted first: a reconcile never sees the execution missing without knowing it was deleted (and queue it again)
    deleted.accept(gone);
    file(gone, null);
    unseen.delivered(gone, true);
    super.onDelete(gone, finalStateUnknown);
  }

  /** Files the informer's new copy under its jobs (old is null on add, current on delete). */
  private void file(JobExecution old, JobExecution current) {
    if (old != null) {
      List<String> keep = current == null ? List.of() : jobKeys(current);
      String filedAs = old.cacheKey();
      for (String key : jobKeys(old)) {
        if (!keep.contains(key)) {
          byJob.computeIfPresent(key, (k, executions) -> {
            executions.remove(filedAs);
            return executions.isEmpty() ? null : executions;
          });
        }
      }
    }
    if (current != null) {
      for (String key : jobKeys(current)) {
        byJob.compute(key, (k, executions) -> {
          Map<String, JobExecution> filed = executions != null ? executions : new ConcurrentHashMap<>();
          filed.put(current.cacheKey(), current);
          return filed;
        });
      }
    }
  }

  private void remember(JobExecution written) {
    unseen.written(written);
    // the informer may have delivered it before we got here: then no event would clear it. Asked of what of() reads
    // (the informer's store is updated before the copy is filed here; JOSDK's getCachedValue answers from its
    // temporary cache, which holds this very write)
    List<String> keys = jobKeys(written);
    Map<String, JobExecution> filed = keys.isEmpty() ? null : byJob.get(keys.get(0)); // filed alike under each owner
    JobExecution copy = filed == null ? null : filed.get(written.cacheKey());
    if (copy != null) {
      unseen.delivered(copy, false);
    }
  }

  /** The index keys of the jobs that own an execution. */
  static List<String> jobKeys(JobExecution execution) {
    return jobIds(execution).stream().map(id -> key(id.getNamespace().orElse(null), id.getName())).toList();
  }

  /** The jobs that own an execution, as JOSDK maps it: its IoTJob owner references, in its namespace. */
  static List<ResourceID> jobIds(JobExecution execution) {
    List<OwnerReference> owners = execution.getMetadata().getOwnerReferences();
    if (owners == null || owners.isEmpty()) {
      return List.of();
    }
    List<ResourceID> jobs = new ArrayList<>(1);
    for (OwnerReference owner : owners) {
      if (JOB_KIND.equals(owner.getKind()) && owner.getApiVersion() != null
          && owner.getApiVersion().startsWith(JOB_GROUP + "/")) {
        jobs.add(new ResourceID(owner.getName(), execution.getMetadata().getNamespace()));
      }
    }
    return jobs;
  }

  private static String key(String namespace, String job) {
    return namespace + "/" + job;
  }
}
