package dev.iotjobs.bridge.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * MQTT 5: the session is kept as MQTT 3.1.1 keeps a persistent one (no expiry of our own; the broker may set one), and
 * subscriptions can leave out our own messages (no-local), which a lone bridge's wide subscription would otherwise
 * get back, four or five answers per execution. A publish the broker refuses (its PUBACK's reason code, for instance
 * an ACL's "not authorized") fails here, where MQTT 3.1.1 cannot say so.
 */
final class Mqtt5Link implements MqttLink {
  private final Mqtt5AsyncClient client;

  Mqtt5Link(MqttClientBuilder base, String username, String password) {
    Mqtt5ClientBuilder builder = base.useMqttVersion5();
    if (username != null) {
      var auth = builder.simpleAuth().username(username);
      if (password != null) {
        auth = auth.password(password.getBytes(StandardCharsets.UTF_8));
      }
      builder = auth.applySimpleAuth();
    }
    this.client = builder.buildAsync();
  }

  @Override
  public void onDelivery(Consumer<Delivery> handler) {
    client.publishes(MqttGlobalPublishFilter.ALL, message -> handler.accept(
        new Delivery(message.getTopic().toString(), message::getPayloadAsBytes, message::acknowledge)), true);
  }

  @Override
  public CompletableFuture<Boolean> connect(int keepAliveSeconds) {
    return client.connectWith().cleanStart(false).sessionExpiryInterval(Mqtt5Connect.NO_SESSION_EXPIRY)
        .keepAlive(keepAliveSeconds).send().thenApply(connAck -> connAck.isSessionPresent());
  }

  @Override
  public CompletableFuture<Void> subscribe(List<String> filters, List<String> withoutOwn) {
    return client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(filters.stream().map(filter ->
        Mqtt5Subscription.builder().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).noLocal(withoutOwn.contains(filter))
            .build())).build())
        .thenApply(subAck -> null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
        .thenCompose(result -> result.getError().<CompletableFuture<Void>>map(CompletableFuture::failedFuture)
            .orElse(CompletableFuture.completedFuture(null)));
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return client.disconnect();
  }

  @Override
  public MqttClientState state() {
    return client.getState();
  }

  @Override
  public MqttProtocol protocol() {
    return MqttProtocol.V5;
  }
}
