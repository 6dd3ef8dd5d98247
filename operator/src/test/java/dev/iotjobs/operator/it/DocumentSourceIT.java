package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.DocumentSource;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** documentSource: read once when the job starts and pinned; a missing or broken source keeps the job waiting. */
class DocumentSourceIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private void configMap(String json) {
    ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("fw-doc").withNamespace(NS).endMetadata()
        .withData(Map.of("job.json", json)).build();
    h.client.resource(map).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private String progressingReason() {
    return Conditions.find(h.job(NS, "from-cm").getStatus().getConditions(), JobConditions.PROGRESSING).orElseThrow()
        .getReason();
  }

  @Test
  void theDocumentIsPinnedAtStartAndProblemsKeepTheJobWaiting() {
    h.client.resource(thing("a", Map.of())).create();
    IoTJob job = job("from-cm", List.of("a"), null);
    job.getSpec().setDocument(null);
    DocumentSource source = new DocumentSource();
    DocumentSource.ConfigMapKeyRef ref = new DocumentSource.ConfigMapKeyRef();
    ref.setName("fw-doc");
    ref.setKey("job.json");
    source.setConfigMapKeyRef(ref);
    job.getSpec().setDocumentSource(source);
    h.client.resource(job).create();

    eventually().untilAsserted(() -> {
      assertThat(h.job(NS, "from-cm").getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
      assertThat(progressingReason()).isEqualTo("DocumentNotFound");
    });
    assertThat(h.events(NS, "from-cm")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("DocumentNotFound"));
    assertThat(h.executions(NS, "from-cm")).isEmpty();

    configMap("{not json");
    eventually().untilAsserted(() -> assertThat(progressingReason()).isEqualTo("InvalidDocument"));

    // a placeholder the CRD cannot see (it is in a ConfigMap) without presignedUrlConfig: refused before delivery
    configMap("{\"steps\":[{\"fetch\":{\"url\":\"${iot:s3-presigned-url:s3://fw/3.0.bin}\"}}]}");
    eventually().untilAsserted(() -> {
      assertThat(progressingReason()).isEqualTo("InvalidDocument");
      assertThat(Conditions.find(h.job(NS, "from-cm").getStatus().getConditions(), JobConditions.PROGRESSING)
          .orElseThrow().getMessage()).contains("presignedUrlConfig");
    });
    assertThat(h.executions(NS, "from-cm")).isEmpty();

    configMap("{\"operation\":\"install\",\"version\":\"3.0\"}");
    eventually().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      IoTJob started = h.job(NS, "from-cm");
      assertThat(started.getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
      assertThat(started.getStatus().getDocument().get("version").asText()).isEqualTo("3.0");
      assertThat(started.getStatus().getDocumentDigest()).hasSize(64);
    });
    String digest = h.job(NS, "from-cm").getStatus().getDocumentDigest();

    configMap("{\"operation\":\"install\",\"version\":\"4.0\"}");
    h.poke(NS, "from-cm");
    eventually().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      IoTJob pinned = h.job(NS, "from-cm");
      assertThat(pinned.getStatus().getDocument().get("version").asText()).isEqualTo("3.0");
      assertThat(pinned.getStatus().getDocumentDigest()).isEqualTo(digest);
    });
  }
}
