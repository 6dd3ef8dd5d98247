package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    }
  }
}
