package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobExecutionSpec {
  @JsonPropertyDescription("The job (IoTJob name) this execution belongs to.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "jobId is immutable")
  private String jobId;

  @JsonPropertyDescription("The thing (Thing name) this execution runs on.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "thingName is immutable")
  private String thingName;

  @JsonPropertyDescription("Setting it cancels the execution (CancelJobExecution); force also cancels an IN_PROGRESS one.")
  private ExecutionCancel cancel;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutionCancel {
    @JsonPropertyDescription("Also cancel an IN_PROGRESS execution.")
    private Boolean force;

    @JsonPropertyDescription("If set, cancel only while the execution's versionNumber equals this.")
    private Long expectedVersion;

    @JsonIgnore
  public boolean isForced() {
      return Boolean.TRUE.equals(force);
    }
  }
}
