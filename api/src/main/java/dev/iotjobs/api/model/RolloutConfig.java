package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutConfig {
  @JsonPropertyDescription("Most executions queued per minute (any positive integer); caps an exponential rate.")
  @Min(1)
  @io.fabric8.generator.annotation.Max(Limits.MAX_COUNT)
  private Long maximumPerMinute;

  @JsonPropertyDescription("A rate that starts low and grows by a factor each time a criterion is met.")
  private ExponentialRate exponentialRate;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @io.fabric8.generator.annotation.ValidationRule(value = "!has(self.incrementFactor)"
      + " || (double(self.incrementFactor) * 10.0 - double(int(double(self.incrementFactor) * 10.0 + 0.5)) < 0.000001"
      + " && double(int(double(self.incrementFactor) * 10.0 + 0.5)) - double(self.incrementFactor) * 10.0 < 0.000001)",
      message = "incrementFactor takes at most one decimal digit, e.g. 1.5")
  public static class ExponentialRate {
    @JsonPropertyDescription("The starting rate, executions per minute.")
    @Required
    @Min(1)
    @io.fabric8.generator.annotation.Max(Limits.MAX_COUNT)
    private Long baseRatePerMinute;

    @JsonPropertyDescription("Factor applied to the rate at each step: 1.1 to 5, one decimal digit.")
    @Required
    @Min(1.1)
    @io.fabric8.generator.annotation.Max(5)
    private Double incrementFactor;

    @JsonPropertyDescription("When the rate steps up.")
    @Required
    private RateIncreaseCriteria rateIncreaseCriteria;
  }

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @io.fabric8.generator.annotation.ValidationRule(value = "has(self.numberOfNotifiedThings) || has(self.numberOfSucceededThings)",
      message = "set numberOfNotifiedThings or numberOfSucceededThings")
  public static class RateIncreaseCriteria {
    @JsonPropertyDescription("Step up each time this many more things have been notified.")
    @Min(1)
    @io.fabric8.generator.annotation.Max(Limits.MAX_COUNT)
    private Long numberOfNotifiedThings;

    @JsonPropertyDescription("Step up each time this many more things have succeeded.")
    @Min(1)
    @io.fabric8.generator.annotation.Max(Limits.MAX_COUNT)
    private Long numberOfSucceededThings;
  }
}
