package dev.iotjobs.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.bridge.protocol.DeviceApi;
import dev.iotjobs.bridge.protocol.DocumentRenderer;
import dev.iotjobs.bridge.protocol.InMemoryRepositoryAccess;
import dev.iotjobs.bridge.protocol.RequestThrottle;
import dev.iotjobs.bridge.protocol.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worked notification sequence of reference §4.7, message for message. */
class NotifierTest {
  private static final String ROOT = "$aws/things/";
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private final InMemoryRepositoryAccess repo = new InMemoryRepositoryAccess();
  private final Clock clock = Clock.systemUTC();
  private final DeviceApi api = new DeviceApi(repo.repository(), DocumentRenderer.asStored(),
      new RequestThrottle(1000, 1000, clock), clock);
  private final List<String> published = new CopyOnWriteArrayList<>();
  private volatile boolean brokerReachable = true;
  private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
  private final Notifier notifier = new Notifier(api, (topic, payload) -> {
    if (!brokerReachable) {
      refused.incrementAndGet();
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    published.add(describe(topic, payload));
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }, ROOT, false, clock);

  @AfterEach
  void stop() {
    notifier.close();
  }

  /** "notify IN_PROGRESS=[job1] QUEUED=[job2]" or "notify-next job2 QUEUED" or "notify-next none". */
  private static String describe(String topic, JsonNode payload) {
    assertThat(payload.get("timestamp").asLong()).isPositive();
    if (topic.endsWith("/notify")) {
      StringBuilder text = new StringBuilder("notify");
      payload.get("jobs").fields().forEachRemaining(e -> {
        text.append(' ').append(e.getKey()).append("=[");
        List<String> ids = new java.util.ArrayList<>();
        e.getValue().forEach(j -> ids.add(j.get("jobId").asText()));
        text.append(String.join(",", ids)).append(']');
      });
      return text.toString();
    }
    JsonNode execution = payload.get("execution");
    if (execution == null) {
      return "notify-next none";
    }
    assertThat(execution.get("jobDocument")).as("notify-next carries the document").isNotNull();
    return "notify-next " + execution.get("jobId").asText() + " " + execution.get("status").asText();
  }

  private void update(String jobId, String status) {
    DeviceApi.Response response = api.handle(Topic.parse(ROOT, ROOT + "t1/jobs/" + jobId + "/update"),
        ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(response.topic()).endsWith("/accepted");
  }

  private void expect(String... messages) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(published).containsExactly(messages));
  }

  @Test
  void reproducesTheWorkedSequence() {
    repo.onChange(notifier::thingChanged);

    repo.queue("job1", T0);
    expect("notify QUEUED=[job1]", "notify-next job1 QUEUED");
    published.clear();

    repo.queue("job2", T0.plusSeconds(1));
    expect("notify QUEUED=[job1,job2]");
    published.clear();

    update("job1", "IN_PROGRESS");
    repo.queue("job3", T0.plusSeconds(2));
    expect("notify IN_PROGRESS=[job1] QUEUED=[job2,job3]");
    published.clear();

    update("job1", "SUCCEEDED");
    expect("notify QUEUED=[job2,job3]", "notify-next job2 QUEUED");
    published.clear();

    update("job3", "IN_PROGRESS");
    expect("notify-next job3 IN_PROGRESS");
    published.clear();

    update("job2", "REJECTED");
    expect("notify IN_PROGRESS=[job3]");
    published.clear();

    repo.delete("job3");
    expect("notify", "notify-next none");
  }

  @Test
  void afterAConnectDevicesAreToldWhatTheyDidNotStartThemselves() {
    repo.queue("job1", T0);
    repo.onChange(notifier::thingChanged);
    notifier.reannounce(List.of("t1"), true);
    expect("notify QUEUED=[job1]", "notify-next job1 QUEUED");
    published.clear();

    update("job1", "IN_PROGRESS");
    repo.queue("job2", T0.plusSeconds(1));
    expect("notify IN_PROGRESS=[job1] QUEUED=[job2]");
    published.clear();
    // a reconnect: the device knows job1 (it started it) but may have missed that job2 joined
    notifier.reannounce(List.of("t1"), true);
    expect("notify IN_PROGRESS=[job1] QUEUED=[job2]");
  }

  @Test
  void aDeviceKeepsWhatItStartedOnlyWhenTheBrokerKeptTheSession() {
    repo.queue("job1", T0);
    repo.onChange(notifier::thingChanged);
    update("job1", "IN_PROGRESS");
    published.clear();
    notifier.reannounce(List.of("t1"), true);
    notifier.thingChanged("t1");
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(published::isEmpty);
    // the broker lost the bridge's session, and with it any question the device asked meanwhile: tell it all
    notifier.reannounce(List.of("t1"), false);
    expect("notify IN_PROGRESS=[job1]", "notify-next job1 IN_PROGRESS");
  }

  @Test
  void noNotifyNextGoesOutWithoutItsDocument() {
    java.util.concurrent.atomic.AtomicBoolean renderable = new java.util.concurrent.atomic.AtomicBoolean(false);
    DeviceApi rendering = new DeviceApi(repo.repository(), job -> {
      if (!renderable.get()) {
        throw new dev.iotjobs.bridge.protocol.RequestException(dev.iotjobs.api.execution.RejectionCode.InternalError,
            "no presignedUrlConfig");
      }
      return DocumentRenderer.asStored().render(job);
    }, new RequestThrottle(1000, 1000, clock), clock);
    try (Notifier strict = new Notifier(rendering, (topic, payload) -> {
      published.add(describe(topic, payload));
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }, ROOT, false, clock)) {
      repo.onChange(strict::thingChanged);
      repo.queue("job1", T0);
      expect("notify QUEUED=[job1]");
      renderable.set(true);
      repo.queue("job2", T0.plusSeconds(1));
      expect("notify QUEUED=[job1]", "notify QUEUED=[job1,job2]", "notify-next job1 QUEUED");
    }
  }

  @Test
  void aNotificationThatCouldNotBePublishedIsSentAgainWithTheNextChange() {
    repo.onChange(notifier::thingChanged);
    brokerReachable = false;
    repo.queue("job1", T0);
    await().atMost(Duration.ofSeconds(5)).until(() -> refused.get() == 2);
    brokerReachable = true;
    // job2 joins behind job1: a device that heard of job1 would get a notify only, this one needs notify-next too
    repo.queue("job2", T0.plusSeconds(1));
    expect("notify QUEUED=[job1,job2]", "notify-next job1 QUEUED");
  }
}
