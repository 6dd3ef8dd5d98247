package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class StatusPatchesTest {
  @Test
  void theStatusUrlOfANamespacedResourceWithOrWithoutATrailingSlashOnTheServer() {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw.t1").withNamespace("fleet").build());
    String expected = "https://api:6443/apis/iotjobs.dev/v1alpha1/namespaces/fleet/jobexecutions/fw.t1/status";
    assertThat(StatusPatches.statusUrl("https://api:6443/", execution)).isEqualTo(expected);
    assertThat(StatusPatches.statusUrl("https://api:6443", execution)).isEqualTo(expected);
    execution.getMetadata().setNamespace(null);
    assertThat(StatusPatches.statusUrl("https://api:6443/", execution))
        .isEqualTo("https://api:6443/apis/iotjobs.dev/v1alpha1/jobexecutions/fw.t1/status");
  }

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
