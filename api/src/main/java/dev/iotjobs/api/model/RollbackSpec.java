package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/**
 * The job run when a wave's gate fails, on exactly the things that executed the job's document (they started it or
 * reported an outcome). It is a normal IoTJob: rates, timeouts, retries and abort criteria apply to it as to any.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.document) != has(self.documentSource)",
    message = "rollback names exactly one of document and documentSource")
public class RollbackSpec {
  @JsonPropertyDescription("Description of the rollback job; default names the job and the failed wave.")
  @Size(max = 2028)
  @io.fabric8.generator.annotation.Pattern("^[^\\p{Cc}]*$")
  private String description;

  @JsonPropertyDescription("The rollback job's document: any JSON object of at most 32 KB.")
  @PreserveUnknownFields
  @SchemaFrom(type = AnyJsonObject.class)
  private JsonNode document;

  @JsonPropertyDescription("Where the rollback job reads its document instead of document.")
  private DocumentSource documentSource;

  @JsonPropertyDescription("Presigned download URLs for the rollback document.")
  private PresignedUrlConfig presignedUrlConfig;

  @JsonPropertyDescription("How fast the rollback job queues its executions; without it, at once.")
  private RolloutConfig jobExecutionsRolloutConfig;

  @JsonPropertyDescription("When to stop the rollback job because too many of its executions fail.")
  private AbortConfig abortConfig;

  @JsonPropertyDescription("Timeouts of the rollback job's executions.")
  private TimeoutConfig timeoutConfig;

  @JsonPropertyDescription("Retries of the rollback job's executions.")
  private RetryConfig jobExecutionsRetryConfig;
}
