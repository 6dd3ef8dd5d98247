package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.criteriaList.all(c, c.numberOfRetries == 0 || oldSelf.criteriaList.exists(o,"
    + " o.failureType == c.failureType && o.numberOfRetries == c.numberOfRetries))",
    message = "numberOfRetries of a running job may only be lowered to 0", reason = "FieldValueForbidden")
public class RetryConfig {
  @JsonPropertyDescription("One or two criteria; at most 10 retries per thing in total.")
  @Required
  @Size(min = 1, max = 2)
  private List<RetryCriteria> criteriaList;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RetryCriteria {
    @JsonPropertyDescription("Which outcome is retried: FAILED, TIMED_OUT or ALL.")
    @Required
    private RetryFailureType failureType;

    @JsonPropertyDescription("Retries for this failure type, 0 to 10.")
    @Required
    @Min(0)
    @Max(10)
    private Long numberOfRetries;
  }

  public enum RetryFailureType {
    FAILED,
    TIMED_OUT,
    ALL
  }
}
