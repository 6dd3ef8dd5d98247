package dev.iotjobs.embedded;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the embedded API has served: successful writes by resource and verb ("jobexecutions/status PUT"), which the
 * benchmark divides by the executions it ran; reads and refused writes beside them; and the time spent on writes.
 */
public final class ApiWrites {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> others = new ConcurrentHashMap<>();
  private final LongAdder busyNanos = new LongAdder();

  /** Writes are served one at a time: the time spent serving them, against the time elapsed, says how busy it was. */
  void busy(long nanos) {
    busyNanos.add(nanos);
  }

  public double busySeconds() {
    return busyNanos.sum() / 1e9;
  }

  void record(String method, String path, int code) {
    boolean write = !"GET".equals(method);
    boolean served = code >= 200 && code < 300;
    if (write && served) {
      counts.computeIfAbsent(resourceOf(path) + " " + method, k -> new LongAdder()).increment();
    } else if (!path.contains("watch=true")) {
      String key = resourceOf(path) + " " + method + (served ? "" : " " + code);
      others.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  /** What else the API was asked meanwhile: reads (watches aside) and refused writes, with their status code. */
  public Map<String, Long> readsAndRefusals() {
    Map<String, Long> copy = new TreeMap<>();
    others.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** {@code /apis/g/v/namespaces/ns/plural/name/status} → {@code plural/status}; {@code .../plural} → {@code plural}. */
  static String resourceOf(String path) {
    String[] parts = ResourcePath.withoutQuery(path).split("/");
    int plural = "apis".equals(parts.length > 1 ? parts[1] : "") ? 4 : 3;
    if (parts.length > plural && "namespaces".equals(parts[plural]) && parts.length > plural + 2) {
      plural += 2;
    }
    if (parts.length <= plural) {
      return path;
    }
    return parts.length > plural + 2 ? parts[plural] + "/" + parts[plural + 2] : parts[plural];
  }

  /** The counts so far, sorted by key. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** Writes of one resource ("jobexecutions", "jobexecutions/status", ...) by any verb. */
  public long of(String resource) {
    return snapshot().entrySet().stream().filter(e -> e.getKey().startsWith(resource + " "))
        .mapToLong(Map.Entry::getValue).sum();
  }

  public long total() {
    return snapshot().values().stream().mapToLong(Long::longValue).sum();
  }

  public void reset() {
    counts.clear();
    others.clear();
    busyNanos.reset();
  }
}
