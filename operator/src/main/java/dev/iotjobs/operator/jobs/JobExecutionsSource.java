package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The executions event source, read per job as an index lookup. JOSDK's {@code getSecondaryResources} looks every
 * execution of the job up by id and collects them into a set that hashes each whole object: at 10,000 executions a
 * third of the operator's CPU (docs/benchmarks.md). Here the informer's own index answers with a list, and the
 * operator's writes the informer has not delivered yet are laid over it ({@link UnseenWrites}), as JOSDK's temporary
 * cache does for single reads.
 */
final class JobExecutionsSource extends InformerEventSource<JobExecution, IoTJob> {
  static final String BY_JOB = "byJob";
  private static final String JOB_KIND = HasMetadata.getKind(IoTJob.class);
  private static final String JOB_GROUP = HasMetadata.getGroup(IoTJob.class);

  private final UnseenWrites unseen = new UnseenWrites(JobExecutionsSource::jobKeys);

  JobExecutionsSource(InformerEventSourceConfiguration<JobExecution> configuration,
      EventSourceContext<IoTJob> context) {
    super(configuration, context);
    addIndexers(Map.of(BY_JOB, JobExecutionsSource::jobKeys));
  }

  /** The job's executions: the informer's, each replaced by our own later write where there is one. */
  List<JobExecution> of(IoTJob job) {
    String key = key(job.getMetadata().getNamespace(), job.getMetadata().getName());
    return unseen.over(key, byIndex(BY_JOB, key));
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
    super.onAdd(added);
    unseen.delivered(added, false);
  }

  @Override
  public void onUpdate(JobExecution old, JobExecution current) {
    super.onUpdate(old, current);
    unseen.delivered(current, false);
  }

  @Override
  public void onDelete(JobExecution deleted, boolean finalStateUnknown) {
    super.onDelete(deleted, finalStateUnknown);
    unseen.delivered(deleted, true);
  }

  private void remember(JobExecution written) {
    unseen.written(written);
    // the informer may have delivered it before we got here: then no event would clear it. Asked of the informer's
    // own store: getCachedValue answers from JOSDK's temporary cache first, which holds this very write
    IndexerResourceCache<JobExecution> informer = manager();
    informer.get(ResourceID.fromResource(written)).ifPresent(cached -> unseen.delivered(cached, false));
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
