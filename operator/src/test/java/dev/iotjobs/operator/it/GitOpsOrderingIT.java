package dev.iotjobs.operator.it;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.operator.OperatorSettings;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a GitOps sync does: one {@code kubectl apply -f dir/} of a job, its things and a group hierarchy, in the worst
 * order of documents (the job first, the parent group last). The real kubectl, the operator's default settle window.
 */
class GitOpsOrderingIT {
  private static final String NS = "default";
  private final OperatorHarness h = new OperatorHarness();
  private Path dir;
  private Path kubeconfig;

  @BeforeEach
  void defaultSettleWindow() throws IOException {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    h.stopOperator();
    h.settings(s -> s.withSnapshotSettle(OperatorSettings.DEFAULT_SNAPSHOT_SETTLE));
    h.startOperator();
    dir = Files.createTempDirectory("gitops");
    kubeconfig = Files.writeString(Files.createTempFile("kubeconfig", ".yaml"), h.api.kubeconfig());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aSnapshotJobAppliedWithItsFleetTargetsAllOfItWhateverTheOrder() throws Exception {
    Files.writeString(dir.resolve("10-job.yaml"), """
        apiVersion: iotjobs.dev/v1alpha1
        kind: IoTJob
        metadata: {name: fleet-upgrade}
        spec:
          document: {operation: install}
          targets: {thingGroups: [europe]}
        """);
    List<String> things = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      things.add("""
          apiVersion: iotjobs.dev/v1alpha1
          kind: Thing
          metadata: {name: sensor-%03d, labels: {site: berlin}}
          """.formatted(i));
    }
    Files.writeString(dir.resolve("30-things.yaml"), String.join("---\n", things));
    Files.writeString(dir.resolve("20-berlin.yaml"), """
        apiVersion: iotjobs.dev/v1alpha1
        kind: ThingGroup
        metadata: {name: berlin}
        spec:
          parentGroup: europe
          selector: {matchLabels: {site: berlin}}
        """);
    Files.writeString(dir.resolve("00-europe.yaml"), """
        apiVersion: iotjobs.dev/v1alpha1
        kind: ThingGroup
        metadata: {name: europe}
        spec: {}
        """);
    kubectl("apply", "-f", dir.toString());

    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "fleet-upgrade");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
      assertThat(job.getStatus().getTargetCount()).isEqualTo(200);
      assertThat(h.executions(NS, "fleet-upgrade")).hasSize(200);
    });
  }

  @Test
  void aSnapshotJobWhoseTargetsHoldNoThingWaitsWithNoTargets() throws Exception {
    Files.writeString(dir.resolve("job.yaml"), """
        apiVersion: iotjobs.dev/v1alpha1
        kind: IoTJob
        metadata: {name: nobody}
        spec:
          document: {operation: install}
          targets: {thingGroups: [empty]}
        ---
        apiVersion: iotjobs.dev/v1alpha1
        kind: ThingGroup
        metadata: {name: empty}
        spec: {selector: {matchLabels: {site: nowhere}}}
        """);
    kubectl("apply", "-f", dir.toString());
    eventually().untilAsserted(() -> {
      IoTJob job = h.job(NS, "nobody");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
      assertThat(Conditions.find(job.getStatus().getConditions(), JobConditions.TARGETS_RESOLVED))
          .hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("NoTargets");
          });
      assertThat(h.events(NS, "nobody")).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("NoTargets");
      });
    });
    // the user fixes the fleet: the job starts
    Files.writeString(dir.resolve("thing.yaml"), """
        apiVersion: iotjobs.dev/v1alpha1
        kind: Thing
        metadata: {name: late, labels: {site: nowhere}}
        """);
    kubectl("apply", "-f", dir.resolve("thing.yaml").toString());
    eventually().untilAsserted(() -> {
      assertThat(h.job(NS, "nobody").getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS);
      assertThat(h.executions(NS, "nobody")).hasSize(1);
    });
  }

  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "-n", NS));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

}
