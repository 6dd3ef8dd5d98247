package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobExecutionStatus {
  @JsonPropertyDescription("QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED or CANCELED.")
  private ExecutionStatus status;

  @JsonPropertyDescription("At most 10 string pairs reported by the device.")
  @Size(max = 10)
  private Map<String, String> statusDetails;

  @JsonPropertyDescription("The attempt: 1, then +1 on every retry.")
  private Long executionNumber;

  @JsonPropertyDescription("+1 on every accepted change; devices send it back as expectedVersion.")
  private Long versionNumber;

  @JsonPropertyDescription("Retries already made.")
  private Integer retryAttempt;

  private String queuedAt;
  private String startedAt;
  private String lastUpdatedAt;

  @JsonPropertyDescription("The earlier of the in-progress and step deadlines, while one runs.")
  private String timeoutAt;

  @JsonPropertyDescription("When the in-progress timer expires, fixed when the execution starts.")
  private String inProgressDeadline;

  @JsonPropertyDescription("When the device's step timer expires.")
  private String stepDeadline;

  private Boolean forceCanceled;

  @JsonPropertyDescription("Earlier attempts, oldest first.")
  @Size(max = 11)
  private List<ExecutionAttempt> attempts;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutionAttempt {
    private Long executionNumber;
    private ExecutionStatus status;
    private String queuedAt;
    private String startedAt;
    private String finishedAt;
    private Map<String, String> statusDetails;
  }
}
