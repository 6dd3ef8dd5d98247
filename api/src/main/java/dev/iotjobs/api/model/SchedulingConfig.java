package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.startTime) || !has(self.endTime) || timestamp(self.endTime) > timestamp(self.startTime)",
    message = "endTime must be after startTime")
public class SchedulingConfig {
  @JsonPropertyDescription("When the rollout starts (RFC 3339); past or now starts at once.")
  @Pattern(Rfc3339.PATTERN)
  private String startTime;

  @JsonPropertyDescription("When the rollout ends (RFC 3339); endBehavior says what happens then.")
  @Pattern(Rfc3339.PATTERN)
  private String endTime;

  @JsonPropertyDescription("What happens at endTime: STOP_ROLLOUT (default), CANCEL or FORCE_CANCEL.")
  private EndBehavior endBehavior;

  @JsonPropertyDescription("IANA time zone for the maintenance windows, e.g. Europe/Berlin; default UTC.")
  @Size(min = 1, max = 64)
  @Pattern("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")
  private String timeZone;

  @JsonPropertyDescription("Recurring windows during which the rollout happens.")
  private List<MaintenanceWindow> maintenanceWindows;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MaintenanceWindow {
    @JsonPropertyDescription("Start of each window: a 5-field cron expression, as in a Kubernetes CronJob.")
    @Required
    @Size(min = 1, max = 256)
    @Pattern("^\\s*[0-9*,/-]+\\s+[0-9*,/-]+\\s+[0-9*,/?LW-]+\\s+[0-9A-Za-z*,/-]+\\s+[0-9A-Za-z*,/?L#-]+\\s*$"
        + "|^cron\\([^()]*\\)$")
    private String startTime;

    @JsonPropertyDescription("Length of each window in minutes, 1 to 1430.")
    @Required
    @Min(1)
    @Max(1430)
    private Long durationInMinutes;
  }

  public enum EndBehavior {
    STOP_ROLLOUT,
    CANCEL,
    FORCE_CANCEL
  }
}
