package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeoutConfig {
  @JsonPropertyDescription("Minutes (1 to 10080) an execution may stay IN_PROGRESS before it becomes TIMED_OUT.")
  @Min(1)
  @Max(10080)
  private Long inProgressTimeoutInMinutes;
}
