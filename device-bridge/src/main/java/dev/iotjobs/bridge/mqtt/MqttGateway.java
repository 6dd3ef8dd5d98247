package dev.iotjobs.bridge.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.protocol.Payloads;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import io.reactivex.schedulers.Schedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one MQTT connection (HiveMQ client on Netty, MQTT 3.1.1): a persistent session with QoS 1
 * subscriptions, so requests sent while the bridge was away wait at the broker; automatic reconnect that subscribes
 * again and tells the bridge, so it can re-announce what devices may have missed; requests handed to worker threads
 * partitioned by thing, so one slow device never stalls the others, and acknowledged only once answered.
 *
 * <p>Not Paho: Paho 1.2.5's receive thread dies on a topic with a character above U+FFFF (its UTF-8 check rejects
 * surrogate pairs), so one device publish could silence the bridge for good. Netty sockets have Nagle off by default.
 */
public class MqttGateway implements Publisher, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  private static final long CONNECT_TIMEOUT_SECONDS = 30;
  private final BridgeSettings settings;
  private final String markerPrefix;
  private final Mqtt3AsyncClient client;
  private final List<ExecutorService> workers = new ArrayList<>();
  private final ExecutorService connections = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "mqtt-connected");
    thread.setDaemon(true);
    return thread;
  });
  private volatile RequestHandler requestHandler = (worker, topic, payload, arrived) -> { };
  private volatile Consumer<String> markerListener = marker -> { };
  private volatile java.util.function.BiConsumer<String, byte[]> presenceListener = (topic, payload) -> { };
  private volatile Consumer<Boolean> connectedListener = sessionKept -> { };
  private volatile boolean answersDropped;
  private volatile boolean everConnected;
  private volatile boolean closing;

  public MqttGateway(BridgeSettings settings) {
    this.settings = settings;
    this.markerPrefix = settings.topicRoot() + "$bridge/jobs/marker/";
    this.client = builder(settings)
        .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
        .applyAutomaticReconnect()
        // messages are dispatched and futures complete on the client's event loop, not through a scheduler thread (a
        // wake-up in the kernel for each message): dispatch only hands requests to the workers, and what depends on
        // the futures only logs or hands over
        .executorConfig().applicationScheduler(Schedulers.from(Runnable::run)).applyExecutorConfig()
        .addConnectedListener(context -> connected(context instanceof Mqtt3ClientConnectedContext mqtt3
            && mqtt3.getConnAck().isSessionPresent()))
        .addDisconnectedListener(context -> {
          if (!everConnected || closing) {
            // the first connect fails at once with its reason (a wrong address or certificate is not retried), and
            // our own disconnect is no loss to recover from
            context.getReconnector().reconnect(false);
          } else {
            LOG.warn("mqtt disconnected, reconnecting error=\"{}\"", context.getCause().getMessage());
          }
        })
        .buildAsync();
    for (int i = 0; i < settings.workers(); i++) {
      int n = i;
      workers.add(Executors.newSingleThreadExecutor(r -> new Thread(r, "device-requests-" + n)));
    }
  }

  private static Mqtt3ClientBuilder builder(BridgeSettings settings) {
    URI url = URI.create(settings.brokerUrl());
    boolean tls = "ssl".equals(url.getScheme()) || "mqtts".equals(url.getScheme());
    if (url.getHost() == null || !(tls || "tcp".equals(url.getScheme()) || "mqtt".equals(url.getScheme()))) {
      throw new IllegalArgumentException("bad MQTT broker URL " + settings.brokerUrl() + ": use tcp://host:port or"
          + " ssl://host:port");
    }
    Mqtt3ClientBuilder builder = Mqtt3Client.builder().identifier(settings.clientId()).serverHost(url.getHost())
        .serverPort(url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883);
    if (tls || settings.caFile() != null || settings.certFile() != null) {
      TlsContexts.Managers managers = TlsContexts.fromPem(settings.caFile(), settings.certFile(), settings.keyFile());
      builder = builder.sslConfig(MqttClientSslConfig.builder().trustManagerFactory(managers.trust())
          .keyManagerFactory(managers.keys()).build());
    }
    if (settings.username() != null) {
      var auth = builder.simpleAuth().username(settings.username());
      if (settings.password() != null) {
        auth = auth.password(settings.password().getBytes(StandardCharsets.UTF_8));
      }
      builder = auth.applySimpleAuth();
    }
    return builder;
  }

  /**
   * Everything under each thing's jobs/: every request, and every malformed topic, which gets InvalidTopic as on AWS.
   * Our own answers and notifications come back through it too and are dropped unanswered (MQTT 3.1.1 has no
   * no-local subscriptions).
   */
  public List<String> subscriptions() {
    List<String> filters = new ArrayList<>(List.of(settings.topicRoot() + "+/jobs/#"));
    settings.presenceEvents().stream().map(source -> source.topicFilter).sorted().forEach(filters::add);
    return filters;
  }

  /**
   * Presence messages ({@link dev.iotjobs.bridge.protocol.PresenceEvent}) are handed over on the client's own thread,
   * in the order they arrive, and must be quick.
   */
  public void onPresence(java.util.function.BiConsumer<String, byte[]> listener) {
    this.presenceListener = listener;
  }

  /**
   * Gets every message under the subscriptions on the worker thread that serves its thing, with when it arrived
   * ({@link System#nanoTime()}): time waiting for a worker is part of a device's wait.
   */
  @FunctionalInterface
  public interface RequestHandler {
    void handle(int worker, String topic, byte[] payload, long arrivedNanos);
  }

  /**
   * Answers that come back through the wide subscription (ours, or anything in their shape) are acknowledged as they
   * arrive and never reach a worker: for a bridge with no one else's answers to witness (no replicas).
   */
  public void dropAnswersOnArrival() {
    this.answersDropped = true;
  }

  /**
   * Replicas' markers: {@code <root>$bridge/jobs/marker/<id>}. No thing can be named {@code $bridge}, and a marker
   * reaches every replica after everything its sender published before it, which is what a handover waits for.
   */
  public String markerTopic(String id) {
    return markerPrefix + id;
  }

  /** Markers are handed over on the client's own thread, in the order messages arrive, before any worker sees later ones. */
  public void onMarker(Consumer<String> listener) {
    this.markerListener = listener;
  }

  /**
   * Runs the task on every worker thread, after everything queued there before; the future completes when all
   * have run it: what a replica uses to change which things it answers without racing requests in flight.
   */
  public CompletableFuture<Void> onEveryWorker(java.util.function.IntConsumer task) {
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      int worker = i;
      runs.add(CompletableFuture.runAsync(() -> task.accept(worker), workers.get(i)));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new));
  }

  /**
   * Connects and subscribes; the handler gets (worker, topic, payload) for every message on a worker thread, and
   * {@code onConnected} runs after every connect and reconnect, once the subscriptions are in place, with whether the
   * broker kept our session (and so the requests devices sent meanwhile).
   */
  public void start(RequestHandler handler, Consumer<Boolean> onConnected) {
    this.requestHandler = handler;
    this.connectedListener = onConnected;
    // ALL, not SUBSCRIBED: requests queued in our session while we were away arrive before this client subscribes
    client.publishes(MqttGlobalPublishFilter.ALL, this::dispatch, true);
    try {
      client.connectWith().cleanSession(false).keepAlive(30).send().get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      client.disconnect();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot connect to MQTT broker " + settings.brokerUrl() + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + settings.brokerUrl(), e);
    }
  }

  /** On the client's event loop: subscribe (again: a broker that lost our session has no subscriptions), then tell. */
  private void connected(boolean sessionKept) {
    everConnected = true;
    LOG.info("mqtt connected broker={} sessionKept={}", settings.brokerUrl(), sessionKept);
    Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder().addSubscriptions(subscriptions().stream().map(filter ->
        Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).build())).build();
    // the bridge's answer to a connect (re-announcing, a replica's handover) waits for the broker: off the event loop
    client.subscribe(subscribe).whenCompleteAsync((ack, error) -> {
      if (error != null) {
        LOG.error("could not subscribe to {}: {}", subscriptions(), error.toString());
      } else {
        connectedListener.accept(sessionKept);
      }
    }, connections);
  }

  private void dispatch(Mqtt3Publish message) {
    String topic = message.getTopic().toString();
    if (topic.startsWith(markerPrefix)) {
      markerListener.accept(topic.substring(markerPrefix.length()));
      message.acknowledge();
      return;
    }
    if (dev.iotjobs.bridge.protocol.PresenceEvent.isPresenceTopic(topic)) {
      try {
        presenceListener.accept(topic, message.getPayloadAsBytes());
      } catch (RuntimeException e) {
        LOG.warn("presence event dropped topic={} error=\"{}\"", topic, e.toString());
      }
      message.acknowledge();
      return;
    }
    if (answersDropped && dev.iotjobs.bridge.protocol.Topic.isAnswer(settings.topicRoot(), topic)) {
      message.acknowledge();
      return;
    }
    int worker = partition(topic);
    long arrived = System.nanoTime();
    try {
      workers.get(worker).execute(() -> {
        try {
          requestHandler.handle(worker, topic, message.getPayloadAsBytes(), arrived);
        } catch (RuntimeException e) {
          LOG.warn("request dropped topic={} error=\"{}\"", topic, e.toString());
        } finally {
          message.acknowledge();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: left unacknowledged, so the broker hands it to the next session of this bridge
      LOG.debug("not taken while closing topic={}", topic);
    }
  }

  /** Requests of one thing go to one worker, in order. */
  private int partition(String topic) {
    String rest = topic.startsWith(settings.topicRoot()) ? topic.substring(settings.topicRoot().length()) : topic;
    int slash = rest.indexOf('/');
    String thing = slash < 0 ? rest : rest.substring(0, slash);
    return Math.floorMod(thing.hashCode(), workers.size());
  }

  /** QoS 1; the future completes when the broker has the message, and fails when it could not be handed over. */
  @Override
  public CompletableFuture<Void> publish(String topic, ObjectNode payload) {
    byte[] bytes;
    try {
      bytes = Payloads.JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes).send()
        .<Void>thenApply(sent -> null)
        .whenComplete((ok, error) -> {
          if (error != null) {
            LOG.warn("publish failed topic={} error=\"{}\"", topic, error.toString());
          }
        });
  }

  public boolean isConnected() {
    return client.getState() == MqttClientState.CONNECTED;
  }

  /** Stops taking requests first, then lets the workers finish the ones taken (unanswered ones come back later). */
  @Override
  public void close() {
    closing = true;
    try {
      client.disconnect().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("close: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.shutdown();
    workers.forEach(ExecutorService::shutdown);
    for (ExecutorService worker : workers) {
      try {
        worker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
