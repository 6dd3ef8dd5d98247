package dev.iotjobs.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device connecting or disconnecting, as the broker tells it: the MQTT client id is the thing's name (the AWS IoT
 * convention). Pure: parses what arrives on the topics of a {@link Source}.
 *
 * @param clientId the client that connected or disconnected
 * @param connected whether it connected
 * @param at when, as the broker says, else when the bridge heard of it
 */
public record PresenceEvent(String clientId, boolean connected, Instant at) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS_PREFIX = "$aws/events/presence/";
  private static final String MOSQUITTO_TOPIC = "$SYS/broker/log/N";
  /** Mosquitto's notice lines, after its optional "epoch-seconds: " timestamp. */
  private static final Pattern MOSQUITTO_TIMESTAMP = Pattern.compile("^(\\d+): (.*)$", Pattern.DOTALL);
  private static final Pattern MOSQUITTO_CONNECTED = Pattern.compile("^New client connected from \\S+ as (\\S+) \\(");
  private static final Pattern MOSQUITTO_DISCONNECTED = Pattern.compile(
      "^Client (\\S+) (?:disconnected|closed its connection|has exceeded timeout|disconnected due to)");

  /** Where presence comes from, and the topic filter to subscribe to for it. */
  public enum Source {
    /**
     * AWS IoT's lifecycle events, {@code $aws/events/presence/connected|disconnected/<clientId>} with a JSON body
     * carrying {@code timestamp} (epoch milliseconds): what AWS IoT Core publishes, and what local mode's broker and
     * any broker's rule engine (EMQX, HiveMQ extensions) can publish.
     */
    AWS(AWS_PREFIX + "+/+"),
    /** Mosquitto's own log, published with {@code log_dest topic} (notice lines: clients connecting and leaving). */
    MOSQUITTO(MOSQUITTO_TOPIC);

    public final String topicFilter;

    Source(String topicFilter) {
      this.topicFilter = topicFilter;
    }

    public static Source parse(String name) {
      return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "aws" -> AWS;
        case "mosquitto" -> MOSQUITTO;
        default -> throw new IllegalArgumentException("PRESENCE_EVENTS: no presence source " + name.trim()
            + "; use aws, mosquitto, or both separated by a comma");
      };
    }
  }

  /** Whether a message on this topic is a presence source's, not a device's request. */
  public static boolean isPresenceTopic(String topic) {
    return topic.startsWith(AWS_PREFIX) || topic.equals(MOSQUITTO_TOPIC);
  }

  /** The event a presence message tells of; empty for anything else (other log lines, malformed events). */
  public static Optional<PresenceEvent> parse(String topic, byte[] payload, Instant now) {
    if (topic.startsWith(AWS_PREFIX)) {
      return aws(topic.substring(AWS_PREFIX.length()), payload, now);
    }
    if (topic.equals(MOSQUITTO_TOPIC)) {
      return mosquitto(new String(payload, StandardCharsets.UTF_8), now);
    }
    return Optional.empty();
  }

  private static Optional<PresenceEvent> aws(String rest, byte[] payload, Instant now) {
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      return Optional.empty();
    }
    String type = rest.substring(0, slash);
    if (!type.equals("connected") && !type.equals("disconnected")) {
      return Optional.empty();
    }
    Instant at = now;
    try {
      JsonNode body = JSON.readTree(payload);
      if (body != null && body.path("timestamp").isIntegralNumber()) {
        at = Instant.ofEpochMilli(body.get("timestamp").asLong());
      }
    } catch (IOException e) {
      // the topic says it all; the time is when we heard
    }
    return Optional.of(new PresenceEvent(rest.substring(slash + 1), type.equals("connected"), at));
  }

  private static Optional<PresenceEvent> mosquitto(String line, Instant now) {
    Instant at = now;
    Matcher stamped = MOSQUITTO_TIMESTAMP.matcher(line);
    if (stamped.matches()) {
      at = Instant.ofEpochSecond(Long.parseLong(stamped.group(1)));
      line = stamped.group(2);
    }
    Matcher connected = MOSQUITTO_CONNECTED.matcher(line);
    if (connected.find()) {
      return Optional.of(new PresenceEvent(connected.group(1), true, at));
    }
    Matcher disconnected = MOSQUITTO_DISCONNECTED.matcher(line);
    if (disconnected.find()) {
      return Optional.of(new PresenceEvent(disconnected.group(1), false, at));
    }
    return Optional.empty();
  }
}
