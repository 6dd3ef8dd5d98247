package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the README tells a new user to run against local mode, with the real kubectl, on the quick-start job. */
class LocalModeKubectlIT {

  @Test
  void waitDescribeAndEventsShowTheQuickStartJob() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    LocalOptions options = LocalOptions.parse("--devices", "30", "--mqtt-port", "0", "--steps", "2", "--step-delay",
        "100ms", "--kubeconfig", kubeconfig.toString());
    try (LocalMode local = new LocalMode(options, new PrintStream(new ByteArrayOutputStream()))) {
      local.start();
      // the quick start is applied a moment after start, as the README says; kubectl wait refuses what does not exist
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          Kubectl.run(kubeconfig, "get", "ij/quick-start-firmware", "-o", "name").exit() == 0);
      Kubectl.Result wait = Kubectl.run(kubeconfig, "wait", "--for=condition=Complete", "ij/quick-start-firmware",
          "--timeout=90s");
      assertThat(wait.exit()).as(wait.output()).isZero();
      assertThat(wait.output()).contains("condition met");

      Kubectl.Result describe = Kubectl.run(kubeconfig, "describe", "iotjob", "quick-start-firmware");
      assertThat(describe.output()).contains("Events:", "Started", "Completed", "iot-jobs-operator")
          .doesNotContain("Events:  <none>").doesNotContain("Events:               <none>");
      Kubectl.Result events = Kubectl.run(kubeconfig, "events", "--for", "iotjob/quick-start-firmware");
      assertThat(events.exit()).as(events.output()).isZero();
      assertThat(events.output()).contains("Completed", "30 of 30 things terminal");
      Kubectl.Result failed = Kubectl.run(kubeconfig, "get", "je", "--field-selector", "status.status=SUCCEEDED",
          "-o", "name");
      assertThat(failed.output().lines()).hasSize(30);
      assertEveryThingConnectedAndSeen(kubeconfig, 30);
    }
  }

  /** kubectl get things -o wide: CONNECTED true and a LAST-SEEN for every simulated device. */
  private static void assertEveryThingConnectedAndSeen(Path kubeconfig, int devices) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Kubectl.Result things = Kubectl.run(kubeconfig, "get", "things", "-o", "wide", "--no-headers");
      assertThat(things.exit()).as(things.output()).isZero();
      assertThat(things.output().lines().filter(line -> line.matches("\\S+\\s+\\S+\\s+\\S+\\s+true\\s*")))
          .as("NAME LAST-SEEN AGE CONNECTED=true:%n%s", things.output()).hasSize(devices);
    });
  }
}
