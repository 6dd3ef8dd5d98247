package dev.iotjobs.bridge.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/** Sends a message to a device topic at QoS 1; the future fails when the message could not be handed to the broker. */
@FunctionalInterface
public interface Publisher {
  CompletableFuture<Void> publish(String topic, ObjectNode payload);
}
