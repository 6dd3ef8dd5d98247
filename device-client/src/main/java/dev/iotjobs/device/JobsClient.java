package dev.iotjobs.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One device's side of the AWS IoT Jobs MQTT API: get pending, start next, describe, update, and notify /
 * notify-next callbacks. Requests carry a clientToken so each answer completes the right future. Built on the
 * Netty-based HiveMQ client, so thousands of devices share a few threads.
 */
public class JobsClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private final Mqtt3AsyncClient mqtt;
  private final String thingName;
  private final String jobsTopic;
  private final Map<String, CompletableFuture<JobsResponse>> waiting = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong();
  private volatile Consumer<JsonNode> notifyNextListener = m -> { };
  private volatile Consumer<JsonNode> notifyListener = m -> { };
  private volatile Runnable reconnectListener = () -> { };
  private volatile boolean connectedOnce;

  private JobsClient(Mqtt3AsyncClient mqtt, String thingName, String topicRoot) {
    this.mqtt = mqtt;
    this.thingName = thingName;
    this.jobsTopic = topicRoot + thingName + "/jobs";
  }

  /**
   * Connects as the thing (client id and, when a password is given, user name = thing name) and subscribes to its
   * answers and notifications before any request is sent.
   */
  public static CompletableFuture<JobsClient> connect(URI broker, String thingName, String password, String topicRoot) {
    var builder = Mqtt3Client.builder().identifier(thingName).serverHost(broker.getHost())
        .serverPort(broker.getPort() < 0 ? 1883 : broker.getPort()).automaticReconnectWithDefaultConfig();
    java.util.concurrent.atomic.AtomicReference<JobsClient> self = new java.util.concurrent.atomic.AtomicReference<>();
    builder = builder.addConnectedListener(context -> {
      JobsClient connected = self.get();
      if (connected != null && connected.connectedOnce) {
        // a clean session: answers to requests sent before the connection dropped will not come
        connected.waiting.values().forEach(answer -> answer.completeExceptionally(
            new java.io.IOException("the connection dropped before the answer came")));
        connected.reconnectListener.run();
      }
    });
    if (password != null) {
      builder = builder.simpleAuth().username(thingName).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
    }
    Mqtt3AsyncClient mqtt = builder.buildAsync();
    JobsClient client = new JobsClient(mqtt, thingName, topicRoot);
    self.set(client);
    mqtt.publishes(MqttGlobalPublishFilter.SUBSCRIBED, client::received);
    return mqtt.connectWith().cleanSession(true).keepAlive(60).send()
        .thenCompose(ack -> mqtt.subscribe(client.subscriptions()))
        .thenApply(ack -> {
          client.connectedOnce = true;
          return client;
        });
  }

  private Mqtt3Subscribe subscriptions() {
    List<String> filters = List.of(jobsTopic + "/get/+", jobsTopic + "/start-next/+", jobsTopic + "/+/get/+",
        jobsTopic + "/+/update/+", jobsTopic + "/notify", jobsTopic + "/notify-next");
    return Mqtt3Subscribe.builder().addSubscriptions(filters.stream().map(f ->
        Mqtt3Subscription.builder().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).build())).build();
  }

  public String thingName() {
    return thingName;
  }

  public void onNotifyNext(Consumer<JsonNode> listener) {
    this.notifyNextListener = listener;
  }

  /** Runs after every automatic reconnect (not the first connect), as an agent that asks again on connect does. */
  public void onReconnect(Runnable listener) {
    this.reconnectListener = listener;
  }

  public void onNotify(Consumer<JsonNode> listener) {
    this.notifyListener = listener;
  }

  public CompletableFuture<JobsResponse> getPending() {
    return request(jobsTopic + "/get", JSON.createObjectNode());
  }

  public CompletableFuture<JobsResponse> startNext(Map<String, String> statusDetails, Long stepTimeoutInMinutes) {
    ObjectNode body = JSON.createObjectNode();
    if (statusDetails != null) {
      body.set("statusDetails", JSON.valueToTree(statusDetails));
    }
    if (stepTimeoutInMinutes != null) {
      body.put("stepTimeoutInMinutes", stepTimeoutInMinutes);
    }
    return request(jobsTopic + "/start-next", body);
  }

  public CompletableFuture<JobsResponse> describe(String jobId, boolean includeJobDocument) {
    ObjectNode body = JSON.createObjectNode();
    body.put("includeJobDocument", includeJobDocument);
    return request(jobsTopic + "/" + jobId + "/get", body);
  }

  /** Reports progress or an outcome; expectedVersion may be null. */
  public CompletableFuture<JobsResponse> update(String jobId, String status, Map<String, String> statusDetails,
      Long expectedVersion) {
    ObjectNode body = JSON.createObjectNode();
    body.put("status", status);
    if (statusDetails != null) {
      body.set("statusDetails", JSON.valueToTree(statusDetails));
    }
    if (expectedVersion != null) {
      body.put("expectedVersion", expectedVersion);
    }
    return request(jobsTopic + "/" + jobId + "/update", body);
  }

  /** Sends any body to any jobs topic of this thing and waits for the answer: for tests of odd requests. */
  public CompletableFuture<JobsResponse> request(String topic, ObjectNode body) {
    String token = thingName + "-" + tokens.incrementAndGet();
    body.put("clientToken", token);
    return send(topic, body.toString().getBytes(StandardCharsets.UTF_8), token);
  }

  /** Sends raw bytes; the answer is matched by the given token (which the payload should carry, if it can). */
  public CompletableFuture<JobsResponse> send(String topic, byte[] payload, String token) {
    CompletableFuture<JobsResponse> answer = new CompletableFuture<>();
    waiting.put(token, answer);
    mqtt.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
        .whenComplete((ack, error) -> {
          if (error != null) {
            waiting.remove(token);
            answer.completeExceptionally(error);
          }
        });
    return answer.orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> waiting.remove(token));
  }

  private void received(Mqtt3Publish publish) {
    String topic = publish.getTopic().toString();
    JsonNode body;
    try {
      body = JSON.readTree(publish.getPayloadAsBytes());
    } catch (IOException e) {
      return;
    }
    if (topic.endsWith("/notify-next")) {
      notifyNextListener.accept(body);
    } else if (topic.endsWith("/notify")) {
      notifyListener.accept(body);
    } else if (topic.endsWith("/accepted") || topic.endsWith("/rejected")) {
      JsonNode token = body.get("clientToken");
      CompletableFuture<JobsResponse> answer = token == null ? null : waiting.remove(token.asText());
      if (answer != null) {
        answer.complete(new JobsResponse(topic.endsWith("/accepted"), body));
      }
    }
  }

  @Override
  public void close() {
    mqtt.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

}
