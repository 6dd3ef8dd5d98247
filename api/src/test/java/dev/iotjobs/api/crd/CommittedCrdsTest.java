package dev.iotjobs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crds/ must be what the model generates; -DupdateCrds=true rewrites it. */
class CommittedCrdsTest {

  /** crds/ and the Helm chart's copy, both written by -DupdateCrds=true, never by hand. */
  @Test
  void committedCrdsMatchTheModel() throws IOException {
    boolean update = Boolean.getBoolean("updateCrds");
    Path helmCrds = CommittedCrds.projectRoot().resolve("helm/iot-jobs-operator/crds");
    for (Class<? extends CustomResource<?, ?>> kind : CommittedCrds.KINDS) {
      String expected = CommittedCrds.expectedText(kind);
      for (Path file : new Path[] {CommittedCrds.committed(kind), helmCrds.resolve(CommittedCrds.fileName(kind))}) {
        if (update) {
          Files.createDirectories(file.getParent());
          Files.writeString(file, expected);
        }
        assertThat(file).as("%s is stale: run ./mvnw -pl api test -DupdateCrds=true", file).exists();
        assertThat(Files.readString(file)).as("%s is stale: run ./mvnw -pl api test -DupdateCrds=true", file)
            .isEqualTo(expected);
      }
    }
  }

  /** kubectl explain documents every field: each property of spec and status has a description. */
  @Test
  void everyFieldIsDescribed() {
    java.util.List<String> undocumented = new java.util.ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind : CommittedCrds.KINDS) {
      var schema = CommittedCrds.load(kind).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
      for (String part : java.util.List.of("spec", "status")) {
        var node = schema.getProperties().get(part);
        if (node != null && node.getProperties() != null) {
          node.getProperties().forEach((name, child) -> collect(kind.getSimpleName() + "." + part + "." + name, child,
              undocumented));
        }
      }
    }
    assertThat(undocumented).isEmpty();
  }

  private static void collect(String path, io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps node,
      java.util.List<String> undocumented) {
    if (node.getDescription() == null || node.getDescription().isBlank()) {
      undocumented.add(path);
    }
    // Kubernetes' own types (label selectors, conditions) are documented by Kubernetes
    if (path.endsWith(".selector") || path.endsWith(".conditions")) {
      return;
    }
    var children = node.getProperties() != null ? node.getProperties()
        : node.getItems() != null && node.getItems().getSchema() != null
            ? node.getItems().getSchema().getProperties() : null;
    if (children != null) {
      children.forEach((name, child) -> collect(path + "." + name, child, undocumented));
    }
  }

  @Test
  void printerColumnsAreInContractOrder() {
    CustomResourceDefinition job = CommittedCrds.load(dev.iotjobs.api.model.IoTJob.class);
    // the contract's columns are what kubectl get shows; -o wide adds the rest
    assertThat(job.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .filteredOn(column -> column.getPriority() == 0)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("STATUS", "TARGETS", "SUCCEEDED", "FAILED", "IN-PROGRESS", "AGE");
    assertThat(job.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .filteredOn(column -> column.getPriority() == 1)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("PROGRESS", "QUEUED", "REASON", "RATE/MIN", "NEXT-WINDOW", "WAVE");
    CustomResourceDefinition execution = CommittedCrds.load(dev.iotjobs.api.model.JobExecution.class);
    assertThat(execution.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("JOB", "THING", "STATUS", "ATTEMPT", "AGE");
  }

  @Test
  void everyKindIsNamespacedWithCategoryAndShortNameAndAStatusWhereItHasOne() {
    for (Class<? extends CustomResource<?, ?>> kind : CommittedCrds.KINDS) {
      CustomResourceDefinition crd = CommittedCrds.load(kind);
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly("iot");
      assertThat(crd.getSpec().getNames().getShortNames()).hasSize(1);
      if (kind == dev.iotjobs.api.model.JobTemplate.class) {
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("jt");
        assertThat(crd.getSpec().getVersions().get(0).getSubresources()).as("a template has no status").isNull();
      } else {
        assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
      }
    }
  }
}
