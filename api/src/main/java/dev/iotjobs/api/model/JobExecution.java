package dev.iotjobs.api.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalSelectableField;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One job on one thing, named {@code <jobId>.<thingName>}; a retry re-queues the same object. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("jobexecutions")
@ShortNames("je")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "JOB", jsonPath = ".spec.jobId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "THING", jsonPath = ".spec.thingName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ATTEMPT", jsonPath = ".status.executionNumber", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// kubectl get je --field-selector status.status=FAILED,spec.jobId=fw (Kubernetes 1.31+): no status label, so no
// metadata write per transition
@AdditionalSelectableField(jsonPath = ".spec.jobId")
@AdditionalSelectableField(jsonPath = ".spec.thingName")
@AdditionalSelectableField(jsonPath = ".status.status")
public class JobExecution extends CustomResource<JobExecutionSpec, JobExecutionStatus> implements Namespaced {
  /**
   * Defaulted to an empty object so that its own defaults (QUEUED, attempt 1, version 1) apply on every read: an API
   * server drops status on create, and this saves the operator a status write per execution.
   */
  @Override
  @Default("{}")
  public JobExecutionStatus getStatus() {
    return super.getStatus();
  }
}
