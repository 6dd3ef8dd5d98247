package dev.iotjobs.operator.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job's ledger of pruned executions in chunks, against the embedded API (small chunks, so a few thousand do). */
class JobTargetStoreIT {
  private static final String NS = "fleet";
  private final EmbeddedKubernetes api = new EmbeddedKubernetes();
  private final KubernetesClient client = api.client();

  @AfterEach
  void close() {
    api.close();
  }

  private IoTJob job() {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("fw").withNamespace(NS).build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(Serialization.jsonMapper().createObjectNode().put("operation", "install"));
    JobTargets targets = new JobTargets();
    targets.setThings(List.of("x"));
    spec.setTargets(targets);
    job.setSpec(spec);
    return client.resource(job).create();
  }

  private static Map<String, ExecutionStatus> batch(int from, int count) {
    Map<String, ExecutionStatus> batch = new TreeMap<>();
    for (int i = from; i < from + count; i++) {
      batch.put(String.format("device-%06d", i), i % 7 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED);
    }
    return batch;
  }

  private ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(NS).withName(name).get();
  }

  @Test
  void aLedgerGrowsInChunksOfWhichOnlyTheLastIsRewritten() {
    IoTJob job = job();
    JobTargetStore store = new JobTargetStore(client, 1_000, 2_000);
    store.saveSnapshot(job, List.of("x"));
    Map<String, ExecutionStatus> all = new TreeMap<>();
    String firstChunkVersion = null;
    for (int round = 0; round < 60; round++) {
      Map<String, ExecutionStatus> batch = batch(round * 100, 100);
      assertThat(store.addPruned(job, batch)).isTrue();
      all.putAll(batch);
      if (firstChunkVersion == null && configMap("fw.targets-pruned-2") != null) {
        // chunk 1 was filled and closed when chunk 2 began
        firstChunkVersion = configMap("fw.targets-pruned-1").getMetadata().getResourceVersion();
      }
    }
    int chunks = Integer.parseInt(configMap("fw.targets").getData().get(JobTargetStore.PRUNED_CHUNKS_KEY));
    assertThat(chunks).as("several chunks").isGreaterThan(3);
    assertThat(configMap("fw.targets-pruned-1").getMetadata().getResourceVersion())
        .as("a full chunk is never written again").isEqualTo(firstChunkVersion);
    // another operator (a restart) reads the same ledger, snapshot and all
    JobTargetStore.Memory read = new JobTargetStore(client, 1_000, 2_000).memory(job);
    assertThat(read.pruned()).isEqualTo(all);
    assertThat(read.snapshot()).containsExactly("x");
    // and goes on appending where it stopped
    JobTargetStore again = new JobTargetStore(client, 1_000, 2_000);
    assertThat(again.addPruned(job, batch(6_000, 100))).isTrue();
    assertThat(new JobTargetStore(client, 1_000, 2_000).memory(job).pruned()).hasSize(6_100);

    again.delete(job);
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aFullLedgerRefusesAndKeepsWhatItHas() {
    IoTJob job = job();
    JobTargetStore store = new JobTargetStore(client, 500, 500);
    int added = 0;
    while (store.addPruned(job, batch(added, 100))) {
      added += 100;
    }
    assertThat(Integer.parseInt(configMap("fw.targets").getData().get(JobTargetStore.PRUNED_CHUNKS_KEY)))
        .isEqualTo(JobTargetStore.MAX_LEDGER_CHUNKS);
    assertThat(new JobTargetStore(client, 500, 500).memory(job).pruned()).hasSize(added);
  }
}
