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
    assertThat(LeanItemStore.lean(execution).getMetadata().getAnnotations()).isNull();
  }
}
