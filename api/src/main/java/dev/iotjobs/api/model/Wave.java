package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import lombok.Data;

/**
 * One stage of a staged rollout: its share of the job's targets and the gate it must pass before the next wave
 * starts. A wave takes its share from the targets no earlier wave took; the last wave takes every target left.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.percentage) ? 1 : 0) + (has(self.count) ? 1 : 0) + (has(self.thingSelector) ? 1 : 0)"
    + " + (has(self.thingGroups) ? 1 : 0) <= 1",
    message = "a wave names its share one way: percentage, count, thingSelector or thingGroups")
@ValidationRule(value = "!has(self.percentage) || double(self.percentage) > 0.0",
    message = "percentage must be above 0: a wave of no things would hold the rollout for nothing")
@ValidationRule(value = "!has(self.count) || !has(self.gate) || !has(self.gate.minimumExecuted)"
    + " || self.gate.minimumExecuted <= self.count",
    message = "gate.minimumExecuted is above the wave's count: the gate could never pass")
public class Wave {
  /** The annotation a user sets on an IoTJob to the name of a wave waiting for manual promotion. */
  public static final String PROMOTE_ANNOTATION = ApiGroup.GROUP + "/promote";
  /** CEL on a list of waves: names are unique. */
  public static final String UNIQUE_NAMES = "self.all(a, self.exists_one(b, b.name == a.name))";
  public static final String UNIQUE_NAMES_MESSAGE = "wave names must be unique";
  /** CEL on a list of waves: every wave but the last names its share. */
  public static final String SHARES = "self.filter(w, !(has(w.percentage) || has(w.count) || has(w.thingSelector) || has(w.thingGroups))).size() == 0"
      + " || (self.filter(w, !(has(w.percentage) || has(w.count) || has(w.thingSelector) || has(w.thingGroups))).size() == 1 && !(has(self[size(self) - 1].percentage) || has(self[size(self) - 1].count) || has(self[size(self) - 1].thingSelector) || has(self[size(self) - 1].thingGroups)))";
  public static final String SHARES_MESSAGE = "every wave but the last names its share (percentage, count, thingSelector"
      + " or thingGroups); the last may leave it out to take every target left";
  /** CEL on a list of waves: the percentages add up to at most 100 (Kubernetes' list sum()). */
  public static final String PERCENTAGES = "([0.0] + self.filter(w, has(w.percentage))"
      + ".map(w, double(w.percentage))).sum() <= 100.0";
  public static final String PERCENTAGES_MESSAGE = "the waves' percentages add up to more than 100";

  public enum Promotion {
    /** The next wave starts as soon as the gate passes. */
    Automatic,
    /** The job waits after the gate passed until a user promotes the wave. */
    Manual
  }

  @JsonPropertyDescription("The wave's name, unique in the job: shown in status and used to promote it.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Share of the job's resolved targets, in percent (rounded up, at least one thing).")
  @Max(100)
  private Double percentage;

  @JsonPropertyDescription("Number of things in the wave.")
  @Min(1)
  @Max(Limits.MAX_COUNT)
  private Long count;

  @JsonPropertyDescription("The wave holds the job's targets whose labels match, e.g. the lab devices first.")
  private LabelSelector thingSelector;

  @JsonPropertyDescription("The wave holds the job's targets that are members of these thing groups (child groups"
      + " included).")
  @Size(min = 1, max = 100)
  private List<String> thingGroups;

  @JsonPropertyDescription("What the wave must show before the next starts. Without it, the next wave starts once every"
      + " execution of this one is terminal.")
  private WaveGate gate;

  @JsonPropertyDescription("Automatic (default): the next wave starts when the gate passes. Manual: the job then waits"
      + " until the wave is promoted (annotation iotjobs.dev/promote: <wave name>, or kubectl iotjobs promote).")
  private Promotion promotion;

  /** Whether the wave names a share; only the last wave may leave it out (it then takes every target left). */
  public boolean hasShare() {
    return percentage != null || count != null || thingSelector != null || thingGroups != null;
  }

  public Promotion effectivePromotion() {
    return promotion == null ? Promotion.Automatic : promotion;
  }
}
