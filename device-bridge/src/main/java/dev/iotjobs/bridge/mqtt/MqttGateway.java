package dev.iotjobs.bridge.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.protocol.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one MQTT connection (Eclipse Paho, MQTT 3.1.1): a persistent session with QoS 1 subscriptions, so
 * requests sent while the bridge was away wait at the broker; automatic reconnect with resubscription; requests
 * handed to worker threads partitioned by thing, so one slow device never stalls the others, and acknowledged only
 * once answered.
 */
public class MqttGateway implements Publisher, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  private static final int QOS = 1;
  private final BridgeSettings settings;
  private final MqttAsyncClient client;
  private final List<ExecutorService> workers = new ArrayList<>();
  private final AtomicBoolean connected = new AtomicBoolean();
  private BiConsumer<String, byte[]> requestHandler;

  public MqttGateway(BridgeSettings settings) {
    this.settings = settings;
    try {
      this.client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("bad MQTT broker URL " + settings.brokerUrl() + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < settings.workers(); i++) {
      int n = i;
      workers.add(Executors.newSingleThreadExecutor(r -> new Thread(r, "device-requests-" + n)));
    }
  }

  /** The topic filters that carry device requests (and, where a filter is wide, some of our own responses). */
  public List<String> subscriptions() {
    String root = settings.topicRoot();
    return List.of(root + "+/jobs/get", root + "+/jobs/start-next", root + "+/jobs/+/+");
  }

  /** Connects and subscribes; the handler gets (topic, payload) for every request on a worker thread. */
  public void start(BiConsumer<String, byte[]> handler) throws MqttException {
    this.requestHandler = handler;
    client.setManualAcks(true);
    client.setCallback(new MqttCallbackExtended() {
      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
        connected.set(true);
        LOG.info("mqtt {} broker={}", reconnect ? "reconnected" : "connected", serverUri);
        subscribe();
      }

      @Override
      public void connectionLost(Throwable cause) {
        connected.set(false);
        LOG.warn("mqtt connection lost, reconnecting error=\"{}\"", cause == null ? "closed" : cause.getMessage());
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        dispatch(topic, message);
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
    client.connect(options()).waitForCompletion(30_000);
  }

  private MqttConnectOptions options() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(30);
    options.setMaxInflight(65_000);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (settings.username() != null) {
      options.setUserName(settings.username());
    }
    if (settings.password() != null) {
      options.setPassword(settings.password().toCharArray());
    }
    if (settings.caFile() != null || settings.certFile() != null) {
      options.setSocketFactory(NoDelaySockets.tls(TlsContexts.fromPem(settings.caFile(), settings.certFile(),
          settings.keyFile())));
    } else if (settings.brokerUrl().startsWith("ssl://") || settings.brokerUrl().startsWith("wss://")) {
      options.setSocketFactory(NoDelaySockets.tls((javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault()));
    } else {
      options.setSocketFactory(NoDelaySockets.plain());
    }
    return options;
  }

  private void subscribe() {
    List<String> filters = subscriptions();
    int[] qos = filters.stream().mapToInt(f -> QOS).toArray();
    try {
      client.subscribe(filters.toArray(new String[0]), qos);
    } catch (MqttException e) {
      LOG.error("could not subscribe to {}: {}", filters, e.getMessage());
    }
  }

  private void dispatch(String topic, MqttMessage message) {
    workers.get(partition(topic)).submit(() -> {
      try {
        requestHandler.accept(topic, message.getPayload());
      } catch (RuntimeException e) {
        LOG.warn("request dropped topic={} error=\"{}\"", topic, e.toString());
      } finally {
        acknowledge(message);
      }
    });
  }

  /** Requests of one thing go to one worker, in order. */
  private int partition(String topic) {
    String rest = topic.startsWith(settings.topicRoot()) ? topic.substring(settings.topicRoot().length()) : topic;
    int slash = rest.indexOf('/');
    String thing = slash < 0 ? rest : rest.substring(0, slash);
    return Math.floorMod(thing.hashCode(), workers.size());
  }

  private void acknowledge(MqttMessage message) {
    try {
      if (message.getQos() > 0) {
        client.messageArrivedComplete(message.getId(), message.getQos());
      }
    } catch (MqttException e) {
      LOG.debug("ack of message {} failed: {}", message.getId(), e.getMessage());
    }
  }

  @Override
  public void publish(String topic, ObjectNode payload) {
    try {
      byte[] bytes = Payloads.JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
      client.publish(topic, bytes, QOS, false);
    } catch (JsonProcessingException | MqttException e) {
      LOG.warn("publish failed topic={} error=\"{}\"", topic, e.getMessage());
    }
  }

  public boolean isConnected() {
    return connected.get() && client.isConnected();
  }

  @Override
  public void close() {
    workers.forEach(ExecutorService::shutdown);
    for (ExecutorService worker : workers) {
      try {
        worker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("close: {}", e.getMessage());
    }
  }
}
