package dev.iotjobs.kubectl;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/** Reading a job and its executions, and merge-patching its spec: what the commands share. */
final class Jobs {
  private Jobs() {}

  static IoTJob get(KubernetesClient client, String namespace, String name) {
    IoTJob job = client.resources(IoTJob.class).inNamespace(namespace).withName(name).get();
    if (job == null) {
      throw Problems.noJob(name, namespace);
    }
    return job;
  }

  /** The job's executions, by the job label the operator puts on each (one list call, no field selector needed). */
  static List<JobExecution> executions(KubernetesClient client, String namespace, String job) {
    return client.resources(JobExecution.class).inNamespace(namespace)
        .withLabel(Executions.JOB_LABEL, Executions.labelValue(job)).list().getItems().stream()
        .filter(e -> job.equals(e.getSpec().getJobId())).toList();
  }

  /** A thing's executions across jobs, by the thing label. */
  static List<JobExecution> executionsOfThing(KubernetesClient client, String namespace, String thing) {
    return client.resources(JobExecution.class).inNamespace(namespace)
        .withLabel(Executions.THING_LABEL, Executions.labelValue(thing)).list().getItems().stream()
        .filter(e -> thing.equals(e.getSpec().getThingName())).toList();
  }

  /** A JSON merge patch of the job (RFC 7386): only the fields named change, as kubectl patch --type merge. */
  static IoTJob patch(KubernetesClient client, String namespace, String name, String mergePatch) {
    get(client, namespace, name);
    return client.resources(IoTJob.class).inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }
}
