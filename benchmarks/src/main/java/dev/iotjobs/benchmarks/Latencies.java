package dev.iotjobs.benchmarks;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of a set of durations (nearest rank), in milliseconds. */
record Latencies(int count, double p50Ms, double p99Ms, double maxMs) {
  static Latencies ofNanos(Collection<Long> nanos) {
    if (nanos.isEmpty()) {
      throw new IllegalStateException("no samples");
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Latencies(sorted.length, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
