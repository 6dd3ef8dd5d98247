package dev.iotjobs.bridge.mqtt;

import com.hivemq.client.mqtt.MqttClientState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One MQTT client in one protocol version, as the gateway uses it: a persistent session, QoS 1 subscriptions and
 * publishes, messages acknowledged by hand once answered. {@link Mqtt5Link} asks the broker not to send the client's
 * own messages back where the gateway wants that; {@link Mqtt3Link} is for brokers without MQTT 5.
 */
interface MqttLink {
  /** A message as it arrived; {@link #acknowledge()} once it is dealt with (QoS 1: the broker sends it again if not). */
  record Delivery(String topic, java.util.function.Supplier<byte[]> payloadOnDemand, Runnable acknowledgement) {
    byte[] payload() {
      return payloadOnDemand.get();
    }

    void acknowledge() {
      acknowledgement.run();
    }
  }

  /** Every message, from before the first subscription on (those the broker kept in our session too). */
  void onDelivery(Consumer<Delivery> handler);

  /** Connects with a kept session; completes with whether the broker still had it. */
  CompletableFuture<Boolean> connect(int keepAliveSeconds);

  /** QoS 1 subscriptions; those in {@code withoutOwn} without the client's own messages, where the protocol can. */
  CompletableFuture<Void> subscribe(List<String> filters, List<String> withoutOwn);

  /** QoS 1; completes when the broker has it, fails when it could not be handed over or the broker refused it. */
  CompletableFuture<Void> publish(String topic, byte[] payload);

  CompletableFuture<Void> disconnect();

  MqttClientState state();

  /** {@link MqttProtocol#V5} or {@link MqttProtocol#V3_1_1}. */
  MqttProtocol protocol();
}
