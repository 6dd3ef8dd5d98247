package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AbortConfig {
  /** An abort config that cancels the job once the failure type reaches the threshold after so many executed. */
  public static AbortConfig cancelWhen(AbortFailureType failureType, double thresholdPercentage, long minExecuted) {
    AbortCriteria criterion = new AbortCriteria();
    criterion.setFailureType(failureType);
    criterion.setAction(AbortAction.CANCEL);
    criterion.setThresholdPercentage(thresholdPercentage);
    criterion.setMinNumberOfExecutedThings(minExecuted);
    AbortConfig config = new AbortConfig();
    config.setCriteriaList(java.util.List.of(criterion));
    return config;
  }

  @JsonPropertyDescription("Criteria evaluated in list order; the first that matches cancels the job.")
  @Required
  @Size(min = 1)
  private List<AbortCriteria> criteriaList;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @io.fabric8.generator.annotation.ValidationRule(value = "!has(self.thresholdPercentage)"
      + " || (double(self.thresholdPercentage) * 100.0 - double(int(double(self.thresholdPercentage) * 100.0 + 0.5))"
      + " < 0.0001 && double(int(double(self.thresholdPercentage) * 100.0 + 0.5))"
      + " - double(self.thresholdPercentage) * 100.0 < 0.0001)",
      message = "thresholdPercentage takes at most two decimal digits, e.g. 12.5")
  public static class AbortCriteria {
    @JsonPropertyDescription("Which outcomes count as failures: FAILED, REJECTED, TIMED_OUT or ALL of them.")
    @Required
    private AbortFailureType failureType;

    @JsonPropertyDescription("What to do when the criterion matches: CANCEL.")
    @Required
    private AbortAction action;

    @JsonPropertyDescription("Share of terminal executions with the failure type, in percent, that aborts the job.")
    @Required
    @Min(0)
    @Max(100)
    private Double thresholdPercentage;

    @JsonPropertyDescription("Terminal executions needed before the criterion is evaluated.")
    @Required
    @Min(1)
    @Max(Limits.MAX_COUNT)
    private Long minNumberOfExecutedThings;
  }

  public enum AbortFailureType {
    FAILED,
    REJECTED,
    TIMED_OUT,
    ALL
  }

  public enum AbortAction {
    CANCEL
  }
}
