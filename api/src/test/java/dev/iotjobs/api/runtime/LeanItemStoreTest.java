package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.JobExecution;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {
  @Test
  void cachedObjectsLoseManagedFieldsAndTheLastAppliedCopyAndKeepWhatIsRead() {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw.t1").withNamespace("fleet").withResourceVersion("7")
        .withLabels(Map.of("iotjobs.dev/job", "fw"))
        .withAnnotations(Map.of("iotjobs.dev/queued-at", "2026-12-01T10:00:00.000Z",
            LeanItemStore.LAST_APPLIED, "{\"big\":\"copy\"}"))
        .withManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("iot-jobs-operator").build())).build());
    LeanItemStore<JobExecution> store = new LeanItemStore<>();
    store.put(store.getKey(execution), execution);

    JobExecution cached = store.get("fleet/fw.t1");
    assertThat(cached.getMetadata().getManagedFields()).isNull();
    assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("iotjobs.dev/queued-at");
    assertThat(cached.getMetadata().getLabels()).containsEntry("iotjobs.dev/job", "fw");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
  }

  @Test
  void anObjectWithOnlyTheLastAppliedAnnotationKeepsNone() {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("n")
        .withAnnotations(Map.of(LeanItemStore.LAST_APPLIED, "{}")).build());
    assertThat(LeanItemStore.lean(execution).getMetadata().getAnnotations()).isEmpty();
  }

  /**
   * JOSDK reads a delivered object's annotations without a null check (InformerEventSource.isEventKnownFromAnnotation):
   * an execution created without any must not have them turned into null, or its events never reach the job.
   */
  @Test
  void anObjectWithoutLabelsOrAnnotationsHasEmptyMapsNotNull() {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("n").build());
    execution.getMetadata().setAnnotations(null);
    execution.getMetadata().setLabels(null);
    JobExecution lean = LeanItemStore.lean(execution);
    assertThat(lean.getMetadata().getAnnotations()).isNotNull().isEmpty();
    assertThat(lean.getMetadata().getLabels()).isNotNull().isEmpty();
    assertThat(lean.getMetadata().getAnnotations().get("javaoperatorsdk.io/previous")).isNull();
  }

  private static JobExecution execution(String thing, String ownerUid) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw." + thing).withNamespace(new String("fleet"))
        .withLabels(Map.of(new String("iotjobs.dev/job"), new String("fw"), "iotjobs.dev/thing", thing))
        .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("iotjobs.dev/v1alpha1")
            .withKind("IoTJob").withName("fw").withUid(new String(ownerUid)).withController(true).build())
        .build());
    dev.iotjobs.api.model.JobExecutionSpec spec = new dev.iotjobs.api.model.JobExecutionSpec();
    spec.setJobId(new String("fw"));
    spec.setThingName(new String(thing));
    execution.setSpec(spec);
    return execution;
  }

  /** What repeats across a job's executions is kept once; what is kept cannot be changed through one of them. */
  @Test
  void repeatedPartsAreSharedAndKeptImmutable() {
    JobExecution a = LeanItemStore.lean(execution("t1", "uid-1"));
    JobExecution b = LeanItemStore.lean(execution("t2", "uid-1"));
    JobExecution other = LeanItemStore.lean(execution("t3", "uid-2"));
    assertThat(a.getMetadata().getOwnerReferences()).isSameAs(b.getMetadata().getOwnerReferences())
        .isNotSameAs(other.getMetadata().getOwnerReferences());
    assertThat(a.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
    assertThat(other.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-2");
    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    assertThat(a.getSpec().getJobId()).isSameAs(b.getSpec().getJobId());
    assertThat(a.getMetadata().getLabels().get("iotjobs.dev/job")).isSameAs(b.getMetadata().getLabels().get("iotjobs.dev/job"));
    assertThat(a.getSpec().getThingName()).isSameAs(a.getMetadata().getLabels().get("iotjobs.dev/thing"));
    assertThat(a.getMetadata().getLabels()).containsOnlyKeys("iotjobs.dev/job", "iotjobs.dev/thing");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.getMetadata().getLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.getMetadata().getOwnerReferences().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** A thing's name is kept once, whether its Thing or its executions are cached first. */
  @Test
  void aThingsNameIsOneStringForTheThingAndItsExecutions() {
    dev.iotjobs.api.model.Thing thing = new dev.iotjobs.api.model.Thing();
    thing.setMetadata(new ObjectMetaBuilder().withName(new String("t-shared")).withNamespace("fleet").build());
    JobExecution execution = LeanItemStore.lean(execution(new String("t-shared"), "uid-1"));
    assertThat(LeanItemStore.lean(thing).getMetadata().getName()).isSameAs(execution.thingName());
  }

  /** A lean object still serializes as it came (kubectl and the API see the same JSON). */
  @Test
  void aLeanObjectSerializesAsItCame() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    String before = json.writeValueAsString(json.readTree(json.writeValueAsString(execution("t1", "uid-1"))));
    String after = json.writeValueAsString(json.readTree(json.writeValueAsString(LeanItemStore.lean(execution("t1", "uid-1")))));
    assertThat(json.readTree(after)).isEqualTo(json.readTree(before));
  }

  private static JobExecution finished(String thing, Map<String, String> details) {
    JobExecution execution = execution(thing, "uid-1");
    String queued = new String("2026-12-01T10:00:00.123Z");
    execution.getMetadata().setAnnotations(Map.of(dev.iotjobs.api.execution.Executions.QUEUED_AT_ANNOTATION, queued));
    dev.iotjobs.api.model.JobExecutionStatus status = new dev.iotjobs.api.model.JobExecutionStatus();
    status.setStatus(dev.iotjobs.api.model.ExecutionStatus.SUCCEEDED);
    status.setQueuedAt(new String(queued));
    status.setStartedAt(new String("2026-12-01T10:01:00Z"));
    status.setLastUpdatedAt(new String("2026-12-01T10:01:00Z"));
    status.setStatusDetails(details == null ? null : new java.util.LinkedHashMap<>(details));
    execution.setStatus(status);
    return execution;
  }

  /** The status's repeated parts are kept once: details in a compact map, equal times as one string. */
  @Test
  void statusDetailsAreCompactAndSharedAndEqualTimesAreOneString() {
    JobExecution a = LeanItemStore.lean(finished("t1", Map.of(new String("step"), new String("done"))));
    JobExecution b = LeanItemStore.lean(finished("t2", Map.of(new String("step"), new String("done"))));
    assertThat(a.getStatus().getStatusDetails()).containsExactly(Map.entry("step", "done"));
    assertThat(a.getStatus().getStatusDetails().get("step")).isSameAs(b.getStatus().getStatusDetails().get("step"));
    assertThat(a.getStatus().getStatusDetails().getClass().getName()).doesNotContain("HashMap");
    assertThat(a.packed()).as("kept packed: equal times are one slot, each read a new string").isTrue();
    assertThat(a.getStatus().getQueuedAt())
        .isEqualTo(a.getMetadata().getAnnotations().get(dev.iotjobs.api.execution.Executions.QUEUED_AT_ANNOTATION));
    assertThat(a.getStatus().getLastUpdatedAt()).isEqualTo(a.getStatus().getStartedAt());
    assertThat(a.getMetadata().getFinalizers()).isEmpty();
    assertThat(a.getMetadata().getFinalizers()).isSameAs(b.getMetadata().getFinalizers());

    String long64 = "x".repeat(64);
    JobExecution c = LeanItemStore.lean(finished("t3", Map.of("reason", new String(long64))));
    JobExecution d = LeanItemStore.lean(finished("t4", Map.of("reason", new String(long64))));
    assertThat(c.getStatus().getStatusDetails().get("reason"))
        .as("long values are not interned: the JVM's string table would grow with every device's text")
        .isEqualTo(d.getStatus().getStatusDetails().get("reason")).isNotSameAs(long64.intern());
  }

  @Test
  void severalStatusDetailsKeepAStableOrderAndNullValues() {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("step", "download");
    details.put("attempt", null);
    details.put("bytes", "1024");
    JobExecution lean = LeanItemStore.lean(finished("t1", details));
    assertThat(lean.getStatus().getStatusDetails().keySet()).containsExactly("attempt", "bytes", "step");
    assertThat(lean.getStatus().getStatusDetails()).containsEntry("attempt", null).containsEntry("bytes", "1024");
    assertThat(LeanItemStore.lean(finished("t2", Map.of())).getStatus().getStatusDetails()).isEmpty();
    assertThat(LeanItemStore.lean(finished("t3", null)).getStatus().getStatusDetails()).isNull();
  }

  @Test
  void aLeanFinishedExecutionSerializesAsItCame() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, String> details = Map.of("step", "done", "bytes", "1024");
    String before = json.writeValueAsString(finished("t1", details));
    String after = json.writeValueAsString(LeanItemStore.lean(finished("t1", details)));
    assertThat(json.readTree(after)).isEqualTo(json.readTree(before));
  }
}
