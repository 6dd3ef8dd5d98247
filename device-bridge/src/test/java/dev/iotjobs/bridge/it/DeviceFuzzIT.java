package dev.iotjobs.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.device.JobsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fuzzer over the device topics and payloads, through a real Mosquitto, while good devices run a job: topics with
 * characters from every Unicode plane and of every shape, payloads of random bytes, 1 MB, nested 100,000 deep, with
 * wrong types, and replays. The bridge must stay ready, answer the good devices, and change nothing of theirs. The
 * count is bounded ({@code -Dfuzz.count}, 3,000 by default) and the seed fixed ({@code -Dfuzz.seed}), so a failure
 * reproduces.
 */
class DeviceFuzzIT {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceFuzzIT.class);
  private static final int GOOD_DEVICES = 30;
  private static final String ROOT = "$aws/things/";
  private final BridgeHarness h = new BridgeHarness(null);
  private final FleetSimulator fleet = new FleetSimulator();
  private final Random random = new Random(Long.getLong("fuzz.seed", 20261201L));

  @AfterEach
  void stop() {
    fleet.close();
    h.close();
  }

  @Test
  void noMessageStopsTheBridgeOrTouchesAnotherThingsExecutions() throws Exception {
    int count = Integer.getInteger("fuzz.count", 3000);
    List<String> good = IntStream.range(0, GOOD_DEVICES).mapToObj(i -> "good-" + i).toList();
    good.forEach(h::thing);
    h.thing("fz");
    h.job("fw", good.toArray(new String[0]));
    h.job("fz-job", "fz");
    h.queue("fz-job", "fz");
    // throttling would answer most of the fuzz without parsing it: let every message reach the parser
    h.settings(s -> s.withThrottle(1_000_000, 1_000_000)).startBridge();

    Mqtt3AsyncClient fuzzer = Mqtt3Client.builder().identifier("fz").serverHost("127.0.0.1")
        .serverPort(h.broker.uri().getPort()).automaticReconnectWithDefaultConfig().buildAsync();
    fuzzer.connect().get(10, TimeUnit.SECONDS);
    AtomicInteger published = new AtomicInteger();
    AtomicInteger refusedByClient = new AtomicInteger();
    CompletableFuture<Void> fuzzing = CompletableFuture.runAsync(() -> {
      byte[] previous = "{}".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < count; i++) {
        String topic = topic();
        byte[] payload = i % 10 == 9 ? previous : payload(i);
        previous = payload;
        try {
          fuzzer.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().get(10, TimeUnit.SECONDS);
          published.incrementAndGet();
        } catch (Exception e) {
          // a message the client or the broker refused (the broker by closing the connection): go on once back
          refusedByClient.incrementAndGet();
          Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fuzzer.getState().isConnected());
        }
      }
    });

    // good devices run their job alongside
    for (String thing : good) {
      h.queue("fw", thing);
    }
    fleet.start(h.broker.uri(), good, DeviceBehavior.succeeding(), null, ROOT);
    fuzzing.get(5, TimeUnit.MINUTES);

    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(good).allSatisfy(thing -> assertThat(h.execution("fw", thing).getStatus().getStatus())
            .isEqualTo(ExecutionStatus.SUCCEEDED)));
    long goodVersion = h.execution("fw", good.get(0)).getStatus().getVersionNumber();
    assertThat(good).allSatisfy(thing -> assertThat(h.execution("fw", thing).getStatus().getVersionNumber())
        .as("no fuzzed message changed " + thing).isEqualTo(goodVersion));
    assertThat(h.bridge().isReady()).isTrue();
    fuzzer.disconnect().exceptionally(e -> null).get(5, TimeUnit.SECONDS); // the broker may have dropped it last
    JobsClient probe = h.device("fz");
    assertThat(probe.describe("fz-job", false).get(10, TimeUnit.SECONDS).accepted()).isTrue();
    LOG.info("fuzzed {} messages ({} more refused by the client or the broker), {} good devices served", published.get(),
        refusedByClient.get(), good.size());
    assertThat(published.get()).isGreaterThan(count / 2);
  }

  /** A topic under the fuzzer's jobs/, of any depth, with segments from every Unicode plane. */
  private String topic() {
    List<String> segments = new ArrayList<>(List.of("fz", "jobs"));
    int depth = random.nextInt(6);
    for (int i = 0; i < depth; i++) {
      segments.add(switch (random.nextInt(6)) {
        case 0 -> "get";
        case 1 -> "update";
        case 2 -> "fz-job";
        case 3 -> "$next";
        case 4 -> "start-next";
        default -> unicode(1 + random.nextInt(12));
      });
    }
    return ROOT + String.join("/", segments);
  }

  private String unicode(int length) {
    StringBuilder text = new StringBuilder();
    int[] planes = {0x0000, 0x10000, 0x20000, 0x30000, 0xE0000, 0xF0000, 0x100000};
    for (int i = 0; i < length; i++) {
      int codePoint = planes[random.nextInt(planes.length)] + random.nextInt(0x10000);
      if (codePoint >= 0xD800 && codePoint <= 0xDFFF || codePoint > 0x10FFFF
          || Character.getType(codePoint) == Character.CONTROL || (codePoint & 0xFFFE) == 0xFFFE
          || codePoint >= 0xFDD0 && codePoint <= 0xFDEF) {
        // what MQTT forbids (surrogates) or brokers refuse by disconnecting the client (controls, non-characters)
        codePoint = 0x1F600;
      }
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  private byte[] payload(int i) {
    return switch (i % 9) {
      case 0 -> randomBytes(1 + random.nextInt(200));
      case 1 -> randomBytes(1024 * 1024);
      case 2 -> ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
      case 3 -> "{\"status\":5,\"statusDetails\":[1,2],\"expectedVersion\":\"x\"}".getBytes(StandardCharsets.UTF_8);
      case 4 -> ("{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"" + unicode(8) + "\":\"" + unicode(30) + "\"}}")
          .getBytes(StandardCharsets.UTF_8);
      case 5 -> "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":-7,\"executionNumber\":-1}"
          .getBytes(StandardCharsets.UTF_8);
      case 6 -> ("{\"clientToken\":\"" + "t".repeat(100) + "\",\"includeJobDocument\":\"yes\"}")
          .getBytes(StandardCharsets.UTF_8);
      case 7 -> "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":99999999999999999999999}".getBytes(StandardCharsets.UTF_8);
      default -> ("{\"status\":\"IN_PROGRESS\",\"clientToken\":\"" + unicode(5) + "\"}").getBytes(StandardCharsets.UTF_8);
    };
  }

  private byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }
}
