package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example folder, applied alone to a fresh local mode (with kubectl when it is installed, as its README says),
 * reaches the outcome its README states, with nothing from another folder.
 */
class ExamplesIT {
  private static final Path EXAMPLES = Path.of("..", "examples");
  /** The outcome each folder's README states. */
  private static final Map<String, Consumer<KubernetesClient>> OUTCOMES = Map.ofEntries(
      Map.entry("quick-start", c -> completed(c, "firmware-2-1-0", 5, 0)),
      Map.entry("nested-and-label-groups", c -> {
        assertThat(members(c, "all-sites")).isEqualTo(4);
        assertThat(members(c, "nested-berlin")).isEqualTo(2);
        assertThat(members(c, "nested-paris-t1000")).isEqualTo(1);
      }),
      Map.entry("snapshot", c -> completed(c, "reboot-berlin", 3, 0)),
      Map.entry("continuous", c -> {
        IoTJob job = job(c, "agent-config-v7");
        assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(counters(job).getNumberOfSucceededThings()).isEqualTo(4);
      }),
      Map.entry("static-rollout", c -> completed(c, "firmware-static-rate", 20, 0)),
      Map.entry("exponential-rollout", c -> completed(c, "firmware-canary-ramp", 30, 0)),
      Map.entry("abort", c -> {
        IoTJob job = job(c, "firmware-guarded");
        assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
        assertThat(job.getStatus().getReasonCode()).isEqualTo("ABORT_CRITERIA_MET");
      }),
      Map.entry("timeouts-and-retries", c -> completed(c, "certificate-rotation", 8, 2)),
      Map.entry("maintenance-windows", c -> completed(c, "firmware-nightly", 10, 0)),
      Map.entry("presigned-download", c -> completed(c, "firmware-from-s3", 5, 0)),
      Map.entry("document-from-configmap", c -> completed(c, "reboot-from-configmap", 5, 0)),
      Map.entry("cancel", c -> assertThat(job(c, "firmware-2-0-9").getStatus().getStatus()).isEqualTo(JobStatus.CANCELED)),
      Map.entry("job-templates", c -> {
        completed(c, "fetch-config-bundle", 3, 0);
        IoTJob job = job(c, "fetch-config-bundle");
        assertThat(job.getStatus().getTemplate().getName()).isEqualTo("aws-download-file");
        assertThat(job.getStatus().getDocument().at("/steps/0/action/input/args").toString())
            .isEqualTo("[\"https://downloads.example.com/config/bundle-7.tar.gz\",\"/var/lib/agent/bundle-7.tar.gz\"]");
        assertThat(job.getStatus().getDocument().at("/steps/0/action/runAsUser").asText()).isEqualTo("root");
      }),
      Map.entry("staged-rollout", c -> {
        IoTJob job = job(c, "firmware-waves");
        assertThat(job.getStatus().getCurrentWave()).isEqualTo("lab");
        assertThat(progressingReason(job)).isEqualTo("WaitingForPromotion");
        assertThat(counters(job).getNumberOfSucceededThings()).isEqualTo(4);
      }),
      Map.entry("rollback", c -> {
        IoTJob job = job(c, "firmware-rc");
        assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
        assertThat(job.getStatus().getReasonCode()).isEqualTo("WAVE_GATE_FAILED");
        IoTJob rollback = job(c, "firmware-rc-rollback");
        assertThat(rollback.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(counters(rollback).getNumberOfSucceededThings()).isEqualTo(rollback.getStatus().getTargetCount())
            .isPositive();
      }));

  static Stream<String> folders() throws IOException {
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  void everyFolderHasAStatedOutcome() throws IOException {
    assertThat(folders().toList()).containsExactlyInAnyOrderElementsOf(OUTCOMES.keySet());
  }

  @ParameterizedTest
  @MethodSource("folders")
  void aFolderAppliedAloneReachesItsOutcome(String folder) throws Exception {
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    LocalOptions options = LocalOptions.parse("--devices", "0", "--no-quick-start", "--mqtt-port", "0", "--steps", "1",
        "--step-delay", "10ms", "--kubeconfig", kubeconfig.toString());
    try (LocalMode local = new LocalMode(options, new PrintStream(new ByteArrayOutputStream()))) {
      local.start();
      Path dir = EXAMPLES.resolve(folder);
      if (Kubectl.installed()) {
        Kubectl.Result applied = Kubectl.run(kubeconfig, "apply", "-f", dir.toString());
        assertThat(applied.exit()).as(applied.output()).isZero();
      } else {
        local.apply(dir);
      }
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> OUTCOMES.get(folder).accept(local.client()));
      if (folder.equals("staged-rollout")) {
        local.client().resources(IoTJob.class).inNamespace("default").withName("firmware-waves")
            .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"iotjobs.dev/promote\":\"lab\"}}}");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> completed(local.client(), "firmware-waves", 40, 0));
      }
      if (folder.equals("continuous")) {
        Thing joining = new Thing();
        joining.setMetadata(new ObjectMetaBuilder().withName("cont-05").withNamespace("default")
            .withLabels(Map.of("example", "continuous", "site", "berlin")).build());
        local.client().resource(joining).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(counters(job(local.client(), "agent-config-v7")).getNumberOfSucceededThings()).isEqualTo(5));
      }
    }
  }

  private static void completed(KubernetesClient client, String name, int succeeded, int failed) {
    IoTJob job = job(client, name);
    assertThat(job.getStatus().getStatus()).as(name).isEqualTo(JobStatus.COMPLETED);
    assertThat(counters(job).getNumberOfSucceededThings()).as(name + " succeeded").isEqualTo(succeeded);
    assertThat(counters(job).getNumberOfFailedThings()).as(name + " failed").isEqualTo(failed);
  }

  private static IoTJob job(KubernetesClient client, String name) {
    IoTJob job = client.resources(IoTJob.class).inNamespace("default").withName(name).get();
    assertThat(job).as(name).isNotNull();
    assertThat(job.getStatus()).as(name + " status").isNotNull();
    return job;
  }

  private static String progressingReason(IoTJob job) {
    return job.getStatus().getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst()
        .orElseThrow().getReason();
  }

  private static JobProcessDetails counters(IoTJob job) {
    return job.getStatus().getJobProcessDetails();
  }

  private static Integer members(KubernetesClient client, String group) {
    ThingGroup found = client.resources(ThingGroup.class).inNamespace("default").withName(group).get();
    return found == null || found.getStatus() == null ? null : found.getStatus().getMemberCount();
  }
}
