package dev.iotjobs.operator.targets;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Executions users deleted (DeleteJobExecution), as the informer reports them, until the job's next round hands them
 * to its {@link JobTargetStore} for good. Only executions their job owns count: the operator's own deletions happen
 * with their job (which is then going), and a foreign object it deletes names no job as owner.
 */
public class DeletedExecutions {
  private final java.util.Map<String, Set<String>> noted = new ConcurrentHashMap<>();

  /** From the informer's delete callback. */
  public void note(JobExecution execution) {
    String owner = execution.getMetadata().getOwnerReferences() == null ? null : execution.getMetadata()
        .getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController()) && "IoTJob".equals(o.getKind())
            && execution.getSpec().getJobId().equals(o.getName())).map(o -> o.getUid()).findFirst().orElse(null);
    if (owner != null) {
      noted.computeIfAbsent(key(execution.getMetadata().getNamespace(), execution.getSpec().getJobId()),
          k -> ConcurrentHashMap.newKeySet()).add(owner + "/" + execution.getSpec().getThingName());
    }
  }

  /** The things whose execution of this job (this uid: not an earlier job of the same name) was deleted since. */
  public Set<String> take(IoTJob job) {
    Set<String> taken = noted.remove(key(job.getMetadata().getNamespace(), job.getMetadata().getName()));
    String ours = job.getMetadata().getUid() + "/";
    return taken == null ? Set.of() : taken.stream().filter(n -> n.startsWith(ours))
        .map(n -> n.substring(ours.length())).collect(Collectors.toSet());
  }

  public void forget(IoTJob job) {
    noted.remove(key(job.getMetadata().getNamespace(), job.getMetadata().getName()));
  }

  private static String key(String namespace, String jobId) {
    return namespace + "/" + jobId;
  }
}
