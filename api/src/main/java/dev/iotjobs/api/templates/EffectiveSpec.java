package dev.iotjobs.api.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobTemplateSpec;
import dev.iotjobs.api.model.SchedulingConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's spec with its template's settings where the job sets none (field by field: a job's abortConfig replaces the
 * template's whole abortConfig); documentParameters merge, the job's over the template's defaults. Operator, bridge
 * and plugin read a job's settings through this one place.
 */
public final class EffectiveSpec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EffectiveSpec() {}

  /** The job's spec merged with the template pinned in its status; the spec itself when no template is pinned. */
  public static IoTJobSpec of(IoTJob job) {
    if (job.getStatus() == null || job.getStatus().getTemplate() == null || job.getStatus().getTemplate().getSpec() == null) {
      return job.getSpec();
    }
    return merge(job.getSpec(), job.getStatus().getTemplate().getSpec());
  }

  /** A copy of the job with {@link #of} as its spec (same metadata and status). */
  public static IoTJob applied(IoTJob job, JobTemplateSpec template) {
    if (template == null) {
      return job;
    }
    IoTJob copy = new IoTJob();
    copy.setMetadata(job.getMetadata());
    copy.setStatus(job.getStatus());
    copy.setSpec(merge(job.getSpec(), template));
    return copy;
  }

  public static IoTJobSpec merge(IoTJobSpec job, JobTemplateSpec template) {
    IoTJobSpec spec = JSON.convertValue(job, IoTJobSpec.class);
    if (spec.getDescription() == null) {
      spec.setDescription(template.getDescription());
    }
    if (spec.getDocument() == null && spec.getDocumentSource() == null) {
      spec.setDocument(template.getDocument());
      spec.setDocumentSource(template.getDocumentSource());
    }
    if (spec.getPresignedUrlConfig() == null) {
      spec.setPresignedUrlConfig(template.getPresignedUrlConfig());
    }
    if (spec.getJobExecutionsRolloutConfig() == null) {
      spec.setJobExecutionsRolloutConfig(template.getJobExecutionsRolloutConfig());
    }
    if (spec.getAbortConfig() == null) {
      spec.setAbortConfig(template.getAbortConfig());
    }
    if (spec.getTimeoutConfig() == null) {
      spec.setTimeoutConfig(template.getTimeoutConfig());
    }
    if (spec.getJobExecutionsRetryConfig() == null) {
      spec.setJobExecutionsRetryConfig(template.getJobExecutionsRetryConfig());
    }
    if (spec.getWaves() == null) {
      spec.setWaves(template.getWaves());
    }
    if (spec.getRollback() == null) {
      spec.setRollback(template.getRollback());
    }
    if (spec.getExecutionRetention() == null) {
      spec.setExecutionRetention(template.getExecutionRetention());
    }
    SchedulingConfig scheduling = spec.getSchedulingConfig();
    boolean ownWindows = scheduling != null && scheduling.getMaintenanceWindows() != null;
    if (template.getMaintenanceWindows() != null && !ownWindows) {
      scheduling = scheduling == null ? new SchedulingConfig() : scheduling;
      scheduling.setMaintenanceWindows(template.getMaintenanceWindows());
      if (scheduling.getTimeZone() == null) {
        scheduling.setTimeZone(template.getTimeZone());
      }
      spec.setSchedulingConfig(scheduling);
    }
    if (template.getDocumentParameters() != null) {
      Map<String, String> parameters = new LinkedHashMap<>(template.getDocumentParameters());
      if (spec.getDocumentParameters() != null) {
        parameters.putAll(spec.getDocumentParameters());
      }
      spec.setDocumentParameters(parameters);
    }
    return spec;
  }
}
