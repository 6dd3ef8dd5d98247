package dev.iotjobs.api.model;

import java.util.List;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalSelectableField;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Objects;

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
    return packed == null ? super.getStatus() : packed.status();
  }

  /**
   * Set by {@link #pack()} on a cached execution: its metadata, spec and status are then kept in it and built again on
   * every read (a fleet's caches hold millions of executions). A setter unpacks first, so nothing written is lost.
   */
  private transient PackedExecution packed;

  /**
   * Keeps this execution in a few hundred bytes, for a cache that holds it for long; whether it could (an execution
   * of an unusual shape is kept as it is). Every read builds new metadata, spec and status objects: a change made to
   * one of them is not kept (cached objects are read, never changed; a write builds a new object).
   */
  public boolean pack() {
    return pack(null);
  }

  /**
   * Packs it as {@link #pack()} does, keeping the key its cache files it under ({@code namespace/name}, or null), so
   * that the cache's map and each of its indexes hold one copy of that string instead of one each.
   */
  public boolean pack(String cacheKey) {
    if (packed != null) {
      return true;
    }
    PackedExecution packing = PackedExecution.of(super.getMetadata(), super.getSpec(), super.getStatus(), cacheKey);
    if (packing == null) {
      return false;
    }
    packed = packing;
    super.setMetadata(null);
    super.setSpec(null);
    super.setStatus(null);
    return true;
  }

  /**
   * The key an informer's cache files it under ({@code namespace/name}): the very string given to
   * {@link #pack(String)} when it was packed with one, else a new one.
   */
  public String cacheKey() {
    String kept = packed == null ? null : packed.cacheKey();
    return kept != null ? kept : io.fabric8.kubernetes.client.informers.cache.Cache.metaNamespaceKeyFunc(this);
  }

  /** Whether {@link #pack()} packed it. */
  public boolean packed() {
    return packed != null;
  }

  /** The execution's status value without building its status: what walks over a job's executions read. */
  public ExecutionStatus statusValue() {
    return packed != null ? packed.statusValue() : ofStatus(JobExecutionStatus::getStatus);
  }

  /** The status's timeoutAt without building the status. */
  public String timeoutAt() {
    return packed != null ? packed.timeoutAt() : ofStatus(JobExecutionStatus::getTimeoutAt);
  }

  /** The execution's name without building its metadata. */
  public String name() {
    return packed != null ? packed.name() : ofMetadata(ObjectMeta::getName);
  }

  /** The execution's namespace without building its metadata. */
  public String namespace() {
    return packed != null ? packed.namespace() : ofMetadata(ObjectMeta::getNamespace);
  }

  /** The execution's resourceVersion without building its metadata. */
  public String resourceVersion() {
    return packed != null ? packed.resourceVersion() : ofMetadata(ObjectMeta::getResourceVersion);
  }

  /** The thing's name without building the spec. */
  public String thingName() {
    return packed != null ? packed.thing() : ofSpec(JobExecutionSpec::getThingName);
  }

  /** The job's id without building the spec. */
  public String jobId() {
    return packed != null ? packed.jobId() : ofSpec(JobExecutionSpec::getJobId);
  }

  /** The owner references without building the metadata (the list itself: read, never changed). */
  public List<io.fabric8.kubernetes.api.model.OwnerReference> ownerReferences() {
    return packed != null ? packed.owners() : ofMetadata(ObjectMeta::getOwnerReferences);
  }

  /** The spec's cancel request, null for none, without building the spec. */
  public JobExecutionSpec.ExecutionCancel cancel() {
    return packed != null ? packed.cancel() : ofSpec(JobExecutionSpec::getCancel);
  }

  private <T> T ofMetadata(java.util.function.Function<ObjectMeta, T> field) {
    return super.getMetadata() == null ? null : field.apply(super.getMetadata());
  }

  private <T> T ofSpec(java.util.function.Function<JobExecutionSpec, T> field) {
    return super.getSpec() == null ? null : field.apply(super.getSpec());
  }

  private <T> T ofStatus(java.util.function.Function<JobExecutionStatus, T> field) {
    return super.getStatus() == null ? null : field.apply(super.getStatus());
  }

  private void unpack() {
    PackedExecution unpacking = packed;
    if (unpacking != null) {
      packed = null;
      super.setMetadata(unpacking.metadata());
      super.setSpec(unpacking.spec());
      super.setStatus(unpacking.status());
    }
  }

  @Override
  public ObjectMeta getMetadata() {
    return packed == null ? super.getMetadata() : packed.metadata();
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    unpack();
    super.setMetadata(metadata);
  }

  @Override
  public JobExecutionSpec getSpec() {
    return packed == null ? super.getSpec() : packed.spec();
  }

  @Override
  public void setSpec(JobExecutionSpec spec) {
    unpack();
    super.setSpec(spec);
  }

  @Override
  public void setStatus(JobExecutionStatus status) {
    unpack();
    super.setStatus(status);
  }

  // CustomResource compares and prints its fields: a packed execution's are empty
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof JobExecution that && Objects.equals(getMetadata(), that.getMetadata())
        && Objects.equals(getSpec(), that.getSpec()) && Objects.equals(getStatus(), that.getStatus());
  }

  @Override
  public int hashCode() {
    return Objects.hash(getMetadata(), getSpec(), getStatus());
  }

  @Override
  public String toString() {
    if (packed == null) {
      return super.toString();
    }
    JobExecution unpacked = new JobExecution();
    unpacked.setMetadata(getMetadata());
    unpacked.setSpec(getSpec());
    unpacked.setStatus(getStatus());
    return unpacked.toString();
  }
}
