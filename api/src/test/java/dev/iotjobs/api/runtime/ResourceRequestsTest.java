package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class ResourceRequestsTest {
  @Test
  void theUrlsOfANamespacedResourceWithOrWithoutATrailingSlashOnTheServer() {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw.t1").withNamespace("fleet").build());
    String expected = "https://api:6443/apis/iotjobs.dev/v1alpha1/namespaces/fleet/jobexecutions";
    assertThat(ResourceRequests.collectionUrl("https://api:6443/", execution)).isEqualTo(expected);
    assertThat(ResourceRequests.collectionUrl("https://api:6443", execution)).isEqualTo(expected);
    assertThat(ResourceRequests.objectUrl("https://api:6443", execution)).isEqualTo(expected + "/fw.t1");
    execution.getMetadata().setNamespace(null);
    assertThat(ResourceRequests.objectUrl("https://api:6443/", execution))
        .isEqualTo("https://api:6443/apis/iotjobs.dev/v1alpha1/jobexecutions/fw.t1");
  }
}
