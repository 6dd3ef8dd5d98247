package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.things) ? size(self.things) : 0) + (has(self.thingGroups) ? size(self.thingGroups) : 0) > 0",
    message = "targets must name at least one thing or thing group")
public class JobTargets {
  @JsonPropertyDescription("Things by name, in the job's namespace.")
  private List<String> things;

  @JsonPropertyDescription("Thing groups by name, in the job's namespace; child groups are included.")
  private List<String> thingGroups;
}
