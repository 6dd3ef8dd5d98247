package dev.iotjobs.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.bridge.mqtt.Publisher;
import dev.iotjobs.bridge.protocol.DeviceApi;
import dev.iotjobs.bridge.protocol.ExecutionView;
import dev.iotjobs.bridge.protocol.NotificationPlanner;
import dev.iotjobs.bridge.protocol.Payloads;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes notify and notify-next: it remembers each thing's pending list as last told to the device, and on every
 * change of one of its executions compares it with the list now, publishing what {@link NotificationPlanner} decides.
 * One thread keeps each thing's notifications in order.
 *
 * <p>What a device was told is never taken on trust across a gap: after every (re)connect, and for a thing whose
 * notification could not be handed to the broker, the device is assumed to know only the executions it started
 * itself (IN_PROGRESS), and everything else is announced again. So executions queued while the bridge or the broker
 * was down reach their devices, at the price of a repeated notification now and then (QoS 1 allows repeats anyway).
 */
public class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private final DeviceApi api;
  private final Publisher publisher;
  private final String topicRoot;
  private final boolean notifyOnStatusChange;
  private final Clock clock;
  private final java.util.function.Predicate<String> serves;
  private final Map<String, List<ExecutionView>> told = new ConcurrentHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "notifier"));

  public Notifier(DeviceApi api, Publisher publisher, String topicRoot, boolean notifyOnStatusChange, Clock clock) {
    this(api, publisher, topicRoot, notifyOnStatusChange, clock, thing -> true);
  }

  /** {@code serves}: the things this bridge notifies (one replica of several serves a share of them). */
  public Notifier(DeviceApi api, Publisher publisher, String topicRoot, boolean notifyOnStatusChange, Clock clock,
      java.util.function.Predicate<String> serves) {
    this.serves = serves;
    this.api = api;
    this.publisher = publisher;
    this.topicRoot = topicRoot;
    this.notifyOnStatusChange = notifyOnStatusChange;
    this.clock = clock;
  }

  /**
   * After a connect or reconnect: the devices of these things may have missed anything announced before, so each is
   * told its pending list again. When the broker kept the bridge's session, requests devices sent meanwhile waited
   * for it, so a device still knows what it started itself; when it did not (a broker restart), a device's question
   * may have been lost too, and it is told everything, its IN_PROGRESS executions included.
   */
  public void reannounce(Collection<String> things, boolean sessionKept) {
    worker.execute(() -> {
      int announced = 0;
      for (String thing : things) {
        told.remove(thing);
        if (!sessionKept) {
          told.put(thing, List.of());
        }
        announced += replan(thing) ? 1 : 0;
      }
      LOG.info("announced pending executions again things={} notified={}", things.size(), announced);
    });
  }

  public void thingChanged(String thing) {
    worker.execute(() -> replan(thing));
  }

  /** Returns whether anything was published. */
  private boolean replan(String thing) {
    if (!serves.test(thing)) {
      told.remove(thing); // whoever serves it now tells it afresh
      return false;
    }
    try {
      List<ExecutionView> after = api.pending(thing);
      List<ExecutionView> before = told.containsKey(thing) ? told.get(thing) : startedByDevice(after);
      NotificationPlanner.Plan plan = NotificationPlanner.plan(before, after, notifyOnStatusChange);
      if (after.isEmpty()) {
        told.remove(thing);
      } else {
        told.put(thing, after);
      }
      Instant now = clock.instant();
      List<CompletableFuture<Void>> sent = new ArrayList<>(2);
      if (plan.sendNotify()) {
        sent.add(publisher.publish(topicRoot + thing + "/jobs/notify", Payloads.notifyList(after, now)));
      }
      if (plan.sendNotifyNext()) {
        ExecutionView next = after.isEmpty() ? null : after.get(0);
        JsonNode document = next == null ? null : api.documentFor(next);
        if (next != null && document == null) {
          // a notify-next without its document would leave the device nothing to run: the device is not told
          // until the document can be rendered (with the thing's next change, or after a reconnect)
          told.remove(thing);
          return plan.sendNotify();
        }
        sent.add(publisher.publish(topicRoot + thing + "/jobs/notify-next", Payloads.notifyNext(next, document, now)));
      }
      sent.forEach(future -> future.whenComplete((ok, error) -> {
        if (error != null) {
          worker.execute(() -> forget(thing, after));
        }
      }));
      return !plan.isEmpty();
    } catch (RuntimeException e) {
      LOG.warn("notification failed thing={} error=\"{}\"", thing, e.toString());
      told.remove(thing);
      return false;
    }
  }

  /** A notification did not reach the broker: unless a later one was planned since, the device knows less. */
  private void forget(String thing, List<ExecutionView> planned) {
    told.remove(thing, planned);
  }

  private static List<ExecutionView> startedByDevice(List<ExecutionView> pending) {
    return pending.stream().filter(v -> v.status() == ExecutionStatus.IN_PROGRESS).toList();
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
