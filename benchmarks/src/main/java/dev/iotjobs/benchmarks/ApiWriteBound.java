package dev.iotjobs.benchmarks;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.DeviceUpdate;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * The most executions per second an API server can take when each costs the three writes an execution needs
 * (create, start, finish), measured on that server: writers with nothing else to do, the same object shapes, and two
 * JobExecution watchers as the operator and the bridge hold, so the server pays the same fan-out per write.
 */
final class ApiWriteBound {
  static final String NAMESPACE = "api-write-bound";
  private static final int WRITERS = 8;

  private ApiWriteBound() {}

  record Bound(int executions, double seconds) {
    double executionsPerSecond() {
      return executions / seconds;
    }

    double writesPerSecond() {
      return 3 * executionsPerSecond();
    }
  }

  static Bound measure(EmbeddedKubernetes api, int executions) {
    KubernetesClient client = api.client();
    List<SharedIndexInformer<JobExecution>> watchers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      watchers.add(client.resources(JobExecution.class).inAnyNamespace().inform());
    }
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      run(client, writers, "warm-up", Math.max(50, executions / 10));
      long start = System.nanoTime();
      run(client, writers, "bound", executions);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Bound(executions, seconds);
    } finally {
      writers.shutdownNow();
      watchers.forEach(SharedIndexInformer::close);
      // leave the store as it was, so the run that follows pays for the same number of objects
      client.resources(JobExecution.class).inNamespace(NAMESPACE).delete();
    }
  }

  private static void run(KubernetesClient client, ExecutorService writers, String job, int executions) {
    CompletableFuture.allOf(IntStream.range(0, executions)
        .mapToObj(i -> CompletableFuture.runAsync(() -> createStartFinish(client, job, String.format("bound-%06d", i)), writers))
        .toArray(CompletableFuture[]::new)).join();
  }

  private static void createStartFinish(KubernetesClient client, String job, String thing) {
    JobExecution execution = BenchmarkResources.execution(NAMESPACE, job, thing);
    execution.getMetadata().setAnnotations(Map.of(Executions.QUEUED_AT_ANNOTATION, Times.formatPrecise(Instant.now())));
    JobExecution stored = client.resource(execution).create();
    for (ExecutionStatus next : List.of(ExecutionStatus.IN_PROGRESS, ExecutionStatus.SUCCEEDED)) {
      stored.setStatus(ExecutionStateMachine.deviceUpdate(Executions.effectiveStatus(stored),
          new DeviceUpdate(next, Map.of("step", next.name()), null, null), null, Instant.now()).next());
      stored = client.resource(stored).updateStatus();
    }
  }
}
