package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.device.DeviceBehavior;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Local mode end to end: the quick-start job over simulated devices, driven with --exit-when-done. */
class LocalModeIT {

  @Test
  void quickStartJobCompletesWithTheSimulatedOutcomes() throws Exception {
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Path extra = Files.createTempDirectory("apply");
    Files.writeString(extra.resolve("reboot.yaml"), String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1",
        "kind: IoTJob",
        "metadata: {name: reboot-berlin}",
        "spec:",
        "  document: {operation: reboot}",
        "  targets: {things: [sim-0004, sim-0008]}",
        ""));
    LocalOptions options = LocalOptions.parse("--devices", "60", "--fail-rate", "0.2", "--steps", "2",
        "--step-delay", "10ms", "--mqtt-port", "0", "--kubeconfig", kubeconfig.toString(), "--exit-when-done",
        "--apply", extra.toString());
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (LocalMode local = new LocalMode(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
      local.start();
      CompletableFuture.runAsync(local::awaitDone).get(120, TimeUnit.SECONDS);

      IoTJob job = local.client().resources(IoTJob.class).inNamespace("default").withName("quick-start-firmware").get();
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
      DeviceBehavior behavior = DeviceBehavior.succeeding().withFailRate(0.2);
      long failing = IntStream.rangeClosed(1, 60).mapToObj(i -> String.format("sim-%04d", i))
          .filter(t -> behavior.outcomeFor(t, "quick-start-firmware", 1) == DeviceBehavior.Outcome.FAIL).count();
      JobProcessDetails counters = job.getStatus().getJobProcessDetails();
      assertThat(counters.getNumberOfFailedThings()).isEqualTo(failing);
      assertThat(counters.getNumberOfSucceededThings()).isEqualTo(60 - failing);
      assertThat(job.getStatus().getTargetCount()).isEqualTo(60);

      IoTJob applied = local.client().resources(IoTJob.class).inNamespace("default").withName("reboot-berlin").get();
      assertThat(applied.getStatus().getStatus()).as("--apply applied it").isEqualTo(JobStatus.COMPLETED);
      assertThat(applied.getStatus().getTargetCount()).isEqualTo(2);
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("export KUBECONFIG=" + kubeconfig.toAbsolutePath());
    assertThat(printed).contains("quick-start-firmware").contains("COMPLETED");
    assertThat(Files.readString(kubeconfig)).contains("server:");
  }

  @Test
  void withExitWhenDoneAFailedExecutionMakesTheExitStatusNonZero() throws Exception {
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    java.util.List<String> command = java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        LocalMode.class.getName(), "--devices", "20", "--fail-rate", "0.5", "--steps", "1", "--step-delay", "10ms",
        "--mqtt-port", "0", "--kubeconfig", kubeconfig.toString(), "--exit-when-done");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("local mode summary: 1 job", "quick-start-firmware COMPLETED", "exit status 1");
  }

  @Test
  void helpListsEveryOption() {
    String usage = LocalOptions.usage();
    for (String option : java.util.List.of("--devices", "--broker", "--embedded-broker", "--apply", "--no-quick-start",
        "--no-simulate-applied", "--fail-rate", "--reject-rate", "--hang-rate", "--steps", "--step-delay", "--api-port",
        "--mqtt-port", "--kubeconfig", "--exit-when-done", "--help")) {
      assertThat(usage).contains(option);
    }
    assertThat(LocalOptions.parse("--help").help()).isTrue();
    assertThat(LocalOptions.parse("--embedded-broker", "moquette").embeddedBroker())
        .isEqualTo(LocalOptions.EmbeddedBrokerKind.MOQUETTE);
  }

  @Test
  void badInputIsOneClearLine() {
    assertThat(message("--devices", "many")).isEqualTo("--devices must be a whole number, not many");
    assertThat(message("--frobnicate")).isEqualTo("unknown option --frobnicate (see --help)");
    assertThat(message("--fail-rate", "0.7", "--reject-rate", "0.5"))
        .contains("add up to more than 1");
    assertThat(message("--broker", "localhost")).contains("tcp://host:1883");
    assertThat(message("--apply", "/no/such/dir")).contains("no such file or directory");
    assertThat(message("--devices")).contains("needs a value");
    assertThat(message("--embedded-broker", "hivemq")).contains("auto, mosquitto or moquette");
    assertThat(LocalOptions.parse("--step-delay", "1.5s").stepDelay()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aYamlThatFailsTheSchemaStopsStartWithTheSchemasMessage() throws Exception {
    Path dir = Files.createTempDirectory("apply");
    Files.writeString(dir.resolve("bad.yaml"), String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1",
        "kind: IoTJob",
        "metadata: {name: bad}",
        "spec: {document: {a: b}, targets: {things: [x]}, timeoutConfig: {inProgressTimeoutInMinutes: 0}}",
        ""));
    LocalOptions options = LocalOptions.parse("--devices", "1", "--mqtt-port", "0", "--no-quick-start", "--apply",
        dir.toString(), "--kubeconfig", Files.createTempFile("kc", ".yaml").toString());
    try (LocalMode local = new LocalMode(options, new PrintStream(new ByteArrayOutputStream()))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(local::start)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad.yaml")
          .hasMessageContaining("inProgressTimeoutInMinutes");
    }
  }

  @Test
  void aPortInUseIsOneClearLine() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      LocalOptions options = LocalOptions.parse("--api-port", String.valueOf(taken.getLocalPort()), "--devices", "1");
      try (LocalMode local = new LocalMode(options, new PrintStream(new ByteArrayOutputStream()))) {
        org.assertj.core.api.Assertions.assertThatThrownBy(local::start)
            .hasMessage("API port " + taken.getLocalPort() + " is in use; choose another with --api-port, or 0 for any"
                + " free port");
      }
      LocalOptions mqtt = LocalOptions.parse("--mqtt-port", String.valueOf(taken.getLocalPort()), "--devices", "1",
          "--kubeconfig", Files.createTempFile("kc", ".yaml").toString());
      try (LocalMode local = new LocalMode(mqtt, new PrintStream(new ByteArrayOutputStream()))) {
        org.assertj.core.api.Assertions.assertThatThrownBy(local::start).hasMessageContaining("MQTT port")
            .hasMessageContaining("--mqtt-port");
      }
    }
  }

  private static String message(String... args) {
    try {
      LocalOptions.parse(args);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
