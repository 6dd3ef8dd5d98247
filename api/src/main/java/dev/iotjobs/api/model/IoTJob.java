package dev.iotjobs.api.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A job: a document, its targets, and how it rolls out, aborts, times out, retries and is scheduled. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("iotjobs")
@ShortNames("ij")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TARGETS", jsonPath = ".status.targetCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "SUCCEEDED", jsonPath = ".status.jobProcessDetails.numberOfSucceededThings",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "FAILED", jsonPath = ".status.jobProcessDetails.numberOfFailedThings",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "IN-PROGRESS", jsonPath = ".status.jobProcessDetails.numberOfInProgressThings",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class IoTJob extends CustomResource<IoTJobSpec, IoTJobStatus> implements Namespaced {
  /** The jobId devices see: the resource name. */
  public String jobId() {
    return getMetadata().getName();
  }
}
