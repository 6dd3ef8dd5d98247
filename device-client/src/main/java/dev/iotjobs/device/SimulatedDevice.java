package dev.iotjobs.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device agent as the AWS reference agents behave: on start and on every notify-next it calls start-next, works
 * through the execution in steps (IN_PROGRESS with statusDetails), reports the outcome, and asks for the next one
 * until nothing is pending. One execution at a time.
 */
public class SimulatedDevice {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);
  private final JobsClient client;
  private final DeviceBehavior behavior;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean askAgain = new AtomicBoolean();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger unanswered = new AtomicInteger();
  private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(1);

  public SimulatedDevice(JobsClient client, DeviceBehavior behavior, ScheduledExecutorService timer) {
    this.client = client;
    this.behavior = behavior;
    this.timer = timer;
    client.onNotifyNext(message -> {
      if (message.has("execution")) {
        work();
      }
    });
    // as the AWS agents do: after a reconnect, ask again (answers and notifications may have been lost meanwhile)
    client.onReconnect(this::work);
  }

  public String thingName() {
    return client.thingName();
  }

  /** Requests this device gave up waiting for (and then asked again). */
  public int unanswered() {
    return unanswered.get();
  }

  /** Executions this device has brought to an outcome. */
  public int finished() {
    return finished.get();
  }

  /** Asks for pending work: at start-up and whenever the next execution changes. */
  public void work() {
    if (!busy.compareAndSet(false, true)) {
      askAgain.set(true);
      return;
    }
    askAgain.set(false);
    client.startNext(Map.of("step", "0"), null).thenCompose(this::run).whenComplete((more, error) -> {
      busy.set(false);
      if (error != null) {
        // an answer that did not come (a lost connection, a bridge too busy to answer in time): as agents do, ask
        // again a little later; an execution started meanwhile comes back from start-next as IN_PROGRESS
        LOG.debug("{}: {}", client.thingName(), error.toString());
        unanswered.incrementAndGet();
        timer.schedule(this::work, RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
      } else if (Boolean.TRUE.equals(more) || askAgain.get()) {
        work();
      }
    });
  }

  /** Runs one execution; completes with whether to ask for the next one right away. */
  private CompletableFuture<Boolean> run(JobsResponse response) {
    JsonNode execution = response.accepted() ? response.execution() : null;
    if (execution == null) {
      return CompletableFuture.completedFuture(false);
    }
    String jobId = execution.get("jobId").asText();
    long executionNumber = execution.get("executionNumber").asLong();
    // a document may say how often it fails on simulated devices: a "bad version" for demos and staged-rollout tests
    JsonNode failRate = execution.path("jobDocument").path(DeviceBehavior.DOCUMENT_FAIL_RATE);
    DeviceBehavior forJob = failRate.isNumber() ? behavior.withFailRate(failRate.asDouble()) : behavior;
    DeviceBehavior.Outcome outcome = forJob.outcomeFor(client.thingName(), jobId, executionNumber);
    if (outcome == DeviceBehavior.Outcome.HANG) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<JobsResponse> steps = CompletableFuture.completedFuture(response);
    for (int step = 1; step < behavior.steps(); step++) {
      String stepName = String.valueOf(step);
      steps = steps.thenCompose(r -> later(() -> client.update(jobId, "IN_PROGRESS", Map.of("step", stepName), null)));
    }
    String status = switch (outcome) {
      case FAIL -> "FAILED";
      case REJECT -> "REJECTED";
      default -> "SUCCEEDED";
    };
    return steps.thenCompose(r -> later(() -> client.update(jobId, status, Map.of("step", "done"), null)))
        .thenApply(r -> {
          if (r.accepted()) {
            finished.incrementAndGet();
          }
          return true;
        });
  }

  private CompletableFuture<JobsResponse> later(java.util.function.Supplier<CompletableFuture<JobsResponse>> action) {
    long delay = behavior.stepDelay().toMillis();
    if (delay <= 0) {
      return action.get();
    }
    CompletableFuture<JobsResponse> result = new CompletableFuture<>();
    timer.schedule(() -> action.get().whenComplete((r, e) -> {
      if (e != null) {
        result.completeExceptionally(e);
      } else {
        result.complete(r);
      }
    }), delay, TimeUnit.MILLISECONDS);
    return result;
  }
}
