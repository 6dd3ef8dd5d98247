package dev.iotjobs.bridge.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** MQTT 3.1.1: for brokers without MQTT 5. Our own messages come back through our subscriptions. */
final class Mqtt3Link implements MqttLink {
  private final Mqtt3AsyncClient client;

  Mqtt3Link(MqttClientBuilder base, String username, String password) {
    Mqtt3ClientBuilder builder = base.useMqttVersion3();
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
    return client.connectWith().cleanSession(false).keepAlive(keepAliveSeconds).send()
        .thenApply(connAck -> connAck.isSessionPresent());
  }

  @Override
  public CompletableFuture<Void> subscribe(List<String> filters, List<String> withoutOwn) {
    return client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(filters.stream().map(filter ->
        Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).build())).build())
        .thenApply(subAck -> null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
        .thenApply(sent -> null);
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
    return MqttProtocol.V3_1_1;
  }
}
