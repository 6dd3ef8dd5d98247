package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThingSpec {
  @JsonPropertyDescription("Free-form string attributes of the device, informational only.")
  private Map<String, String> attributes;
}
