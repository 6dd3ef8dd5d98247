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

/**
 * What a wave must show before the next one starts. Failure limits are checked as outcomes arrive, so a wave failing
 * fast stops the job at once; the rest is judged once every execution of the wave is terminal.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WaveGate {
  /** Durations as Kubernetes and Argo write them: 30s, 10m, 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]{1,6}(s|m|h))+$";

  @JsonPropertyDescription("Things of the wave that must have an outcome (SUCCEEDED, FAILED, REJECTED or TIMED_OUT)"
      + " before the gate judges; a wave that ends with fewer fails its gate. Default 1.")
  @Min(1)
  @Max(Limits.MAX_COUNT)
  private Long minimumExecuted;

  @JsonPropertyDescription("Share of the wave's outcomes that must be SUCCEEDED, in percent.")
  @Min(0)
  @Max(100)
  private Double minimumSuccessPercentage;

  @JsonPropertyDescription("Failure limits by type; exceeding one fails the gate at once.")
  @Size(max = 4)
  private List<FailureLimit> maximumFailures;

  @JsonPropertyDescription("How long to wait after the wave's last execution finished before the gate can pass (e.g."
      + " 30m): failures that show after SUCCEEDED, such as a crash after reboot, have time to show in metrics.")
  @Pattern(DURATION_PATTERN)
  private String soakTime;

  @JsonPropertyDescription("A Prometheus query that must hold while the wave runs and soaks.")
  private PrometheusCheck prometheus;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.maximumPercentage) != has(self.maximumCount)",
      message = "a failure limit names exactly one of maximumPercentage and maximumCount")
  public static class FailureLimit {
    @JsonPropertyDescription("Which outcomes count: FAILED, REJECTED, TIMED_OUT or ALL of them.")
    @Required
    private AbortConfig.AbortFailureType failureType;

    @JsonPropertyDescription("The gate fails when the share of the wave's outcomes of this type is above it, once"
        + " minimumExecuted have an outcome.")
    @Min(0)
    @Max(100)
    private Double maximumPercentage;

    @JsonPropertyDescription("The gate fails as soon as more of the wave's things than this end with this type.")
    @Min(0)
    @Max(Limits.MAX_COUNT)
    private Long maximumCount;
  }

  /** Like an Argo Rollouts analysis: the query is measured every interval; too many failed measurements fail the gate. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PrometheusCheck {
    @JsonPropertyDescription("The Prometheus server, e.g. http://prometheus.monitoring:9090.")
    @Required
    @Size(max = 2048)
    @Pattern("^https?://[^\\s]+$")
    private String address;

    @JsonPropertyDescription("A PromQL query whose first sample is the measured value (use `or vector(0)` where no data"
        + " means zero: a query with no data is a failed measurement).")
    @Required
    @Size(min = 1, max = 4096)
    private String query;

    @JsonPropertyDescription("The condition the value must meet: result, a comparison (<, <=, >, >=, ==, !=) and a"
        + " number, e.g. \"result < 0.05\".")
    @Required
    @Pattern("^\\s*result\\s*(<=|>=|==|!=|<|>)\\s*-?[0-9]+(\\.[0-9]+)?\\s*$")
    private String successCondition;

    @JsonPropertyDescription("How often to measure; default 30s.")
    @Pattern(DURATION_PATTERN)
    private String interval;

    @JsonPropertyDescription("Failed measurements tolerated; one more fails the gate. Default 0.")
    @Min(0)
    @Max(1000)
    private Integer failureLimit;
  }
}
