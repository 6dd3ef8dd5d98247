package dev.iotjobs.operator.waves;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.RollbackSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the rollback job of a job whose wave gate failed: spec.rollback's document and settings, for exactly the
 * things that executed the job's document. Named {@code <job>-rollback}; a job of that name made for this job is taken
 * as already created (a restart between the create and the status write), one made for something else is not.
 */
public class RollbackJobs {
  public static final String ROLLBACK_OF = "iotjobs.dev/rollback-of";
  private static final int MAX_NAME = 63;
  private static final int MAX_NAME_TRIES = 10;
  private static final int MAX_DESCRIPTION = 2028;
  private static final Set<ExecutionStatus> EXECUTED = Set.of(ExecutionStatus.IN_PROGRESS, ExecutionStatus.SUCCEEDED,
      ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT);
  private final KubernetesClient client;

  public RollbackJobs(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the rollback job for the things that executed the job (or finds it) and returns its name. */
  public String create(IoTJob job, List<String> things, String failure) {
    for (int n = 1; n <= MAX_NAME_TRIES; n++) {
      IoTJob rollback = build(job, name(job.getMetadata().getName(), n), things, failure);
      try {
        return client.resource(rollback).create().getMetadata().getName();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        IoTJob existing = client.resources(IoTJob.class).inNamespace(job.getMetadata().getNamespace())
            .withName(rollback.getMetadata().getName()).get();
        Map<String, String> annotations = existing == null ? null : existing.getMetadata().getAnnotations();
        if (annotations != null && job.getMetadata().getUid().equals(annotations.get(ROLLBACK_OF + "-uid"))) {
          return existing.getMetadata().getName();
        }
      }
    }
    throw new IllegalStateException("the names " + name(job.getMetadata().getName(), 1) + " to -" + MAX_NAME_TRIES
        + " are all taken by other jobs: delete one so that the rollback job can be created");
  }

  /**
   * The things that executed the document: their execution is or was IN_PROGRESS, or has an outcome other than
   * REJECTED (a device may report SUCCEEDED or FAILED straight from QUEUED), in this attempt or an earlier one.
   */
  public static List<String> executed(List<JobExecution> executions) {
    return executions.stream().filter(RollbackJobs::executed).map(e -> e.getSpec().getThingName()).sorted().toList();
  }

  private static boolean executed(JobExecution execution) {
    JobExecutionStatus status = Executions.effectiveStatus(execution);
    if (EXECUTED.contains(status.getStatus()) || status.getStartedAt() != null) {
      return true;
    }
    return status.getAttempts() != null && status.getAttempts().stream()
        .anyMatch(a -> a.getStartedAt() != null || EXECUTED.contains(a.getStatus()));
  }

  static IoTJob build(IoTJob job, String name, List<String> things, String failure) {
    RollbackSpec rollback = job.getSpec().getRollback();
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(rollback.getDocument());
    spec.setDocumentSource(rollback.getDocumentSource());
    spec.setPresignedUrlConfig(rollback.getPresignedUrlConfig());
    spec.setJobExecutionsRolloutConfig(rollback.getJobExecutionsRolloutConfig());
    spec.setAbortConfig(rollback.getAbortConfig());
    spec.setTimeoutConfig(rollback.getTimeoutConfig());
    spec.setJobExecutionsRetryConfig(rollback.getJobExecutionsRetryConfig());
    JobTargets targets = new JobTargets();
    targets.setThings(things);
    spec.setTargets(targets);
    String description = rollback.getDescription() != null ? rollback.getDescription()
        : ("Rollback of " + job.getMetadata().getName() + " on the " + things.size() + " things that executed it: "
            + failure).replaceAll("\\p{Cc}", " ");
    spec.setDescription(description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description);
    IoTJob result = new IoTJob();
    result.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(job.getMetadata().getNamespace())
        .withLabels(Map.of(ROLLBACK_OF, Executions.labelValue(job.getMetadata().getName())))
        .withAnnotations(Map.of(ROLLBACK_OF, job.getMetadata().getName(), ROLLBACK_OF + "-uid", job.getMetadata().getUid()))
        .build());
    result.setSpec(spec);
    return result;
  }

  /** {@code <job>-rollback}, then {@code -rollback-2}, ...: cut to a DNS label. */
  static String name(String job, int n) {
    String suffix = n == 1 ? "-rollback" : "-rollback-" + n;
    String base = job.length() + suffix.length() > MAX_NAME ? job.substring(0, MAX_NAME - suffix.length()) : job;
    return base.replaceAll("-+$", "") + suffix;
  }
}
