package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThingGroupStatus {
  @JsonPropertyDescription("Distinct things in this group and its child groups.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(Limits.MAX_INT)
  private Integer memberCount;

  @JsonPropertyDescription("The generation of the spec last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, with reasons such as ParentGroupNotFound or CycleDetected.")
  private List<Condition> conditions = new ArrayList<>();
}
