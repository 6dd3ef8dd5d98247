package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Watches as kubectl and client-go make them: a chunked HTTP stream of events for one resource type, narrowed by
 * namespace, name and selectors, starting after a resourceVersion. Every change is kept in a bounded history, so a
 * watch that starts where its list ended misses nothing; one older than the history is told 410 Gone, and relists.
 */
final class WatchHub {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final int capacity;
  private final Deque<Change> history = new ArrayDeque<>();
  private final List<Watch> watches = new ArrayList<>();
  /** Changes up to this resourceVersion have left the history. */
  private long forgottenUpTo;
  private final WatchLatency latency;

  /** One change to one object: ADDED, MODIFIED or DELETED, and the object after it (before, for DELETED). */
  record Change(long resourceVersion, String type, ResourcePath.Type resource, String namespace, Supplier<JsonNode> object) {}

  /** Where a watch's events go: written as they come, in order. */
  interface Sink {
    void send(String type, JsonNode object);
  }

  record Watch(ResourcePath.Type resource, String namespace, Predicate<JsonNode> selected, Sink sink) {
    boolean wants(Change change) {
      return change.resource().equals(resource) && (namespace == null || namespace.equals(change.namespace()))
          && selected.test(change.object().get());
    }
  }

  WatchHub(int capacity, WatchLatency latency) {
    this.capacity = capacity;
    this.latency = latency;
  }

  /** Records a change and hands it to every watch that selects it. */
  synchronized void publish(String type, ResourcePath.Type resource, Object object) {
    String version;
    String namespace;
    if (object instanceof io.fabric8.kubernetes.api.model.HasMetadata typed) {
      version = typed.getMetadata().getResourceVersion();
      namespace = typed.getMetadata().getNamespace();
    } else {
      JsonNode metadata = ((JsonNode) object).path("metadata");
      version = metadata.path("resourceVersion").asText("");
      namespace = metadata.path("namespace").asText(null);
    }
    Change change = new Change(parseVersion(java.util.Objects.requireNonNullElse(version, "")), type, resource,
        namespace, memoized(object));
    history.addLast(change);
    while (history.size() > capacity) {
      forgottenUpTo = history.removeFirst().resourceVersion();
    }
    latency.fanOut(watches, this::isOpen, watch -> {
      if (watch.wants(change)) {
        watch.sink().send(type, change.object().get());
      }
    });
  }

  private synchronized boolean isOpen(Watch watch) {
    return watches.contains(watch);
  }

  /**
   * Starts a watch: the objects given (a list taken just before, sent as ADDED), then every change after the
   * resourceVersion, then changes as they happen. False when that resourceVersion is older than the history.
   */
  synchronized boolean start(Watch watch, long afterVersion, List<JsonNode> initial) {
    if (afterVersion < forgottenUpTo) {
      return false;
    }
    initial.forEach(object -> watch.sink().send("ADDED", object));
    for (Change change : history) {
      if (change.resourceVersion() > afterVersion && watch.wants(change)) {
        watch.sink().send(change.type(), change.object().get());
      }
    }
    watches.add(watch);
    return true;
  }

  synchronized void stop(Watch watch) {
    watches.remove(watch);
  }

  synchronized int watching() {
    return watches.size();
  }

  static long parseVersion(String text) {
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Serialized once, when a watch first needs it: with nobody watching a change costs no JSON work. */
  private static Supplier<JsonNode> memoized(Object object) {
    return new Supplier<>() {
      private JsonNode json;

      @Override
      public synchronized JsonNode get() {
        if (json == null) {
          json = object instanceof JsonNode node ? node : SERIALIZATION.convertValue(object, JsonNode.class);
        }
        return json;
      }
    };
  }
}
