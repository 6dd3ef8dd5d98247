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
// -o wide: how far, what waits, how fast, when the next window opens
@AdditionalPrinterColumn(name = "PROGRESS", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "QUEUED", jsonPath = ".status.jobProcessDetails.numberOfQueuedThings",
    type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"Progressing\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "RATE/MIN", jsonPath = ".status.rollout.currentRatePerMinute",
    type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "NEXT-WINDOW", jsonPath = ".status.scheduledJobRollouts[0].startTime",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "WAVE", jsonPath = ".status.currentWave", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@io.fabric8.generator.annotation.ValidationRule(value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')"
    + " && size(self.metadata.name) <= 63",
    message = "an IoTJob's name is its jobId on MQTT: a DNS-1123 label (lower-case letters, digits and '-', at most 63"
        + " characters, no dots), e.g. fw-2-1-0 rather than fw-2.1.0")
@io.fabric8.generator.annotation.ValidationRule(value = "!has(oldSelf.status) || !has(oldSelf.status.startedAt)"
    + " || (has(self.spec.schedulingConfig) == has(oldSelf.spec.schedulingConfig)"
    + " && (!has(self.spec.schedulingConfig) || self.spec.schedulingConfig == oldSelf.spec.schedulingConfig))",
    message = "spec.schedulingConfig cannot change once the job has started (as AWS UpdateJob); cancel the job and"
        + " create a new one", reason = "FieldValueForbidden")
public class IoTJob extends CustomResource<IoTJobSpec, IoTJobStatus> implements Namespaced {
  /** The jobId devices see: the resource name. */
  public String jobId() {
    return getMetadata().getName();
  }
}
