package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.kubectl.KubectlIotJobs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staged rollouts end to end in local mode, with simulated devices working the jobs over MQTT, on the examples'
 * three-wave jobs: one waits for its manual promotion, is promoted with {@code kubectl iotjobs promote} and completes;
 * a bad build exceeds its canary's failure rate, stops there, and the rollback job runs on exactly the devices that
 * ran it, and succeeds on each.
 */
class StagedRolloutIT {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private Path kubeconfig;
  private LocalMode local;

  @BeforeEach
  void start() throws Exception {
    kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    local = new LocalMode(LocalOptions.parse("--devices", "0", "--no-quick-start", "--mqtt-port", "0", "--steps", "1",
        "--step-delay", "20ms", "--kubeconfig", kubeconfig.toString()), new PrintStream(new ByteArrayOutputStream()));
    local.start();
  }

  @AfterEach
  void stop() {
    local.close();
  }

  private IoTJob job(String name) {
    return local.client().resources(IoTJob.class).inNamespace("default").withName(name).get();
  }

  private List<JobExecution> executions(String job) {
    return local.client().resources(JobExecution.class).inNamespace("default")
        .withLabel(Executions.JOB_LABEL, job).list().getItems();
  }

  @Test
  void aThreeWaveRolloutWaitsForItsPromotionByThePluginAndCompletes() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed: the plugin works through it");
    local.apply(EXAMPLES.resolve("staged-rollout"));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      IoTJob job = job("firmware-waves");
      assertThat(job.getStatus().getWaves().get(0).getGate().getPhase()).isEqualTo(WaveStatus.GatePhase.WaitingForPromotion);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(4);
    });
    assertThat(executions("firmware-waves")).as("only the lab devices ran it").hasSize(4)
        .allSatisfy(e -> assertThat(e.getSpec().getThingName()).isIn("staged-01", "staged-02", "staged-03", "staged-04"));
    assertThat(job("firmware-waves").getStatus().getWaves()).extracting(WaveStatus::getTargetCount)
        .containsExactly(4, 4, 32);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new KubectlIotJobs().run(new PrintWriter(out), new PrintWriter(err), "promote", "firmware-waves",
        "-n", "default", "--kubeconfig", kubeconfig.toString());
    assertThat(exit).as(out + " " + err).isZero();
    assertThat(out.toString()).contains("wave lab promoted: the next wave starts now");

    await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
      IoTJob job = job("firmware-waves");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(40);
    });
    IoTJob done = job("firmware-waves");
    assertThat(done.getStatus().getWaves()).allSatisfy(w -> assertThat(w.getGate().getPhase()).isEqualTo(WaveStatus.GatePhase.Passed));
    assertThat(done.getStatus().getWaves().get(1).getGate().getOpensAt()).as("the canary soaked").isNotNull();
  }

  @Test
  void aBadBuildStopsAtItsCanaryAndTheRollbackRestoresExactlyTheDevicesThatRanIt() {
    local.apply(EXAMPLES.resolve("rollback"));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      IoTJob job = job("firmware-rc");
      assertThat(job.getStatus().getStatus()).isEqualTo(JobStatus.CANCELED);
      assertThat(job.getStatus().getReasonCode()).isEqualTo("WAVE_GATE_FAILED");
      assertThat(job.getStatus().getRollbackJob()).isEqualTo("firmware-rc-rollback");
    });
    List<JobExecution> ran = executions("firmware-rc");
    assertThat(ran).as("the rollout stopped inside the canary: the rest never saw the bad build").hasSizeBetween(1, 4)
        .allSatisfy(e -> assertThat(e.getMetadata().getLabels()).containsEntry(Executions.WAVE_LABEL, "canary"));
    Set<ExecutionStatus> didNotRun = Set.of(ExecutionStatus.CANCELED, ExecutionStatus.REJECTED, ExecutionStatus.QUEUED);
    List<String> affected = ran.stream().filter(e -> !didNotRun.contains(Executions.statusOf(e)))
        .map(e -> e.getSpec().getThingName()).sorted().toList();
    assertThat(ran).anySatisfy(e -> assertThat(Executions.statusOf(e)).isEqualTo(ExecutionStatus.FAILED));

    IoTJob rollback = job("firmware-rc-rollback");
    assertThat(rollback.getSpec().getTargets().getThings()).isEqualTo(affected);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      IoTJob done = job("firmware-rc-rollback");
      assertThat(done.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
      assertThat(done.getStatus().getJobProcessDetails().getNumberOfSucceededThings()).isEqualTo(affected.size());
    });
  }
}
