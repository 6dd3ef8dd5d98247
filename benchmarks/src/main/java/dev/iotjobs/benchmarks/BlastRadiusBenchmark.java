package dev.iotjobs.benchmarks;

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
 * which half fail the job after a second's work, and a job that aborts at 10% FAILED after 10 executed; once with
 * no rollout rate (abort criteria alone) and once at a rate. A device ran the version when it started its execution;
 * what was still QUEUED when the abort fired is canceled, and what the rate had not queued yet never is.
 */
final class BlastRadiusBenchmark {
  private static final String JOB = "bad-version";

  private BlastRadiusBenchmark() {}

  /**
   * @param ratePerMinute the rollout rate, or null for none
   * @param started executions a device started (it ran the bad version)
   */
  record Result(int devices, Integer ratePerMinute, long started, double secondsToAbort) {
    double share() {
      return (double) started / devices;
    }
  }

  static Result run(int devices, Integer ratePerMinute, String brokerUrl) {
    LocalOptions options;
    try {
      options = LocalOptions.parse("--devices", String.valueOf(devices), "--broker", brokerUrl, "--no-quick-start",
          "--fail-rate", "0.5", "--steps", "1", "--step-delay", "1s", "--kubeconfig",
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
      job.getSpec().setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 10, 10));
      if (ratePerMinute != null) {
        RolloutConfig rollout = new RolloutConfig();
        rollout.setMaximumPerMinute(ratePerMinute.longValue());
        job.getSpec().setJobExecutionsRolloutConfig(rollout);
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
      return new Result(devices, ratePerMinute, started, secondsToAbort);
    }
  }

  private static List<JobExecution> executions(KubernetesClient client, String namespace) {
    return client.resources(JobExecution.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> JOB.equals(e.getSpec().getJobId())).toList();
  }
}
