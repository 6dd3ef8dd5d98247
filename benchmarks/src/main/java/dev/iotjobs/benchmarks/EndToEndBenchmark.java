package dev.iotjobs.benchmarks;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.embedded.ApiWrites;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import dev.iotjobs.local.LocalMode;
import dev.iotjobs.local.LocalOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Local mode end to end: the embedded API, a real Mosquitto, the operator, the bridge and N simulated devices
 * answering over MQTT; one job for every device, no rollout limit. Before the system starts, the API-write bound is
 * measured on the same API server (same Things stored), so the run can be given as a ratio to it.
 */
final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  record Result(int devices, double seconds, long executionWrites, long jobStatusWrites, long allWrites,
      ApiWriteBound.Bound bound, Map<String, Long> writes, Map<String, Long> readsAndRefusals,
      double writeBusySeconds) {
    double executionsPerSecond() {
      return devices / seconds;
    }

    double executionWritesPerExecution() {
      return (double) executionWrites / devices;
    }

    double allWritesPerExecution() {
      return (double) allWrites / devices;
    }

    double ratioToBound() {
      return executionsPerSecond() / bound.executionsPerSecond();
    }
  }

  static Result run(int devices, String brokerUrl) {
    LocalOptions options;
    try {
      options = LocalOptions.parse("--devices", String.valueOf(devices), "--broker", brokerUrl, "--no-quick-start",
          "--steps", "1", "--step-delay", "0ms", "--kubeconfig",
          Files.createTempDirectory("e2e").resolve("kubeconfig").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (LocalMode local = new LocalMode(options, new PrintStream(OutputStream.nullOutputStream()))) {
      EmbeddedKubernetes api = local.startApi();
      ApiWriteBound.Bound bound = ApiWriteBound.measure(api, devices);
      local.startSystem();
      KubernetesClient client = local.client();
      client.resource(BenchmarkResources.group(options.namespace(), "e2e-fleet", Map.of("simulated", "true"))).create();
      api.writes().reset();
      long start = System.nanoTime();
      CountDownLatch completed = new CountDownLatch(1);
      try (Watch watch = client.resources(IoTJob.class).inNamespace(options.namespace()).withName("e2e")
          .watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, IoTJob job) {
              if (job.getStatus() != null && job.getStatus().getStatus() == JobStatus.COMPLETED) {
                completed.countDown();
              }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
          })) {
        client.resource(BenchmarkResources.job(options.namespace(), "e2e", null, List.of("e2e-fleet"))).create();
        if (!completed.await(5, TimeUnit.MINUTES)) {
          IoTJob stuck = client.resources(IoTJob.class).inNamespace(options.namespace()).withName("e2e").get();
          throw new IllegalStateException("the job did not complete within 5 minutes: " + stuck.getStatus());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ApiWrites writes = api.writes();
      IoTJob done = client.resources(IoTJob.class).inNamespace(options.namespace()).withName("e2e").get();
      int succeeded = done.getStatus().getJobProcessDetails().getNumberOfSucceededThings();
      if (succeeded != devices) {
        throw new IllegalStateException("COMPLETED with " + succeeded + " of " + devices + " SUCCEEDED");
      }
      return new Result(devices, seconds, writes.of("jobexecutions") + writes.of("jobexecutions/status"),
          writes.of("iotjobs/status"), writes.total(), bound, writes.snapshot(), writes.readsAndRefusals(), writes.busySeconds());
    }
  }


}
