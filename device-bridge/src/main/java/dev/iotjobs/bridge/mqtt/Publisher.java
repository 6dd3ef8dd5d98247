package dev.iotjobs.bridge.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sends a message to a device topic at QoS 1. */
@FunctionalInterface
public interface Publisher {
  void publish(String topic, ObjectNode payload);
}
