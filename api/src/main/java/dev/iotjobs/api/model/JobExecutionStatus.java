package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobExecutionStatus {
  @JsonPropertyDescription("QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED or CANCELED.")
  @Default("QUEUED")
  private ExecutionStatus status;

  @JsonPropertyDescription("At most 10 string pairs reported by the device.")
  @Size(max = 10)
  private Map<String, String> statusDetails;

  @JsonPropertyDescription("The attempt: 1, then +1 on every retry.")
  @Default("1")
  private Long executionNumber;

  @JsonPropertyDescription("+1 on every accepted change; devices send it back as expectedVersion.")
  @Default("1")
  private Long versionNumber;

  @JsonPropertyDescription("Retries already made.")
  @Default("0")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private Integer retryAttempt;

  @JsonPropertyDescription("When this attempt was queued (RFC 3339, milliseconds).")
  private String queuedAt;

  @JsonPropertyDescription("When the device first moved this attempt to IN_PROGRESS.")
  private String startedAt;

  @JsonPropertyDescription("When this attempt last changed.")
  private String lastUpdatedAt;

  @JsonPropertyDescription("The earlier of the in-progress and step deadlines, while one runs.")
  private String timeoutAt;

  @JsonPropertyDescription("When the in-progress timer expires, fixed when the execution starts.")
  private String inProgressDeadline;

  @JsonPropertyDescription("When the device's step timer expires.")
  private String stepDeadline;

  @JsonPropertyDescription("Whether the execution was canceled while IN_PROGRESS (with force).")
  private Boolean forceCanceled;

  @JsonPropertyDescription("The clientTokens of the last device requests this attempt applied, newest last, with the"
      + " versionNumber each produced: a request the broker delivers again (after a bridge crash before its"
      + " acknowledgement) is answered as before and not applied twice.")
  @Size(max = 3)
  private List<AnsweredRequest> answeredRequests;

  @JsonPropertyDescription("Earlier attempts, oldest first.")
  @Size(max = 11)
  private List<ExecutionAttempt> attempts;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AnsweredRequest {
    @JsonPropertyDescription("The request's clientToken.")
    @Size(max = 64)
    private String clientToken;

    @JsonPropertyDescription("The versionNumber the request produced.")
    private Long versionNumber;
  }

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutionAttempt {
    @JsonPropertyDescription("The attempt's executionNumber.")
    private Long executionNumber;

    @JsonPropertyDescription("The attempt's versionNumber when it finished.")
    private Long versionNumber;

    @JsonPropertyDescription("How the attempt ended: FAILED or TIMED_OUT (retried), or REMOVED (the thing left).")
    private ExecutionStatus status;

    @JsonPropertyDescription("When the attempt was queued.")
    private String queuedAt;

    @JsonPropertyDescription("When the attempt started, if it did.")
    private String startedAt;

    @JsonPropertyDescription("When the attempt ended.")
    private String finishedAt;

    @JsonPropertyDescription("The attempt's last statusDetails.")
    private Map<String, String> statusDetails;
  }
}
