package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.kubectl.KubectlIotJobs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * kubectl iotjobs rerun end to end: simulated devices fail part of the quick-start job; rerun makes a job for exactly
 * those things, and the devices work it to its outcome (a device's outcome depends on the job, so most succeed now).
 */
class RerunWithDevicesIT {

  @Test
  void rerunningTheFailedThingsRunsThemAgainOnTheirDevices() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl is not installed: the plugin works through it");
    Path kubeconfig = Files.createTempFile("kc", ".yaml");
    LocalOptions options = LocalOptions.parse("--devices", "40", "--fail-rate", "0.3", "--steps", "1", "--step-delay",
        "10ms", "--mqtt-port", "0", "--kubeconfig", kubeconfig.toString());
    try (LocalMode local = new LocalMode(options, new PrintStream(new ByteArrayOutputStream()))) {
      local.start();
      DeviceBehavior behavior = DeviceBehavior.succeeding().withFailRate(0.3);
      List<String> things = IntStream.rangeClosed(1, 40).mapToObj(i -> String.format("sim-%04d", i)).toList();
      List<String> failed = things.stream()
          .filter(t -> behavior.outcomeFor(t, "quick-start-firmware", 1) == DeviceBehavior.Outcome.FAIL).toList();
      assertThat(failed).isNotEmpty();
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        IoTJob job = local.client().resources(IoTJob.class).inNamespace("default").withName("quick-start-firmware").get();
        assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.getStatus().getJobProcessDetails().getNumberOfFailedThings()).isEqualTo(failed.size());
      });

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = new KubectlIotJobs().run(new PrintWriter(out), new PrintWriter(err),
          "rerun", "quick-start-firmware", "--status", "FAILED", "-n", "default", "--kubeconfig", kubeconfig.toString());
      assertThat(exit).as(out + " " + err).isZero();
      assertThat(out.toString()).contains("quick-start-firmware-rerun created for " + failed.size() + " things");

      long failingAgain = failed.stream()
          .filter(t -> behavior.outcomeFor(t, "quick-start-firmware-rerun", 1) == DeviceBehavior.Outcome.FAIL).count();
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        IoTJob rerun = local.client().resources(IoTJob.class).inNamespace("default")
            .withName("quick-start-firmware-rerun").get();
        assertThat(rerun.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
        JobProcessDetails counters = rerun.getStatus().getJobProcessDetails();
        assertThat(rerun.getStatus().getTargetCount()).isEqualTo(failed.size());
        assertThat(counters.getNumberOfFailedThings()).isEqualTo(failingAgain);
        assertThat(counters.getNumberOfSucceededThings()).isEqualTo(failed.size() - failingAgain);
      });
    }
  }
}
