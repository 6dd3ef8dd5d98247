package dev.iotjobs.embedded;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How late watch events reach watchers: none by default; with a latency, every event is sent that long after its
 * change, in the order of the changes, as a loaded API server delivers them. Tests use it to show that a controller
 * decides on its own writes and not on a cache that has not caught up. Once set, every later event goes through the
 * same queue (a latency set back to zero must not let new events overtake delayed ones).
 */
final class WatchLatency implements AutoCloseable {
  private volatile long nanos;
  private volatile ScheduledExecutorService sender;

  synchronized void set(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("a watch latency cannot be negative: " + latency);
    }
    nanos = latency.toNanos();
    if (sender == null && nanos > 0) {
      sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-api-watch-latency");
        thread.setDaemon(true);
        return thread;
      });
    }
  }

  /**
   * Sends one change to the watchers open now: at once, or after the latency behind every change sent before it, then
   * only to those still open (one closed meanwhile watches again from its last event and gets the change there), a
   * failing send keeping it from none of the others.
   */
  <W> void fanOut(java.util.Collection<W> watchers, java.util.function.Predicate<W> stillOpen,
      java.util.function.Consumer<W> send) {
    ScheduledExecutorService queue = sender;
    if (queue == null) {
      for (W watcher : watchers) {
        send.accept(watcher);
      }
      return;
    }
    java.util.List<W> atChange = java.util.List.copyOf(watchers);
    // one thread, one delay: trigger times grow with submission, so changes leave in the order they came
    queue.schedule(() -> {
      for (W watcher : atChange) {
        if (stillOpen.test(watcher)) {
          try {
            send.accept(watcher);
          } catch (RuntimeException closedMeanwhile) {
            // its client is gone; the other watchers still get the change
          }
        }
      }
    }, nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    ScheduledExecutorService queue = sender;
    if (queue != null) {
      queue.shutdownNow();
    }
  }
}
