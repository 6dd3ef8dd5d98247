package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobCancel {
  @JsonPropertyDescription("Also cancel IN_PROGRESS executions.")
  private Boolean force;

  @JsonPropertyDescription("Why the job was canceled: upper-case letters, digits and underscores.")
  @Size(max = 128)
  @Pattern("^[A-Z0-9_]+$")
  private String reasonCode;

  @JsonPropertyDescription("Free text about the cancellation.")
  @Size(max = 2028)
  private String comment;

  @JsonIgnore
  public boolean isForced() {
    return Boolean.TRUE.equals(force);
  }
}
