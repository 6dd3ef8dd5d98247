package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThingGroupSpec {
  @JsonPropertyDescription("Static members, by Thing name.")
  private List<String> things;

  @JsonPropertyDescription("Dynamic members: the Things in this namespace whose labels match.")
  private LabelSelector selector;

  @JsonPropertyDescription("Optional parent group: a job that targets the parent reaches this group's members too.")
  private String parentGroup;
}
