package dev.iotjobs.local;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import software.amazon.awssdk.crt.io.ClientBootstrap;
import software.amazon.awssdk.crt.mqtt.MqttClient;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttConnectionConfig;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.iotjobs.IotJobsClient;
import software.amazon.awssdk.iot.iotjobs.model.JobExecutionData;
import software.amazon.awssdk.iot.iotjobs.model.JobStatus;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.RejectedError;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionSubscriptionRequest;

/**
 * A device agent written against the official AWS IoT Device SDK v2 for Java (IotJobsClient over a CRT MQTT 3.1.1
 * connection), as AWS's jobs sample works: subscribe to notify-next and to the start-next and update answers, ask
 * start-next, do the job, report SUCCEEDED or FAILED with the version it was given, ask again. After a reconnect
 * without a session it subscribes again and asks again, as a real agent must.
 */
final class SdkJobsAgent implements AutoCloseable {
  private static final QualityOfService QOS = QualityOfService.AT_LEAST_ONCE;
  private final String thing;
  private final MqttClient client;
  private final MqttClientConnection connection;
  private final IotJobsClient jobs;
  /** Whether this attempt (job and executionNumber) fails; the attempt number starts at 1. */
  private final BiPredicate<String, Integer> fails;
  /** The first message of each rejection code the agent got. */
  private final Map<String, String> rejections = new ConcurrentHashMap<>();
  /** Completes once the agent is subscribed, on its first connection or, if that dropped, after a reconnect. */
  private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
  private final AtomicInteger resumes = new AtomicInteger();

  SdkJobsAgent(ClientBootstrap bootstrap, String host, int port, String thing, BiPredicate<String, Integer> fails) {
    this.thing = thing;
    this.fails = fails;
    this.client = new MqttClient(bootstrap);
    try (MqttConnectionConfig config = new MqttConnectionConfig()) {
      config.setMqttClient(client);
      config.setClientId(thing);
      config.setEndpoint(host);
      config.setPort(port);
      config.setCleanSession(true);
      config.setKeepAliveSecs(30);
      config.setConnectionCallbacks(new MqttClientConnectionEvents() {
        @Override
        public void onConnectionInterrupted(int errorCode) {
          // the CRT reconnects by itself
        }

        @Override
        public void onConnectionResumed(boolean sessionPresent) {
          resumes.incrementAndGet();
          (sessionPresent ? CompletableFuture.<Void>completedFuture(null) : subscribe()).thenRun(SdkJobsAgent.this::startNext);
        }
      });
      this.connection = new MqttClientConnection(config);
    }
    this.jobs = new IotJobsClient(connection);
  }

  /**
   * Connects, subscribes and asks for the next execution; completes once subscribed. A subscription the broker's
   * dropping the connection cancels (AWS_ERROR_MQTT_CANCELLED_FOR_CLEAN_SESSION) is made again on the reconnect.
   */
  CompletableFuture<Void> start() {
    connection.connect().thenCompose(sessionPresent -> subscribe()).thenRun(this::startNext);
    return subscribed;
  }

  /** Reconnections the CRT made after the broker dropped this agent. */
  int resumes() {
    return resumes.get();
  }

  private CompletableFuture<Void> subscribe() {
    return subscribeAll().whenComplete((done, failure) -> {
      if (failure == null) {
        subscribed.complete(null);
      }
    });
  }

  private CompletableFuture<Void> subscribeAll() {
    NextJobExecutionChangedSubscriptionRequest notifyNext = new NextJobExecutionChangedSubscriptionRequest();
    notifyNext.thingName = thing;
    StartNextPendingJobExecutionSubscriptionRequest startNext = new StartNextPendingJobExecutionSubscriptionRequest();
    startNext.thingName = thing;
    UpdateJobExecutionSubscriptionRequest update = new UpdateJobExecutionSubscriptionRequest();
    update.thingName = thing;
    update.jobId = "+";
    return CompletableFuture.allOf(
        jobs.SubscribeToNextJobExecutionChangedEvents(notifyNext, QOS, event -> {
          if (event.execution != null) {
            startNext();
          }
        }),
        jobs.SubscribeToStartNextPendingJobExecutionAccepted(startNext, QOS, response -> {
          if (response.execution != null) {
            work(response.execution);
          }
        }),
        jobs.SubscribeToStartNextPendingJobExecutionRejected(startNext, QOS, this::rejected),
        jobs.SubscribeToUpdateJobExecutionAccepted(update, QOS, response -> startNext()),
        jobs.SubscribeToUpdateJobExecutionRejected(update, QOS, error -> {
          rejected(error);
          startNext();
        }));
  }

  private void rejected(RejectedError error) {
    rejections.putIfAbsent(String.valueOf(error.code), error.message);
  }

  private void startNext() {
    StartNextPendingJobExecutionRequest request = new StartNextPendingJobExecutionRequest();
    request.thingName = thing;
    request.clientToken = UUID.randomUUID().toString();
    jobs.PublishStartNextPendingJobExecution(request, QOS);
  }

  /**
   * The attempt is the execution's executionNumber (1, then one more per retry), as AWS numbers them. Counting the
   * distinct queuedAt times instead failed in CI: they come in whole seconds, and a retry queued within the second of
   * the first attempt was taken for the first again and failed again, for good.
   */
  private void work(JobExecutionData execution) {
    int attempt = execution.executionNumber == null ? 1 : execution.executionNumber.intValue();
    UpdateJobExecutionRequest update = new UpdateJobExecutionRequest();
    update.thingName = thing;
    update.jobId = execution.jobId;
    update.status = fails.test(execution.jobId, attempt) ? JobStatus.FAILED : JobStatus.SUCCEEDED;
    update.expectedVersion = execution.versionNumber;
    update.executionNumber = execution.executionNumber;
    update.clientToken = UUID.randomUUID().toString();
    update.statusDetails = new HashMap<>(Map.of("agent", "aws-iot-device-sdk-java-v2", "attempt", String.valueOf(attempt)));
    jobs.PublishUpdateJobExecution(update, QOS);
  }

  /**
   * The rejections by error code, each with its first message (a duplicate start-next after a notification is
   * VersionMismatch, harmlessly).
   */
  Map<String, String> rejections() {
    return Map.copyOf(rejections);
  }

  @Override
  public void close() {
    try {
      connection.disconnect().get(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    connection.close();
    client.close();
  }
}
