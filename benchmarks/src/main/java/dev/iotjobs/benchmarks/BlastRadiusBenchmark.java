package dev.iotjobs.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.api.model.RollbackSpec;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate;
import dev.iotjobs.device.DeviceBehavior;
import static org.awaitility.Awaitility.await;

import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.local.LocalMode;
import dev.iotjobs.local.LocalOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How many devices run a bad version before a rollout stops: local mode, a real Mosquitto, N simulated devices of
 * which half fail the job after a second's work (its document's simulatedFailRate), and a job that aborts at 10%
 * FAILED after 10 executed: with no rollout rate (abort criteria alone), at a rate, and in waves (a 1% canary that
 * allows no failure, then the rest) with a rollback job. A device ran the version when it started its execution;
 * what was still QUEUED when the rollout stopped is canceled, and what it had not queued yet never is.
 */
final class BlastRadiusBenchmark {
  private static final String JOB = "bad-version";

  private BlastRadiusBenchmark() {}

  /** How the job rolls out. */
  enum Rollout { ABORT_ONLY, PACED, WAVES }

  /**
   * @param ratePerMinute the rollout rate, or null for none
   * @param started executions a device started (it ran the bad version)
   * @param rolledBack devices the rollback job brought back (SUCCEEDED), or null without one
   */
  record Result(int devices, Rollout rollout, Integer ratePerMinute, long started, double secondsToAbort,
      Long rolledBack) {
    double share() {
      return (double) started / devices;
    }
  }

  static Result run(int devices, Rollout rollout, Integer ratePerMinute, String brokerUrl) {
    LocalOptions options;
    try {
      options = LocalOptions.parse("--devices", String.valueOf(devices), "--broker", brokerUrl, "--no-quick-start",
          "--steps", "1", "--step-delay", "1s", "--kubeconfig",
          Files.createTempDirectory("blast").resolve("kubeconfig").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (LocalMode local = new LocalMode(options, new PrintStream(OutputStream.nullOutputStream()))) {
      local.start();
      KubernetesClient client = local.client();
      String namespace = options.namespace();
      client.resource(BenchmarkResources.group(namespace, "blast-fleet", Map.of("simulated", "true"))).create();
      IoTJob job = BenchmarkResources.job(namespace, JOB, null, List.of("blast-fleet"));
      ((ObjectNode) job.getSpec().getDocument()).put(DeviceBehavior.DOCUMENT_FAIL_RATE, 0.5);
      job.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 10, 10));
      if (ratePerMinute != null) {
        RolloutConfig rate = new RolloutConfig();
        rate.setMaximumPerMinute(ratePerMinute.longValue());
        job.getSpec().setJobExecutionsRolloutConfig(rate);
      }
      if (rollout == Rollout.WAVES) {
        job.getSpec().setWaves(List.of(canary(), rest()));
        RollbackSpec rollback = new RollbackSpec();
        rollback.setDocument(new ObjectMapper().createObjectNode().put("operation", "install").put("version", "2.0.0"));
        job.getSpec().setRollback(rollback);
      }
      long start = System.nanoTime();
      client.resource(job).create();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
        IoTJob current = client.resources(IoTJob.class).inNamespace(namespace).withName(JOB).get();
        return current.getStatus() != null && current.getStatus().getStatus() == JobStatus.CANCELED;
      });
      double secondsToAbort = (System.nanoTime() - start) / 1e9;
      // what devices had started finishes (a non-forced cancel lets it); nothing QUEUED starts any more
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> executions(client, namespace)
          .stream().noneMatch(e -> e.getStatus().getStatus() == ExecutionStatus.IN_PROGRESS));
      List<JobExecution> executions = executions(client, namespace);
      long started = executions.stream().filter(e -> e.getStatus().getStartedAt() != null).count();
      Long rolledBack = null;
      String rollbackJob = client.resources(IoTJob.class).inNamespace(namespace).withName(JOB).get().getStatus()
          .getRollbackJob();
      // a canary that happened to pass leaves the abort criteria to stop the rest, and no rollback job
      if (rollbackJob != null) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
          IoTJob back = client.resources(IoTJob.class).inNamespace(namespace).withName(rollbackJob).get();
          return back != null && back.getStatus() != null && back.getStatus().getStatus() == JobStatus.COMPLETED;
        });
        rolledBack = (long) client.resources(IoTJob.class).inNamespace(namespace).withName(rollbackJob).get()
            .getStatus().getJobProcessDetails().getNumberOfSucceededThings();
      }
      return new Result(devices, rollout, ratePerMinute, started, secondsToAbort, rolledBack);
    }
  }

  /** 1% of the fleet, and not one failure allowed. */
  private static Wave canary() {
    WaveGate.FailureLimit none = new WaveGate.FailureLimit();
    none.setFailureType(AbortConfig.AbortFailureType.FAILED);
    none.setMaximumCount(0L);
    WaveGate gate = new WaveGate();
    gate.setMaximumFailures(List.of(none));
    Wave canary = new Wave();
    canary.setName("canary");
    canary.setPercentage(1.0);
    canary.setGate(gate);
    return canary;
  }

  private static Wave rest() {
    Wave rest = new Wave();
    rest.setName("rest");
    return rest;
  }

  private static List<JobExecution> executions(KubernetesClient client, String namespace) {
    return client.resources(JobExecution.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> JOB.equals(e.getSpec().getJobId())).toList();
  }
}
