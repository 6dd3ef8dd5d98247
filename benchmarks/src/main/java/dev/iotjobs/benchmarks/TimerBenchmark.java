package dev.iotjobs.benchmarks;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.DeviceUpdate;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.TimeoutConfig;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * In-progress timeouts at scale: the operator queues N executions of a job with a 1-minute in-progress timeout,
 * every execution is started as the bridge would start it (deadline = start + 1 min, to the millisecond), and a
 * watcher notes when each TIMED_OUT arrives. Lateness = arrival - deadline: what a device or a user would see.
 */
final class TimerBenchmark {
  private static final String NS = "timers";
  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final Map<String, String> FLEET_LABELS = Map.of("fleet", "timers");
  private static final int STARTERS = 4;
  /**
   * Devices start at this pace, so deadlines fall due at it too: well inside what the API takes, so that lateness
   * measures the timers, not a write backlog (started all at once, timeouts would queue behind the API's write rate).
   */
  static final int STARTS_PER_SECOND = 200;

  private TimerBenchmark() {}

  record Result(int executions, double setupSeconds, double startSeconds, Latencies lateness) {}

  static Result run(int executions) throws InterruptedException {
    try (EmbeddedKubernetes api = new EmbeddedKubernetes();
        IoTJobsOperator operator = new IoTJobsOperator(api.newClient(), OperatorSettings.defaults(), Clock.systemUTC())) {
      KubernetesClient client = api.client();
      long setup = System.nanoTime();
      operator.start();
      IntStream.range(0, executions).parallel().forEach(i -> client.resource(BenchmarkResources.thing(NS, String.format("t-%06d", i), FLEET_LABELS)).create());
      client.resource(BenchmarkResources.group(NS, "timer-fleet", FLEET_LABELS)).create();
      client.resource(job()).create();

      Queue<Long> lateness = new ConcurrentLinkedQueue<>();
      CountDownLatch timedOut = new CountDownLatch(executions);
      CountDownLatch queued = new CountDownLatch(executions);
      SharedIndexInformer<JobExecution> watcher = client.resources(JobExecution.class).inNamespace(NS)
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(JobExecution execution) {
              queued.countDown();
            }

            @Override
            public void onUpdate(JobExecution before, JobExecution after) {
              long arrived = System.currentTimeMillis();
              if (Executions.statusOf(after) == ExecutionStatus.TIMED_OUT && Executions.statusOf(before) != ExecutionStatus.TIMED_OUT) {
                Instant deadline = Times.parse(before.getStatus().getTimeoutAt());
                lateness.add((arrived - deadline.toEpochMilli()) * 1_000_000L);
                timedOut.countDown();
              }
            }

            @Override
            public void onDelete(JobExecution execution, boolean unknown) {
            }
          });
      try {
        if (!queued.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException((executions - queued.getCount()) + " of " + executions + " queued");
        }
        long start = System.nanoTime();
        double setupSeconds = (start - setup) / 1e9;
        startAll(client, watcher.getStore().list());
        double startSeconds = (System.nanoTime() - start) / 1e9;
        if (!timedOut.await(TIMEOUT.toSeconds() + 600, TimeUnit.SECONDS)) {
          throw new IllegalStateException((executions - timedOut.getCount()) + " of " + executions + " timed out");
        }
        return new Result(executions, setupSeconds, startSeconds, Latencies.ofNanos(lateness));
      } finally {
        watcher.close();
      }
    }
  }

  /** What the bridge writes when a device starts an execution of a job with an in-progress timeout, paced. */
  private static void startAll(KubernetesClient client, List<JobExecution> executions) {
    ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
    RateLimiter pace = new RateLimiter(STARTS_PER_SECOND);
    try {
      CompletableFuture.allOf(executions.stream().map(execution -> CompletableFuture.runAsync(() -> {
        pace.acquire();
        JobExecutionStatus started = ExecutionStateMachine.deviceUpdate(Executions.effectiveStatus(execution),
            new DeviceUpdate(ExecutionStatus.IN_PROGRESS, Map.of("step", "installing"), null, null), TIMEOUT,
            Instant.now()).next();
        JobExecution copy = client.getKubernetesSerialization().clone(execution);
        copy.setStatus(started);
        client.resource(copy).updateStatus();
      }, starters)).toArray(CompletableFuture[]::new)).join();
    } finally {
      starters.shutdownNow();
    }
  }

  /** Hands out permits at a fixed rate to whichever thread asks; no bursts. */
  private static final class RateLimiter {
    private final long intervalNanos;
    private long next = System.nanoTime();

    RateLimiter(int perSecond) {
      this.intervalNanos = 1_000_000_000L / perSecond;
    }

    void acquire() {
      long slot;
      synchronized (this) {
        slot = next;
        next += intervalNanos;
      }
      long wait;
      while ((wait = slot - System.nanoTime()) > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
    }
  }



  private static IoTJob job() {
    IoTJob job = BenchmarkResources.job(NS, "timeouts", null, List.of("timer-fleet"));
    TimeoutConfig timeout = new TimeoutConfig();
    timeout.setInProgressTimeoutInMinutes(TIMEOUT.toMinutes());
    job.getSpec().setTimeoutConfig(timeout);
    return job;
  }
}
