package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;
import lombok.Data;

/** What a JobTemplate holds: every setting of a job but its targets, schedule times, suspend and cancel. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.document) && has(self.documentSource))",
    message = "a template names at most one of document and documentSource")
public class JobTemplateSpec {
  @JsonPropertyDescription("Free text describing what the template does, without control characters.")
  @Size(max = 2028)
  @io.fabric8.generator.annotation.Pattern("^[^\\p{Cc}]*$")
  private String description;

  @JsonPropertyDescription("The job document: any JSON object of at most 32 KB, with ${aws:iot:parameter:NAME}"
      + " placeholders a job fills through documentParameters.")
  @PreserveUnknownFields
  @SchemaFrom(type = AnyJsonObject.class)
  private JsonNode document;

  @JsonPropertyDescription("Where to read the job document instead of document.")
  private DocumentSource documentSource;

  @JsonPropertyDescription("Default values of the document's parameters; a job's documentParameters override them, and"
      + " a parameter with neither keeps the job from starting.")
  @Size(max = 50)
  private Map<String, String> documentParameters;

  @JsonPropertyDescription("Presigned download URLs substituted into the document at delivery.")
  private PresignedUrlConfig presignedUrlConfig;

  @JsonPropertyDescription("How fast executions are queued.")
  private RolloutConfig jobExecutionsRolloutConfig;

  @JsonPropertyDescription("When to cancel the job because too many executions fail.")
  private AbortConfig abortConfig;

  @JsonPropertyDescription("How long an execution may stay IN_PROGRESS before it is TIMED_OUT.")
  private TimeoutConfig timeoutConfig;

  @JsonPropertyDescription("How often a failed or timed-out execution is re-queued.")
  private RetryConfig jobExecutionsRetryConfig;

  @JsonPropertyDescription("Maintenance windows, used by a job that names none of its own.")
  @Size(max = 5)
  private List<SchedulingConfig.MaintenanceWindow> maintenanceWindows;

  @JsonPropertyDescription("IANA time zone of the maintenance windows, used with them; default UTC.")
  @Size(min = 1, max = 64)
  @io.fabric8.generator.annotation.Pattern("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")
  private String timeZone;

  @JsonPropertyDescription("A staged rollout, used by a job that has no waves of its own.")
  @Size(min = 1, max = 20)
  @ValidationRule(value = Wave.UNIQUE_NAMES, message = Wave.UNIQUE_NAMES_MESSAGE)
  @ValidationRule(value = Wave.SHARES, message = Wave.SHARES_MESSAGE)
  @ValidationRule(value = Wave.PERCENTAGES, message = Wave.PERCENTAGES_MESSAGE)
  private List<Wave> waves;

  @JsonPropertyDescription("How long executions are kept once done.")
  private ExecutionRetention executionRetention;

  @JsonPropertyDescription("The rollback job of a failed wave gate.")
  private RollbackSpec rollback;
}
