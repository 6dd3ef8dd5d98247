package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.templates.DocumentParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.DocumentSource;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;

/**
 * The job document: inline in spec, or read once from a ConfigMap key when the job starts and pinned in status, so a
 * later edit of the ConfigMap changes nothing. Either way it must be a JSON object of at most 32 KB.
 */
public class JobDocuments {
  public static final int MAX_BYTES = 32 * 1024;
  /** What every presigned URL placeholder form contains ({@code ${iot:s3-presigned-url:…}}, {@code ${aws:iot:…}}). */
  private static final String PRESIGN_PLACEHOLDER = "s3-presigned-url";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;

  public JobDocuments(KubernetesClient client) {
    this.client = client;
  }

  /** The document and its digest, or the problem that keeps the job waiting. */
  public record Resolved(JsonNode document, String digest, String reason, String problem) {
    public boolean isOk() {
      return problem == null;
    }

    public static Resolved problem(String reason, String problem) {
      return new Resolved(null, null, reason, problem);
    }
  }

  public Resolved resolve(IoTJob job, IoTJobStatus previous) {
    if (previous != null && previous.getDocument() != null) {
      return new Resolved(previous.getDocument(), previous.getDocumentDigest(), null, null);
    }
    if (job.getSpec().getDocument() != null) {
      return check(job, job.getSpec().getDocument(), "document");
    }
    DocumentSource source = job.getSpec().getDocumentSource();
    if (source == null || source.getConfigMapKeyRef() == null) {
      return Resolved.problem("InvalidDocument", "The job has neither document nor documentSource.");
    }
    String name = source.getConfigMapKeyRef().getName();
    String key = source.getConfigMapKeyRef().getKey();
    ConfigMap map = client.configMaps().inNamespace(job.getMetadata().getNamespace()).withName(name).get();
    if (map == null) {
      return Resolved.problem("DocumentNotFound", "ConfigMap " + name + " does not exist; the job starts once it does.");
    }
    String text = map.getData() == null ? null : map.getData().get(key);
    if (text == null) {
      return Resolved.problem("DocumentNotFound", "ConfigMap " + name + " has no key " + key
          + "; the job starts once it does.");
    }
    try {
      return check(job, JSON.readTree(text), "ConfigMap " + name + " key " + key);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Resolved.problem("InvalidDocument", "ConfigMap " + name + " key " + key + " is not JSON: "
          + e.getOriginalMessage() + ".");
    }
  }

  private static Resolved check(IoTJob job, JsonNode document, String where) {
    if (document == null || !document.isObject()) {
      return Resolved.problem("InvalidDocument", "The " + where + " must be a JSON object.");
    }
    if (job.getSpec().getJobTemplateRef() != null) {
      DocumentParameters.Rendered rendered = DocumentParameters.render(document, job.getSpec().getDocumentParameters());
      if (!rendered.missing().isEmpty()) {
        return Resolved.problem("InvalidDocument", "The " + where + " has parameters with no value: "
            + String.join(", ", rendered.missing()) + ". Set them in spec.documentParameters, or give them defaults in"
            + " JobTemplate " + job.getSpec().getJobTemplateRef().getName() + ".");
      }
      document = rendered.document();
    }
    String text = document.toString();
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BYTES) {
      return Resolved.problem("InvalidDocument", "The " + where + " is " + size + " bytes; at most " + MAX_BYTES
          + " are allowed.");
    }
    if (job.getSpec().getPresignedUrlConfig() == null && text.contains(PRESIGN_PLACEHOLDER)) {
      // the CRD refuses this for placeholders near the top of an inline document; this catches the rest
      return Resolved.problem("InvalidDocument", "The " + where + " uses presigned URL placeholders but the job has no"
          + " presignedUrlConfig; it cannot be delivered. Set presignedUrlConfig.credentialsSecretRef.");
    }
    return new Resolved(document, Executions.sha256(text), null, null);
  }
}
