package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.jobTemplateRef) ? !(has(self.document) && has(self.documentSource))"
    + " : has(self.document) != has(self.documentSource)",
    message = "exactly one of document and documentSource must be set (with jobTemplateRef, at most one: the template's"
        + " is used otherwise)")
@ValidationRule(value = "has(self.jobTemplateRef) == has(oldSelf.jobTemplateRef)"
    + " && (!has(self.jobTemplateRef) || self.jobTemplateRef == oldSelf.jobTemplateRef)",
    message = "jobTemplateRef is immutable", reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.documentParameters) || has(self.jobTemplateRef)",
    message = "documentParameters fill a job template's document: they need jobTemplateRef")
@ValidationRule(value = "has(self.document) == has(oldSelf.document) && (!has(self.document) || self.document == oldSelf.document)",
    message = "document is immutable", reason = "FieldValueForbidden")
@ValidationRule(value = "has(self.documentSource) == has(oldSelf.documentSource)"
    + " && (!has(self.documentSource) || self.documentSource == oldSelf.documentSource)",
    message = "documentSource is immutable", reason = "FieldValueForbidden")
@ValidationRule(value = "self.targets == oldSelf.targets", message = "targets is immutable", reason = "FieldValueForbidden")
@ValidationRule(value = "has(oldSelf.jobExecutionsRetryConfig) || !has(self.jobExecutionsRetryConfig)"
    + " || self.jobExecutionsRetryConfig.criteriaList.all(c, c.numberOfRetries == 0)",
    message = "retries cannot be added to a job after it is created", reason = "FieldValueForbidden")
@ValidationRule(value = "(has(self.targetSelection) ? self.targetSelection : 'SNAPSHOT')"
    + " == (has(oldSelf.targetSelection) ? oldSelf.targetSelection : 'SNAPSHOT')",
    message = "targetSelection is immutable", reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.document) || has(self.presignedUrlConfig) || has(self.jobTemplateRef) || !("
    + "self.document.exists(k, type(self.document[k]) == string && self.document[k].contains('s3-presigned-url'))"
    + " || self.document.exists(k, type(self.document[k]) == map && self.document[k].exists(j,"
    + " type(self.document[k][j]) == string && self.document[k][j].contains('s3-presigned-url')))"
    + " || self.document.exists(k, type(self.document[k]) == list && self.document[k].exists(e,"
    + " (type(e) == string && e.contains('s3-presigned-url')) || (type(e) == map && e.exists(j,"
    + " type(e[j]) == string && e[j].contains('s3-presigned-url'))))))",
    message = "the document uses presigned URL placeholders (${iot:s3-presigned-url:...}) but presignedUrlConfig is"
        + " not set: name the Secret with the S3 credentials in presignedUrlConfig.credentialsSecretRef")
@ValidationRule(value = "has(self.waves) == has(oldSelf.waves) && (!has(self.waves) || self.waves == oldSelf.waves)",
    message = "waves is immutable", reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.rollback) || has(self.waves) || has(self.jobTemplateRef)",
    message = "rollback runs when a wave's gate fails: it needs waves")
public class IoTJobSpec {
  @JsonPropertyDescription("Free text describing the job, without control characters.")
  @Size(max = 2028)
  @io.fabric8.generator.annotation.Pattern("^[^\\p{Cc}]*$")
  private String description;

  @JsonPropertyDescription("The job document handed to devices: any JSON object of at most 32 KB. Immutable.")
  @PreserveUnknownFields
  @SchemaFrom(type = AnyJsonObject.class)
  private JsonNode document;

  @JsonPropertyDescription("Where to read the job document instead of document; read once when the job starts. Immutable.")
  private DocumentSource documentSource;

  @JsonPropertyDescription("Things and thing groups the job runs on. Immutable.")
  @Required
  private JobTargets targets;

  @JsonPropertyDescription("SNAPSHOT (default): targets resolved once at start. CONTINUOUS: things joining a target group later"
      + " get an execution too. Immutable.")
  private TargetSelection targetSelection;

  @JsonPropertyDescription("How fast executions are queued. Without it, as fast as possible.")
  private RolloutConfig jobExecutionsRolloutConfig;

  @JsonPropertyDescription("When to cancel the job because too many executions fail.")
  private AbortConfig abortConfig;

  @JsonPropertyDescription("How long an execution may stay IN_PROGRESS before it is TIMED_OUT.")
  private TimeoutConfig timeoutConfig;

  @JsonPropertyDescription("How often a failed or timed-out execution is re-queued.")
  private RetryConfig jobExecutionsRetryConfig;

  @JsonPropertyDescription("Start and end times and maintenance windows of the rollout.")
  private SchedulingConfig schedulingConfig;

  @JsonPropertyDescription("Presigned download URLs substituted into the document at delivery.")
  private PresignedUrlConfig presignedUrlConfig;

  @JsonPropertyDescription("true pauses the rollout: nothing new is queued; running executions continue.")
  private Boolean suspend;

  @JsonPropertyDescription("A staged rollout: each wave's share of the targets and the gate it must pass before the"
      + " next starts. Without it, the job rolls out as one. Immutable.")
  @Size(min = 1, max = 20)
  @ValidationRule(value = Wave.UNIQUE_NAMES, message = Wave.UNIQUE_NAMES_MESSAGE)
  @ValidationRule(value = Wave.SHARES, message = Wave.SHARES_MESSAGE)
  @ValidationRule(value = Wave.PERCENTAGES, message = Wave.PERCENTAGES_MESSAGE)
  private java.util.List<Wave> waves;

  @JsonPropertyDescription("The job to run, when a wave's gate fails, on the things that executed this job's document.")
  private RollbackSpec rollback;

  @JsonPropertyDescription("The JobTemplate (same namespace) whose settings the job uses where it sets none of its own;"
      + " pinned when the job starts. Immutable.")
  private JobTemplateRef jobTemplateRef;

  @JsonPropertyDescription("Values for the ${aws:iot:parameter:NAME} placeholders of the template's document, over the"
      + " template's defaults.")
  @Size(max = 50)
  private java.util.Map<String, String> documentParameters;

  @JsonPropertyDescription("How long executions are kept once done; without it, for ever.")
  private ExecutionRetention executionRetention;

  @JsonPropertyDescription("Setting it cancels the job (CancelJob).")
  private JobCancel cancel;

  public TargetSelection effectiveTargetSelection() {
    return targetSelection == null ? TargetSelection.SNAPSHOT : targetSelection;
  }
}
