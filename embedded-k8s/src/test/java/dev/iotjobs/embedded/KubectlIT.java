package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl against the sandbox: discovery, apply, get by category and short name, describe, patch, delete. */
class KubectlIT {
  private static EmbeddedKubernetes api;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    api = new EmbeddedKubernetes();
    kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, api.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  record Result(int exit, String output) {}

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output);
  }

  @Test
  void applyGetDescribePatchDelete() throws Exception {
    Result apply = kubectl("apply", "-f", "../examples/quick-start/fleet.yaml");
    assertThat(apply.exit()).as(apply.output()).isZero();
    assertThat(apply.output()).contains("thing.iotjobs.dev/sensor-0001 created");
    Result job = kubectl("apply", "-f", "../examples/quick-start/job.yaml");
    assertThat(job.exit()).as(job.output()).isZero();

    Result all = kubectl("get", "iot");
    assertThat(all.exit()).as(all.output()).isZero();
    assertThat(all.output()).contains("sensor-0005", "paris-t1000", "firmware-2-1-0");
    Result jobs = kubectl("get", "ij");
    assertThat(jobs.output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "STATUS", "TARGETS", "SUCCEEDED", "FAILED", "IN-PROGRESS", "AGE");
    assertThat(kubectl("get", "tg").output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "MEMBERS", "PARENT", "AGE");
    assertThat(kubectl("get", "things").output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "AGE");
    assertThat(kubectl("get", "tg", "berlin", "-o", "jsonpath={.spec.parentGroup}").output()).isEqualTo("europe");

    Result describe = kubectl("describe", "iotjob", "firmware-2-1-0");
    assertThat(describe.exit()).as(describe.output()).isZero();
    assertThat(describe.output()).contains("Upgrade to firmware 2.1.0");

    Result patch = kubectl("patch", "ij", "firmware-2-1-0", "--type", "merge", "-p",
        "{\"spec\":{\"suspend\":true}}");
    assertThat(patch.exit()).as(patch.output()).isZero();
    assertThat(kubectl("get", "ij", "firmware-2-1-0", "-o", "jsonpath={.spec.suspend}").output()).isEqualTo("true");

    Result delete = kubectl("delete", "thing", "sensor-0005");
    assertThat(delete.exit()).as(delete.output()).isZero();
    assertThat(kubectl("get", "things").output()).doesNotContain("sensor-0005");
  }

  @Test
  void aResourceThatFailsTheSchemaIsRefusedWithItsMessage() throws Exception {
    Path bad = Files.createTempFile("bad", ".yaml");
    Files.writeString(bad, String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1",
        "kind: IoTJob",
        "metadata: {name: bad-rate}",
        "spec:",
        "  document: {a: b}",
        "  targets: {things: [x]}",
        "  jobExecutionsRolloutConfig: {maximumPerMinute: 0}",
        ""));
    Result result = kubectl("apply", "-f", bad.toString());
    assertThat(result.exit()).isNotZero();
    assertThat(result.output()).contains("is invalid").contains("maximumPerMinute");
  }
}
