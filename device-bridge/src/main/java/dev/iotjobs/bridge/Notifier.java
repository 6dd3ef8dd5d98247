package dev.iotjobs.bridge;

import dev.iotjobs.bridge.mqtt.Publisher;
import dev.iotjobs.bridge.protocol.DeviceApi;
import dev.iotjobs.bridge.protocol.ExecutionView;
import dev.iotjobs.bridge.protocol.NotificationPlanner;
import dev.iotjobs.bridge.protocol.Payloads;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes notify and notify-next: it remembers each thing's pending list as last published, and on every change of
 * one of its executions compares it with the list now, publishing what {@link NotificationPlanner} decides. One
 * thread keeps each thing's notifications in order.
 */
public class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private final DeviceApi api;
  private final Publisher publisher;
  private final String topicRoot;
  private final boolean notifyOnStatusChange;
  private final Clock clock;
  private final Map<String, List<ExecutionView>> published = new ConcurrentHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "notifier"));
  private volatile boolean started;

  public Notifier(DeviceApi api, Publisher publisher, String topicRoot, boolean notifyOnStatusChange, Clock clock) {
    this.api = api;
    this.publisher = publisher;
    this.topicRoot = topicRoot;
    this.notifyOnStatusChange = notifyOnStatusChange;
    this.clock = clock;
  }

  /**
   * Takes the current pending lists as already known to devices (a device asks on connect), then follows changes.
   * Changes that land while the baseline is read are in the baseline; the standard device pattern (start-next or
   * $next/get on connect) covers that short window.
   */
  public void start(Collection<String> thingsWithExecutions) {
    for (String thing : thingsWithExecutions) {
      List<ExecutionView> pending = api.pending(thing);
      if (!pending.isEmpty()) {
        published.put(thing, pending);
      }
    }
    started = true;
  }

  public void thingChanged(String thing) {
    if (started) {
      worker.submit(() -> replan(thing));
    }
  }

  private void replan(String thing) {
    try {
      List<ExecutionView> before = published.getOrDefault(thing, List.of());
      List<ExecutionView> after = api.pending(thing);
      NotificationPlanner.Plan plan = NotificationPlanner.plan(before, after, notifyOnStatusChange);
      if (after.isEmpty()) {
        published.remove(thing);
      } else {
        published.put(thing, after);
      }
      Instant now = clock.instant();
      if (plan.sendNotify()) {
        publisher.publish(topicRoot + thing + "/jobs/notify", Payloads.notifyList(after, now));
      }
      if (plan.sendNotifyNext()) {
        ExecutionView next = after.isEmpty() ? null : after.get(0);
        publisher.publish(topicRoot + thing + "/jobs/notify-next",
            Payloads.notifyNext(next, next == null ? null : api.documentFor(next), now));
      }
    } catch (RuntimeException e) {
      LOG.warn("notification failed thing={} error=\"{}\"", thing, e.toString());
    }
  }


  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
