package dev.iotjobs.bridge.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import io.reactivex.schedulers.Schedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one MQTT connection (HiveMQ client on Netty; MQTT 5, or 3.1.1 where the broker has no MQTT 5:
 * {@link MqttProtocol}): a persistent session with QoS 1 subscriptions, so requests sent while the bridge was away
 * wait at the broker; automatic reconnect that subscribes again and tells the bridge, so it can re-announce what
 * devices may have missed; requests handed to worker threads partitioned by thing, so one slow device never stalls
 * the others, and acknowledged only once answered.
 *
 * <p>Not Paho: Paho 1.2.5's receive thread dies on a topic with a character above U+FFFF (its UTF-8 check rejects
 * surrogate pairs), so one device publish could silence the bridge for good. Netty sockets have Nagle off by default.
 */
public class MqttGateway implements Publisher, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  private static final long CONNECT_TIMEOUT_SECONDS = 30;
  private final BridgeSettings settings;
  private final String markerPrefix;
  private final MqttClientBuilder clients;
  private volatile MqttLink link;
  private final LongAdder answersDroppedOnArrival = new LongAdder();
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
    this.clients = builder(settings)
        .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
        .applyAutomaticReconnect()
        // messages are dispatched and futures complete on the client's event loop, not through a scheduler thread (a
        // wake-up in the kernel for each message): dispatch only hands requests to the workers, and what depends on
        // the futures only logs or hands over
        .executorConfig().applicationScheduler(Schedulers.from(Runnable::run)).applyExecutorConfig()
        .addConnectedListener(context -> connected(sessionPresent(context)))
        .addDisconnectedListener(context -> {
          if (!everConnected || closing) {
            // the first connect fails at once with its reason (a wrong address or certificate is not retried), and
            // our own disconnect is no loss to recover from
            context.getReconnector().reconnect(false);
          } else {
            LOG.warn("mqtt disconnected, reconnecting error=\"{}\"", context.getCause().getMessage());
          }
        });
    this.link = settings.protocol() == MqttProtocol.V3_1_1 ? mqtt3() : mqtt5();
    for (int i = 0; i < settings.workers(); i++) {
      int n = i;
      workers.add(Executors.newSingleThreadExecutor(r -> new Thread(r, "device-requests-" + n)));
    }
  }

  private MqttLink mqtt5() {
    return new Mqtt5Link(clients, settings.username(), settings.password());
  }

  private MqttLink mqtt3() {
    return new Mqtt3Link(clients, settings.username(), settings.password());
  }

  private static boolean sessionPresent(MqttClientConnectedContext context) {
    if (context instanceof Mqtt5ClientConnectedContext mqtt5) {
      return mqtt5.getConnAck().isSessionPresent();
    }
    return context instanceof Mqtt3ClientConnectedContext mqtt3 && mqtt3.getConnAck().isSessionPresent();
  }

  /** Address, TLS and identity: what both protocol versions' clients share. */
  private static MqttClientBuilder builder(BridgeSettings settings) {
    URI url = URI.create(settings.brokerUrl());
    boolean tls = "ssl".equals(url.getScheme()) || "mqtts".equals(url.getScheme());
    if (url.getHost() == null || !(tls || "tcp".equals(url.getScheme()) || "mqtt".equals(url.getScheme()))) {
      throw new IllegalArgumentException("bad MQTT broker URL " + settings.brokerUrl() + ": use tcp://host:port or"
          + " ssl://host:port");
    }
    MqttClientBuilder builder = MqttClient.builder().identifier(settings.clientId()).serverHost(url.getHost())
        .serverPort(url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883);
    if (tls || settings.caFile() != null || settings.certFile() != null) {
      TlsContexts.Managers managers = TlsContexts.fromPem(settings.caFile(), settings.certFile(), settings.keyFile());
      builder = builder.sslConfig(MqttClientSslConfig.builder().trustManagerFactory(managers.trust())
          .keyManagerFactory(managers.keys()).build());
    }
    return builder;
  }

  /**
   * Everything under each thing's jobs/: every request, and every malformed topic, which gets InvalidTopic as on AWS.
   * Our own answers and notifications come back through it too, and are dropped unanswered, unless MQTT 5 leaves them
   * out ({@link #dropAnswersOnArrival}).
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
   * arrive and never reach a worker: for a bridge with no one else's answers to witness (no replicas). With MQTT 5 the
   * broker is asked not to send our own back at all (no-local): the connection's busiest traffic, one message and its
   * acknowledgement per answer.
   */
  public void dropAnswersOnArrival() {
    this.answersDropped = true;
  }

  /** How many answers came back and were dropped ({@link #dropAnswersOnArrival}). */
  public long answersDroppedOnArrival() {
    return answersDroppedOnArrival.sum();
  }

  /** The MQTT version in use: {@link MqttProtocol#V5} or {@link MqttProtocol#V3_1_1}. */
  public MqttProtocol protocol() {
    return link.protocol();
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
    try {
      connect();
    } catch (IllegalStateException refused) {
      if (settings.protocol() != MqttProtocol.AUTO) {
        throw refused;
      }
      // a broker without MQTT 5 refuses the connect (or closes the connection): once more in MQTT 3.1.1
      LOG.info("mqtt 5 refused, connecting with 3.1.1 broker={} error=\"{}\"", settings.brokerUrl(),
          refused.getMessage());
      link = mqtt3();
      try {
        connect();
      } catch (IllegalStateException alsoRefused) {
        refused.addSuppressed(alsoRefused);
        throw refused;
      }
    }
  }

  private void connect() {
    MqttLink connecting = link;
    // every message, not only the subscribed: requests queued in our session while we were away arrive before this
    // client subscribes
    connecting.onDelivery(this::dispatch);
    try {
      connecting.connect(30).get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      connecting.disconnect();
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
    MqttLink connectedLink = link;
    LOG.info("mqtt connected broker={} protocol={} sessionKept={}", settings.brokerUrl(), connectedLink.protocol(),
        sessionKept);
    List<String> filters = subscriptions();
    List<String> withoutOwn = answersDropped ? filters.subList(0, 1) : List.of();
    // the bridge's answer to a connect (re-announcing, a replica's handover) waits for the broker: off the event loop
    connectedLink.subscribe(filters, withoutOwn).whenCompleteAsync((ack, error) -> {
      if (error != null) {
        LOG.error("could not subscribe to {}: {}", filters, error.toString());
      } else {
        connectedListener.accept(sessionKept);
      }
    }, connections);
  }

  private void dispatch(MqttLink.Delivery message) {
    String topic = message.topic();
    if (topic.startsWith(markerPrefix)) {
      markerListener.accept(topic.substring(markerPrefix.length()));
      message.acknowledge();
      return;
    }
    if (dev.iotjobs.bridge.protocol.PresenceEvent.isPresenceTopic(topic)) {
      try {
        presenceListener.accept(topic, message.payload());
      } catch (RuntimeException e) {
        LOG.warn("presence event dropped topic={} error=\"{}\"", topic, e.toString());
      }
      message.acknowledge();
      return;
    }
    if (answersDropped && dev.iotjobs.bridge.protocol.Topic.isAnswer(settings.topicRoot(), topic)) {
      answersDroppedOnArrival.increment();
      message.acknowledge();
      return;
    }
    int worker = partition(topic);
    long arrived = System.nanoTime();
    try {
      workers.get(worker).execute(() -> {
        try {
          requestHandler.handle(worker, topic, message.payload(), arrived);
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

  /**
   * QoS 1; the future completes when the broker has the message, and fails when it could not be handed over (or, in
   * MQTT 5, the broker refused it).
   */
  @Override
  public CompletableFuture<Void> publish(String topic, ObjectNode payload) {
    byte[] bytes;
    try {
      bytes = Payloads.JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return link.publish(topic, bytes)
        .whenComplete((ok, error) -> {
          if (error != null) {
            LOG.warn("publish failed topic={} error=\"{}\"", topic, error.toString());
          }
        });
  }

  public boolean isConnected() {
    return link.state() == MqttClientState.CONNECTED;
  }

  /** Stops taking requests first, then lets the workers finish the ones taken (unanswered ones come back later). */
  @Override
  public void close() {
    closing = true;
    try {
      link.disconnect().get(5, TimeUnit.SECONDS);
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
