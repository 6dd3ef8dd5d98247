package dev.iotjobs.api.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The CRDs as the Fabric8 generator wrote them into this jar, with the printer columns in the order the model
 * declares them (the generator sorts them by name; kubectl shows them in order). What {@code crds/} holds.
 */
public final class GeneratedCrds {
  public static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(Thing.class, ThingGroup.class, IoTJob.class, JobExecution.class, JobTemplate.class);

  private GeneratedCrds() {}

  public static CustomResourceDefinition of(Class<? extends CustomResource<?, ?>> kind) {
    String resource = "/META-INF/fabric8/" + CustomResource.getCRDName(kind) + "-v1.yml";
    try (InputStream in = GeneratedCrds.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the CRD generator has not run: " + resource + " is missing");
      }
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name).toList();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (version.getAdditionalPrinterColumns() != null) {
          version.getAdditionalPrinterColumns()
              .sort(Comparator.comparing((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())));
        }
      }
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
