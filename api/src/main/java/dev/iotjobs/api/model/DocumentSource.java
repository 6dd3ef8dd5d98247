package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DocumentSource {
  @JsonPropertyDescription("A key of a ConfigMap in the job's namespace holding the JSON document.")
  @Required
  private ConfigMapKeyRef configMapKeyRef;

  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapKeyRef {
    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("The ConfigMap's name.")
    private String name;

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("The key whose value is the JSON document.")
    private String key;
  }
}
