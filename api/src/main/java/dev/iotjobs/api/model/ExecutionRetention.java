package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import lombok.Data;

/**
 * How long a job keeps its executions once they are done: a fleet of a million things cannot keep an object per thing
 * and job for ever. Counters and abort criteria keep counting pruned executions.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionRetention {
  @JsonPropertyDescription("How long an execution is kept after it reached a terminal status that is final (no retry"
      + " left), e.g. 24h or 30m; then it is deleted, and its thing is never queued again by this job.")
  @Required
  @Pattern(WaveGate.DURATION_PATTERN)
  private String afterTerminal;
}
