package dev.iotjobs.operator.templates;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.IoTJobStatus.PinnedTemplate;
import dev.iotjobs.api.model.JobTemplate;
import dev.iotjobs.api.templates.EffectiveSpec;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A job's template: the one pinned in its status once it started, else the JobTemplate as it is now (read each round
 * until the job starts; templates are few and jobs start once). The job the reconciler works with is the job with the
 * template's settings where it has none ({@link EffectiveSpec}).
 */
public class JobTemplates {
  public static final String NOT_FOUND = "TemplateNotFound";
  private final KubernetesClient client;

  public JobTemplates(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param job the job with its template's settings applied (the job itself without a template)
   * @param template the template to pin when the job starts (or pinned already), or null
   * @param problem why the job cannot start for its template, or null
   */
  public record Applied(IoTJob job, PinnedTemplate template, String problem) {}

  public Applied apply(IoTJob job, IoTJobStatus previous) {
    if (job.getSpec().getJobTemplateRef() == null) {
      return new Applied(job, null, null);
    }
    if (previous != null && previous.getTemplate() != null) {
      return new Applied(EffectiveSpec.applied(job, previous.getTemplate().getSpec()), previous.getTemplate(), null);
    }
    String name = job.getSpec().getJobTemplateRef().getName();
    JobTemplate template = client.resources(JobTemplate.class).inNamespace(job.getMetadata().getNamespace())
        .withName(name).get();
    if (template == null || template.getSpec() == null) {
      return new Applied(job, null, "JobTemplate " + name + " does not exist in namespace "
          + job.getMetadata().getNamespace() + "; the job starts once it does.");
    }
    PinnedTemplate pinned = new PinnedTemplate();
    pinned.setName(name);
    pinned.setResourceVersion(template.getMetadata().getResourceVersion());
    pinned.setSpec(template.getSpec());
    return new Applied(EffectiveSpec.applied(job, template.getSpec()), pinned, null);
  }
}
