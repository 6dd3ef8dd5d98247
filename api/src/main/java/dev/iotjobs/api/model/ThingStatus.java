package dev.iotjobs.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThingStatus {
  @JsonPropertyDescription("Whether the device is connected to the broker, where the bridge can tell.")
  private Boolean connected;

  @JsonPropertyDescription("When the device was last heard from (RFC 3339).")
  private String lastSeenAt;

  @JsonPropertyDescription("Problems with this Thing, e.g. Ready=False reason=DuplicateThingName when an older Thing in"
      + " another namespace the bridge serves has the same name (its MQTT identity); absent when there are none.")
  private java.util.List<io.fabric8.kubernetes.api.model.Condition> conditions;
}
