package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusPatchesTest {
  @Test
  void theNewResourceVersionIsReadFromTheTopLevelMetadataOnly() {
    assertThat(StatusPatches.resourceVersionOf(bytes("{\"apiVersion\":\"v\",\"status\":{\"metadata\":"
        + "{\"resourceVersion\":\"no\"}},\"metadata\":{\"managedFields\":[{\"resourceVersion\":\"no\"}],"
        + "\"name\":\"a\",\"resourceVersion\":\"43\"}}"))).isEqualTo("43");
    assertThat(StatusPatches.resourceVersionOf(bytes("{\"metadata\":{\"name\":\"a\"}}"))).isNull();
    assertThat(StatusPatches.resourceVersionOf(bytes("not json"))).isNull();
    assertThat(StatusPatches.resourceVersionOf(bytes("[]"))).isNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
